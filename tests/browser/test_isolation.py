"""Two users at once on one server (two browser contexts, as two students' laptops): training,
settings, link warnings and uploads in one never appear in the other.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from shallownet.upload import template_csv
from tests.browser.conftest import assert_no_exception, screenshot, set_play, set_speed, shown_iteration, wait_ready


def iteration(pg) -> int:
    return shown_iteration(pg)


def query_of(pg) -> dict[str, str]:
    query = pg.url.split("?", 1)[1] if "?" in pg.url else ""
    return dict(part.split("=", 1) for part in query.split("&") if "=" in part)


def main_text(pg) -> str:
    return pg.locator("[data-testid='stMain']").inner_text()


def go(pg, url: str, path: str, query: str = "") -> None:
    pg.goto(f"{url}/{path}{'?' + query if query else ''}")
    wait_ready(pg, 60_000)
    assert_no_exception(pg)


def nav(pg, title: str) -> None:
    pg.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
    wait_ready(pg, 60_000)
    assert_no_exception(pg)


@pytest.fixture
def two_users(browser):
    """Two independent browser contexts: own cookies, own websocket, own Streamlit session."""
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    pages = [c.new_page() for c in contexts]
    for pg in pages:
        pg.set_default_timeout(30_000)
    yield pages
    for c in contexts:
        c.close()


def test_training_and_settings_stay_in_their_session(two_users, server_url):
    alice, bob = two_users
    go(alice, server_url, "training", "h=6&lr=0.3&g=relu&bogus=1")
    go(bob, server_url, "training")

    alice.get_by_role("button", name="×100").click()
    wait_ready(alice)
    assert iteration(alice) == 100
    bob.get_by_role("button", name="×10", exact=True).click()
    wait_ready(bob)
    assert iteration(bob) == 10, "Bob's network did not move with Alice's"

    # Alice's link settings and its warning are hers alone
    assert query_of(alice)["h"] == "6" and query_of(alice)["lr"] == "0.3" and query_of(alice)["g"] == "relu"
    assert query_of(bob)["h"] == "4" and query_of(bob)["lr"] == "1.2" and query_of(bob)["g"] == "tanh"
    assert "Unknown link parameter 'bogus'" in main_text(alice)
    assert "Unknown link parameter" not in main_text(bob)
    assert "n_h = 6" in main_text(alice) and "n_h = 4" in main_text(bob)

    # a sidebar change in one session only
    box = bob.locator("[data-testid='stSidebar']").get_by_role("spinbutton", name="Learning rate α")
    box.fill("0.05")
    box.press("Enter")
    bob.wait_for_function("() => location.search.includes('lr=0.05')", timeout=15_000)
    wait_ready(bob)
    alice.get_by_role("button", name="Step", exact=True).click()
    wait_ready(alice)
    assert iteration(alice) == 101 and query_of(alice)["lr"] == "0.3"
    bob.get_by_role("button", name="Step", exact=True).click()
    wait_ready(bob)
    assert iteration(bob) == 11, "changing α keeps Bob's own run going"


def test_playing_at_once_keeps_each_count(two_users, server_url):
    """Both play at the same time, at different speeds: each count moves in its own frames."""
    alice, bob = two_users
    go(alice, server_url, "training")
    go(bob, server_url, "training")
    set_speed(alice, 50)  # 50 steps per frame
    set_speed(bob, 1)  # 1 step per frame
    for pg in (alice, bob):
        set_play(pg, True)
    deadline = time.monotonic() + 20
    while iteration(alice) < 200 and time.monotonic() < deadline:
        alice.wait_for_timeout(500)
    for pg in (alice, bob):
        set_play(pg, False)
        wait_ready(pg)
    a, b = iteration(alice), iteration(bob)
    assert a >= 200 and a % 50 == 0, a
    assert 0 < b < a / 5, f"Bob plays 1 step per frame: {b} against Alice's {a}"
    screenshot(bob, "isolation-bob-training")


def test_an_upload_stays_in_its_session(two_users, server_url):
    alice, bob = two_users
    go(alice, server_url, "experiments")
    go(bob, server_url, "data")
    alice.get_by_role("tab", name="Your data").click()
    wait_ready(alice)
    alice.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(
        files=[{"name": "alice.csv", "mimeType": "text/csv", "buffer": template_csv(n_samples=120)}])
    expect(alice.get_by_text("Using your data — 'alice.csv', 120 rows")).to_be_visible(timeout=30_000)
    wait_ready(alice)
    nav(alice, "Data")
    assert "Uploaded data" in main_text(alice) and "120 examples" in main_text(alice)

    bob.reload()
    wait_ready(bob, 60_000)
    nav(bob, "Data")
    text = main_text(bob)
    assert "Uploaded data" not in text and "alice.csv" not in text
    assert "400 examples" in text, "Bob still sees the toy data of his own settings"
    nav(bob, "Experiments")
    bob.get_by_role("tab", name="Your data").click()
    wait_ready(bob)
    assert "Data in use: the toy data set moons" in main_text(bob)
    screenshot(alice, "isolation-alice-upload")
