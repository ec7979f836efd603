"""End to end: the real app in headless Chromium. Every page of the registry opens without
an error and draws its charts; links carry their configuration; bad link values warn.

Screenshots of every page land in artifacts/screenshots/<page>.png.
"""

from __future__ import annotations

import re

import pytest

from shallownet.ui.pages_registry import PAGES
from tests.browser.conftest import assert_no_exception, open_page, running_app, screenshot, wait_ready

AVAILABLE = PAGES
GUARD_MESSAGE = "Something went wrong while drawing this page"


def expect(target):
    """Playwright's retrying assertions, imported late: without Playwright these tests skip
    (see conftest) instead of failing at import."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def main_text(pg) -> str:
    return pg.locator("[data-testid='stMain']").inner_text()


def alerts(pg) -> list[str]:
    return pg.locator("[data-testid='stMain'] [data-testid='stAlert']").all_inner_texts()


def query_of(pg) -> dict[str, str]:
    query = pg.url.split("?", 1)[1] if "?" in pg.url else ""
    return dict(part.split("=", 1) for part in query.split("&") if "=" in part)


def nav_titles(pg) -> list[str]:
    """Titles of the sidebar navigation links, top to bottom."""
    return pg.locator("[data-testid='stSidebarNavLink'] [data-testid='stMarkdownContainer']").all_inner_texts()


@pytest.mark.parametrize("entry", AVAILABLE, ids=[p.name for p in AVAILABLE])
def test_page_opens_and_draws(page, server_url, entry):
    open_page(page, server_url, entry.url_path)
    assert_no_exception(page)
    assert GUARD_MESSAGE not in main_text(page)
    # the page runs inside the shell: settings sidebar present, URL mirrors them
    assert page.get_by_text("Hidden units n_h").count() >= 1
    assert query_of(page).get("h") == "4"
    if entry.name == "experiments":  # trains nothing until asked
        expect(page.get_by_role("button", name="Run sweep")).to_be_visible()
    elif entry.section == "Reference":  # text pages: their equations are typeset
        page.wait_for_selector("[data-testid='stMain'] .katex", state="attached", timeout=10_000)
    elif entry.url_path:  # every other page but Home shows at least one drawn Plotly chart (plain or live)
        page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot .main-svg", state="attached", timeout=10_000)
    screenshot(page, entry.name)


def test_navigation_lists_the_available_pages_in_order(page, server_url):
    open_page(page, server_url)
    assert nav_titles(page) == [p.title for p in AVAILABLE]


def test_query_string_opens_its_configuration(page, server_url):
    open_page(page, server_url, "data", "data=circles&m=200&dseed=5&h=6&lr=0.3")
    assert_no_exception(page)
    assert alerts(page) == []
    query = query_of(page)
    assert {k: query[k] for k in ("data", "m", "dseed", "h", "lr")} == {
        "data": "circles", "m": "200", "dseed": "5", "h": "6", "lr": "0.3"}
    expect(page.get_by_role("combobox", name="Dataset")).to_have_value("circles")
    main = page.locator("[data-testid='stMain']")
    for text in ("Circles", "200 examples", "150 for training"):
        expect(main).to_contain_text(text)


def test_invalid_query_value_shows_a_warning(page, server_url):
    open_page(page, server_url, "data", "h=abc&data=iris")
    assert_no_exception(page)
    warnings = alerts(page)
    assert any("h='abc'" in w and "using the default 4" in w for w in warnings), warnings
    assert any("data='iris'" in w and "using the default moons" in w for w in warnings), warnings
    assert query_of(page)["h"] == "4" and query_of(page)["data"] == "moons"
    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator("[data-testid='stMain'] [data-testid='stAlert']")).to_have_count(0)


def test_switching_pages_keeps_the_url_in_sync(page, server_url):
    open_page(page, server_url, "data", "m=100&h=5")
    page.get_by_role("button", name="Draw new data").click()
    expect(page).to_have_url(re.compile(r"dseed=(?!0&)\d+"))
    wait_ready(page)
    seed = query_of(page)["dseed"]
    page.locator("[data-testid='stSidebarNav'] a", has_text="Home").click()
    expect(page).to_have_url(re.compile(r"/\?.*m=100"))
    wait_ready(page)
    assert {k: query_of(page)[k] for k in ("m", "h", "dseed")} == {"m": "100", "h": "5", "dseed": seed}
    expect(page.locator("[data-testid='stMain']")).to_contain_text("5 hidden units")
    page.locator("[data-testid='stMain'] a", has_text="Data").first.click()  # Home's page link
    expect(page).to_have_url(re.compile(r"/data\?"))
    wait_ready(page)
    assert {k: query_of(page)[k] for k in ("m", "h", "dseed")} == {"m": "100", "h": "5", "dseed": seed}
    expect(page.locator("[data-testid='stMain']")).to_contain_text("100 examples")


def test_a_shared_page_link_works_as_the_first_request_of_a_fresh_server(page):
    """A fresh server (e.g. a hosted app waking up) whose first visitor opens a page link."""
    with running_app("streamlit-fresh.log") as url:
        open_page(page, url, "data", "h=7&dseed=3")
        expect(page.get_by_text("Hidden units n_h")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/data\?data=moons.*&dseed=3&h=7"))
        assert_no_exception(page)
        assert "Data" in nav_titles(page) and "Home" in nav_titles(page)


def test_landscape_opens_wide_relu_on_spirals(page, server_url):
    open_page(page, server_url, "landscape", "data=spiral&h=20&g=relu")
    assert_no_exception(page)
    assert GUARD_MESSAGE not in main_text(page)
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot .main-svg", state="attached", timeout=10_000)
    expect(page.get_by_text("P = 81 parameters")).to_be_visible()
    screenshot(page, "landscape-spiral")


def builds_loaded(pg) -> list[str]:
    """The plotly.js builds the live views loaded in this browser tab, in order."""
    return pg.evaluate("""() => Array.from(document.querySelectorAll('head script[src*="plotly"]'))
        .map((s) => s.src.includes('cartesian') ? 'small' : 'full')""")


def test_2d_pages_load_the_small_plotly_build_and_the_3d_page_adds_the_full_one(page, server_url):
    """Training needs only the cartesian build; going on to the landscape page in the same tab
    loads the full build for its surface, and back on Training the charts still draw."""
    open_page(page, server_url, "training")
    page.wait_for_selector("[data-testid='stMain'] .sn-plot .main-svg", state="attached", timeout=10_000)
    assert builds_loaded(page) == ["small"]
    page.locator("[data-testid='stSidebarNavLink']", has_text="Loss landscape").click()
    wait_ready(page)
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot .gl-container", state="attached", timeout=20_000)
    assert builds_loaded(page) == ["small", "full"]
    assert_no_exception(page)
    page.locator("[data-testid='stSidebarNavLink']", has_text="Training").click()
    wait_ready(page)
    page.wait_for_selector("[data-testid='stMain'] .sn-plot .main-svg", state="attached", timeout=10_000)
    assert builds_loaded(page) == ["small", "full"]
    assert page.locator("[data-testid='stMain'] .sn-plot .main-svg").count() >= 2
