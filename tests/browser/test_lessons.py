"""Lesson links in a real browser, in one context: every hide and lock flag takes effect on every
page, a locked setting cannot be changed, a hidden page says so, the Share box's QR code decodes to
the full link, and ``it=600`` shows iteration 600 with the same cost as training there by hand."""

from __future__ import annotations

import io

import pytest

from shallownet.ui.pages_registry import PAGES
from tests.browser.conftest import assert_no_exception, open_page, screenshot, shown_iteration, wait_ready

LESSON = "hide=lr,noise,page:experiments,tab:zero-start&lock=h,data&h=5&it=600"
HIDDEN_PAGE = "experiments"


def stat(pg, label: str) -> str:
    return pg.locator(f".sn-stat[data-stat='{label}'] .sn-stat-value").first.inner_text()


def sidebar(pg):
    return pg.locator("[data-testid='stSidebar']")


def open_share(pg) -> None:
    sidebar(pg).locator("[data-testid='stExpander']").filter(has_text="Share this configuration") \
        .locator("summary").click()
    wait_ready(pg)


def share_link(pg) -> str:
    return sidebar(pg).locator("[data-testid='stCode']").inner_text().replace("\n", "")


def locked_slider(pg):
    """The n_h slider of the sidebar (the first slider there)."""
    return sidebar(pg).locator("[data-testid='stSlider'] [role='group']").first


def assert_lesson_holds(pg, where: str) -> None:
    """The flags of LESSON, as this page shows them."""
    side = sidebar(pg)
    assert_no_exception(pg)
    assert side.get_by_text("Learning rate α", exact=True).count() == 0, where  # hide=lr
    nav = pg.locator("[data-testid='stSidebarNav']")
    assert nav.get_by_text("Experiments", exact=True).count() == 0, where  # hide=page:experiments
    assert side.locator("[data-testid='stSelectbox']").first.locator("input").is_disabled(), where  # lock=data
    assert locked_slider(pg).get_attribute("data-disabled") == "true", where  # lock=h
    assert "hide=lr" in pg.url.replace("%2C", ",") and "lock=h" in pg.url.replace("%2C", ","), where


def test_a_lesson_link_hides_and_locks_on_every_page(page, server_url):
    pg = page
    open_page(pg, server_url, "", LESSON)
    for entry in PAGES:
        if entry.name == HIDDEN_PAGE:
            continue
        pg.locator("[data-testid='stSidebarNav'] a").filter(has_text=entry.title).first.click()
        wait_ready(pg)
        assert_lesson_holds(pg, entry.name)
        if entry.name == "gradients":  # hide=tab:zero-start
            tabs = pg.get_by_role("tab").all_inner_texts()
            assert "Initial scale" in tabs and "Zero start" not in tabs, tabs
        if entry.name == "shapes":  # the page's own n_h buttons obey the lock too
            assert pg.get_by_role("button", name="n_h + 1").is_disabled()
    # a locked slider does not move: focus it and press the arrow keys
    thumb = sidebar(pg).locator("[data-testid='stSlider'] input").first
    thumb.focus()
    pg.keyboard.press("ArrowRight")
    pg.keyboard.press("ArrowRight")
    wait_ready(pg)
    assert thumb.input_value() == "5" and "&h=5&" in pg.url
    # the hidden page, opened directly, says so and links Home
    open_page(pg, server_url, HIDDEN_PAGE, LESSON)
    assert pg.get_by_text("Your teacher's link hides this page in this lesson.").count() == 1
    assert pg.get_by_role("link", name="Go to Home").count() == 1
    screenshot(pg, "lesson-hidden-page")


def test_the_qr_code_decodes_to_the_full_link_and_it_600_matches_training_by_hand(page, server_url):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    pg = page
    open_page(pg, server_url, "training", "h=5&it=600")
    assert shown_iteration(pg) == 600
    linked_cost = stat(pg, "Train cost J")
    open_share(pg)
    full = share_link(pg)
    assert full.startswith(f"{server_url}/training?data=moons") and full.endswith("&it=600"), full
    shot = sidebar(pg).locator("[data-testid='stImage'] img").first.screenshot()
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert code.text == full
    screenshot(pg, "lesson-share-box")
    # the same network by hand, in a fresh session of the same settings
    open_page(pg, server_url, "training", "h=5")
    assert shown_iteration(pg) == 0 and "&it=" not in pg.url
    box = pg.locator(".st-key-train-target input")
    box.fill("600")
    box.press("Enter")
    wait_ready(pg)
    pg.get_by_role("button", name="Train to", exact=True).click()
    wait_ready(pg)
    assert shown_iteration(pg) == 600 and stat(pg, "Train cost J") == linked_cost
    assert "&it=600" in pg.url  # and a reload keeps the run
    pg.reload()
    wait_ready(pg)
    assert shown_iteration(pg) == 600 and stat(pg, "Train cost J") == linked_cost
    # the open Share box follows a step (the step reruns only the Training page's controls)
    open_share(pg)
    pg.get_by_role("button", name="×10", exact=True).click()
    wait_ready(pg)
    assert shown_iteration(pg) == 610 and "&it=610" in pg.url
    assert share_link(pg).endswith("&it=610")
