"""Forward and Backward pages in headless Chromium: Next changes the equation and the graph's
frame, the graph's own Play animates it, the page's Play toggle steps the phases on a timer.

Screenshots: artifacts/screenshots/forward_*.png and backward_*.png.
"""

from __future__ import annotations

from tests.browser.conftest import assert_no_exception, open_page, screenshot, wait_ready

TALL = {"width": 1400, "height": 2900}  # Streamlit scrolls inside the page: a tall viewport shows it all


def equation(pg) -> str:
    """The phase's equation: the first display formula of the page."""
    return pg.locator("[data-testid='stMain'] .katex-display").first.inner_text()


def graph_title(pg) -> str:
    return pg.locator("[data-testid='stPlotlyChart'] .gtitle").first.text_content()


def phase_label(pg) -> str:
    return pg.locator("[data-testid='stMain'] [data-testid='stSliderThumbValue']").first.inner_text()


def wait_for_graph(pg) -> None:
    pg.wait_for_selector("[data-testid='stPlotlyChart'] .gtitle")
    pg.wait_for_timeout(400)


def tall_screenshot(pg, name: str) -> None:
    size = pg.viewport_size
    pg.set_viewport_size(TALL)
    pg.wait_for_timeout(800)  # charts re-layout to the new size
    screenshot(pg, name)
    pg.set_viewport_size(size)


def click_next(pg) -> None:
    pg.get_by_role("button", name="Next ▶").click()
    wait_ready(pg)
    wait_for_graph(pg)


def test_next_changes_the_equation_and_the_graphs_frame(page, server_url):
    open_page(page, server_url, "forward")
    wait_for_graph(page)
    assert_no_exception(page)
    assert "phase 1 of 12" in graph_title(page)
    first = equation(page)
    assert "4×300" in first.replace("\n", "").replace(" ", "") or "300" in first
    tall_screenshot(page, "forward_Z1")
    click_next(page)
    assert equation(page) != first
    assert "phase 2 of 12" in graph_title(page)
    click_next(page)
    assert "phase 3 of 12" in graph_title(page)
    assert_no_exception(page)
    tall_screenshot(page, "forward_Z2")


def test_the_graphs_play_button_animates_the_phases(page, server_url):
    open_page(page, server_url, "forward")
    wait_for_graph(page)
    before = graph_title(page)
    page.locator("[data-testid='stPlotlyChart'] .updatemenu-button").first.click()
    page.wait_for_function(
        """(before) => {
            const t = document.querySelector("[data-testid='stPlotlyChart'] .gtitle");
            return t && t.textContent !== before;
        }""",
        arg=before, timeout=15_000,
    )
    assert "phase 1 of 12" not in graph_title(page)


def test_the_play_toggle_steps_through_the_phases(page, server_url):
    open_page(page, server_url, "backward")
    wait_for_graph(page)
    start, title = phase_label(page), graph_title(page)
    assert "dZ²" in start
    page.get_by_text("Play: step through the phases by themselves").click()
    page.wait_for_function(
        """(start) => {
            const v = document.querySelector("[data-testid='stMain'] [data-testid='stSliderThumbValue']");
            return v && v.innerText !== start && !v.innerText.includes('dW²');
        }""",
        arg=start, timeout=30_000,
    )  # at least two ticks of the timer: past dW² (the first tick happens on toggling)
    wait_for_graph(page)
    assert graph_title(page) != title
    page.get_by_text("Play: step through the phases by themselves").click()
    wait_ready(page)
    assert_no_exception(page)


def test_backward_phases_render(page, server_url):
    open_page(page, server_url, "backward")
    wait_for_graph(page)
    for _ in range(3):
        click_next(page)
    assert "phase 9 of 12" in graph_title(page)
    assert "Note on the lecture notes" in page.locator("[data-testid='stMain']").inner_text()
    assert_no_exception(page)
    tall_screenshot(page, "backward_dZ1")
    for _ in range(3):
        click_next(page)
    assert "phase 12 of 12" in graph_title(page)
    assert_no_exception(page)
    tall_screenshot(page, "backward_update")


def test_the_other_tabs_draw_and_the_phase_survives_a_visit_to_them(page, server_url):
    open_page(page, server_url, "backward")
    wait_for_graph(page)
    click_next(page)
    assert "phase 7 of 12" in graph_title(page)  # backward starts at phase 6 (dZ2)
    page.get_by_role("tab", name="One example's path").click()
    wait_ready(page)
    assert_no_exception(page)
    main = page.locator("[data-testid='stMain']")
    array = " ".join(main.locator(".katex-display").first.inner_text().split())  # KaTeX spaces its words
    assert "One example i" in array and "stacked in columns" in array  # the side-by-side array
    tall_screenshot(page, "backward_example")
    page.get_by_role("tab", name="Logistic regression: one neuron").click()
    wait_ready(page)
    assert_no_exception(page)
    assert "Backward through the chain rule" in main.inner_text()
    page.get_by_role("tab", name="Phase by phase").click()
    wait_ready(page)
    wait_for_graph(page)
    assert "phase 7 of 12" in graph_title(page)  # where the student left it
