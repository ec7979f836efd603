"""The Mini-batch page in Chromium at a second configuration (the defaults are covered by
test_pages.py): spiral data, 20 ReLU units. It opens without an exception and draws its charts
and equations; the screenshot lands in artifacts/screenshots/minibatch-spiral.png."""

from __future__ import annotations

from tests.browser.conftest import assert_no_exception, open_page, screenshot


def test_minibatch_page_on_spiral_relu(page, server_url):
    open_page(page, server_url, "minibatch", "data=spiral&h=20&g=relu")
    assert_no_exception(page)
    main = page.locator("[data-testid='stMain']")
    page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot .main-svg", state="attached", timeout=10_000)
    page.wait_for_selector("[data-testid='stMain'] .katex", state="attached", timeout=10_000)
    assert main.locator(".js-plotly-plot").count() == 4
    text = main.inner_text()
    assert "Steps per epoch" in text and "measured on this server" in text
    screenshot(page, "minibatch-spiral")
