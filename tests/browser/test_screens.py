"""The projector and the phone: on Training, Forward and Backward the main chart's plot area is on
the first screen (1280×720, and 150 % zoom emulated as an 853×480 CSS viewport, sidebar collapsed),
Training's also in its other views (discretised output, presentation mode), and at 390×844 no two
runs of text overlap on any page of the registry.

Screenshots: artifacts/screenshots/projector-<page>-<size>.png and phone-<page>.png.
"""

from __future__ import annotations

import pytest

from shallownet.ui.pages_registry import PAGES
from tests.browser.conftest import SCREENSHOTS, assert_no_exception, open_page, screenshot, wait_ready
from tests.browser.layout_check import PLOT_AREA_JS, TEXT_BOXES_JS, overlaps

# the main chart of each page: the live boundary on Training, the computation graph on Forward and
# Backward (which open on their phase stepper)
MAIN_CHART = {"training": ".sn-plot[data-view='boundary']", "forward": ".sn-plot[data-view='main']",
              "backward": ".sn-plot[data-view='main']"}
SCREENS = {"1280x720": ((1280, 720), (480, 300)), "150pc": ((853, 480), None)}  # (viewport, least plot px)
# (page, query) opened at each screen: Training's boundary is narrowest with presentation mode's
# larger tick labels, and its colour bar differs with the discretised output
VIEWS = {"1280x720": [("training", ""), ("training", "present=1"), ("training", "discrete=1"),
                      ("forward", ""), ("backward", "")],
         "150pc": [("training", ""), ("training", "discrete=1&present=1"), ("forward", ""), ("backward", "")]}


def collapse_sidebar(pg) -> None:
    """Close the sidebar the way a lecturer does (its button shows while the pointer is over it)."""
    if pg.get_attribute("[data-testid='stSidebar']", "data-collapsed") == "true":
        return  # still closed from the page before
    pg.hover("[data-testid='stSidebar']")
    pg.locator("[data-testid='stSidebarCollapseButton'] button").click()
    pg.wait_for_selector("[data-testid='stSidebar'][data-collapsed='true']", state="attached")


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_main_chart_is_on_the_first_screen(browser, server_url, screen):
    (w, h), least = SCREENS[screen]
    context = browser.new_context(viewport={"width": w, "height": h})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    try:
        for path, query in VIEWS[screen]:
            selector, name = MAIN_CHART[path], "-".join(filter(None, (path, query.replace("&", "-").replace("=", ""))))
            open_page(pg, server_url, path, query)
            assert_no_exception(pg)
            collapse_sidebar(pg)
            # Plotly follows the wider main area (no fixed wait: until the plot area has grown)
            pg.wait_for_function("""([sel, w]) => { const d = document.querySelector(sel + ' .nsewdrag');
                return d && document.querySelector("[data-testid='stMain']").getBoundingClientRect().width > w - 40
                    && d.getBoundingClientRect().width > 0; }""", arg=[selector, w], polling=100)
            pg.wait_for_timeout(300)  # Plotly's resize is debounced
            area = pg.evaluate(PLOT_AREA_JS, selector)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(SCREENSHOTS / f"projector-{name}-{screen}.png"))  # the first screen only
            assert area is not None, f"{name}: no plot area"
            inside = (area["left"] >= 0 and area["top"] >= 0 and area["right"] <= area["innerWidth"]
                      and area["bottom"] <= area["innerHeight"])
            assert inside, f"{name} at {screen}: the plot area {area} leaves the first screen"
            if least:
                assert area["width"] >= least[0] and area["height"] >= least[1], f"{name} at {screen}: {area}"
    finally:
        context.close()


# the tabs after a page's first, each opened on the phone too (a tab runs only while open), and
# a button pressed there first: the sweep's small multiples and the Initial scale tab's histograms
# overprinted on a phone while the pages' first tabs were clean
PHONE_TABS = {"gradients": (("Activations", None), ("Initial scale", None), ("Zero start", None)),
              "experiments": (("Hidden-layer size", "Run sweep"), ("Learning rate", "Run sweep"),
                              ("Baseline", None))}


def _phone_problems(pg) -> list:
    """Overlapping runs of text, and any Plotly toolbar shown (a touch screen shows it all the
    time; on a phone it sat on chart titles)."""
    found = [(a["text"], a["where"], b["text"], b["where"]) for a, b in overlaps(pg.evaluate(TEXT_BOXES_JS))[:5]]
    bars = pg.locator(".js-plotly-plot .modebar-container:visible").count()
    return found + ([f"{bars} Plotly toolbar(s) shown"] if bars else [])


def test_no_text_overlaps_on_a_phone(browser, server_url):
    """Every page of the registry once, and the later tabs of two pages, in one phone-sized context."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    found = {}
    try:
        for page in PAGES:
            open_page(pg, server_url, page.url_path)
            boxes = pg.evaluate(TEXT_BOXES_JS)
            assert len(boxes) > 10, f"{page.name}: only {len(boxes)} text boxes found"
            found[page.name] = _phone_problems(pg)
            screenshot(pg, f"phone-{page.name}")
            for tab, button in PHONE_TABS.get(page.name, ()):
                pg.get_by_role("tab", name=tab).click()
                wait_ready(pg)
                if button:
                    pg.get_by_role("button", name=button).first.click()
                    wait_ready(pg)
                found[f"{page.name}/{tab}"] = _phone_problems(pg)
                screenshot(pg, f"phone-{page.name}-{tab.lower().replace(' ', '-')}")
    finally:
        context.close()
    found = {where: what for where, what in found.items() if what}
    assert not found, f"overlapping text or a shown toolbar at 390×844: {found}"
