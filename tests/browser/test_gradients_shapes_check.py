"""The Gradients, Shapes and Gradient-check pages in the real app: they draw, their controls
work, the Gradients charts change in place (never blank), the shapes diagram glides to new
sizes, and each page leaves a full-length screenshot (artifacts/screenshots/gradients.png,
shapes.png, gradient_check.png)."""

from __future__ import annotations

from tests.browser.conftest import assert_no_exception, open_page, screenshot, wait_ready

# the Shapes page's SVG lives in the component's shadow root
FIND_Z1 = """() => {
    for (const host of document.querySelectorAll('*')) {
        const svg = host.shadowRoot && host.shadowRoot.querySelector('svg.blocks');
        if (svg) return svg.querySelector('g.tensor[data-name="Z1"] rect');
    }
    return null;
}"""


def charts_drawn(pg, at_least: int) -> None:
    """Wait until at least ``at_least`` Plotly charts (plain or live views) have drawn their SVG."""
    pg.wait_for_function(
        "(n) => [...document.querySelectorAll('[data-testid=\"stMain\"] .js-plotly-plot')]"
        ".filter((d) => d.querySelector('.main-svg')).length >= n",
        arg=at_least, timeout=60_000)


# every 50 ms: how many plots of the live views are drawn
START_DRAWN_SAMPLER = """() => {
    window.__drawn = [];
    window.__drawnTimer = setInterval(() => {
        const plots = [...document.querySelectorAll('.stBidiComponent .js-plotly-plot')];
        window.__drawn.push(plots.filter((d) => {
            const r = d.getBoundingClientRect();
            return d.querySelector('.main-svg') && r.width > 0 && r.height > 0;
        }).length);
    }, 50);
}"""


def full_screenshot(pg, name: str) -> None:
    """Grow the viewport to the page's content (the app scrolls inside its own container,
    so a plain full-page screenshot would stop at the window)."""
    height = pg.evaluate("() => document.querySelector(\"[data-testid='stMainBlockContainer']\").scrollHeight")
    pg.set_viewport_size({"width": 1400, "height": min(int(height) + 160, 12_000)})
    pg.wait_for_timeout(1500)  # charts resize to the new window
    screenshot(pg, name)


def choose(pg, key_class: str, option: str) -> None:
    pg.locator(f".{key_class}").get_by_role("combobox").first.click()
    pg.get_by_role("option", name=option).click()
    wait_ready(pg)


def test_gradients_page_trains_and_compares(page, server_url):
    open_page(page, server_url, "gradients")
    assert_no_exception(page)
    page.get_by_role("button", name="Train 300 steps").click()
    wait_ready(page)
    assert_no_exception(page)
    main = page.locator("[data-testid='stMain']")
    assert "At iteration 300" in main.inner_text()
    assert "not been trained yet" not in main.inner_text()
    charts_drawn(page, 2)  # only the open tab runs
    # training more and the log toggle change both live charts in place: neither goes blank
    page.evaluate(START_DRAWN_SAMPLER)
    page.get_by_role("button", name="Train 300 more steps").click()
    wait_ready(page)
    refused = page.evaluate("() => document.documentElement.dataset.snRefused || '0'")
    main.get_by_text("At iteration 600", exact=False).first.wait_for(timeout=30_000)  # a loaded machine
    assert refused == "0", f"the click guard refused {refused} click(s)"
    page.locator(".st-key-grad-log").get_by_text("Log scale").click()
    wait_ready(page)
    drawn = page.evaluate("() => { clearInterval(window.__drawnTimer); return window.__drawn; }")
    assert len(drawn) >= 10 and set(drawn) == {2}, drawn
    full_screenshot(page, "gradients")
    for tab, n_charts in (("Activations", 2), ("Initial scale", 4), ("Zero start", 1)):
        page.get_by_role("tab", name=tab).click()
        wait_ready(page)
        assert_no_exception(page)
        charts_drawn(page, n_charts)
    full_screenshot(page, "gradients-zero-start")


def test_shapes_page_diagram_glides_to_a_new_size(page, server_url):
    open_page(page, server_url, "shapes")
    assert_no_exception(page)
    page.wait_for_function(f"() => !!({FIND_Z1})()")
    rects = page.evaluate("""() => { for (const h of document.querySelectorAll('*')) {
        const s = h.shadowRoot && h.shadowRoot.querySelector('svg.blocks');
        if (s) return s.querySelectorAll('rect').length; } return 0; }""")
    assert rects == 16
    # sample Z1's drawn height on every animation frame while n_h goes from 4 to 5
    page.evaluate(f"""() => {{ window.__z1 = []; const find = {FIND_Z1};
        const tick = () => {{ const r = find(); if (r) window.__z1.push(r.getBoundingClientRect().height);
                              if (window.__z1.length < 600) requestAnimationFrame(tick); }}; tick(); }}""")
    page.get_by_role("button", name="n_h + 1").click()
    wait_ready(page)
    page.wait_for_timeout(800)
    heights = page.evaluate("() => window.__z1")
    start, end = 4 ** 0.5 * 14, 5 ** 0.5 * 14  # √n_h · 14 px
    assert abs(heights[0] - start) < 0.5 and abs(heights[-1] - end) < 0.5, (heights[0], heights[-1])
    # a jump has no frame in between; a 500 ms glide has several (fewer on a busy machine)
    between = [h for h in heights if start + 0.3 < h < end - 0.3]
    assert between, "the rectangle jumped instead of gliding"
    assert_no_exception(page)
    assert "(5, 300)" in page.locator("[data-testid='stMain']").inner_text()
    full_screenshot(page, "shapes")


def test_gradient_check_catches_a_planted_bug(page, server_url):
    open_page(page, server_url, "gradient_check")
    assert_no_exception(page)
    main = page.locator("[data-testid='stMain']")
    assert "The correct backward passes" in main.inner_text()
    page.get_by_text("a fresh random start").click()
    wait_ready(page)
    choose(page, "st-key-check-bug", "dropping keepdims")
    assert_no_exception(page)
    text = main.inner_text()
    assert "Caught." in text and "shape mismatch" in text
    charts_drawn(page, 2)
    full_screenshot(page, "gradient_check")
