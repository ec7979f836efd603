"""Rapid clicks on a training button: a burst in one browser tick used to be merged into one
click without a word (twenty ×100 clicks trained 100 steps). Now the first click counts and the
rest are visibly refused while it runs (shallownet/ui/busy_guard.py); the next click after the
page has updated counts again."""

from __future__ import annotations

from tests.browser.conftest import assert_no_exception, open_page, screenshot, shown_iteration, wait_ready

BURST = """(n) => {
    const b = document.querySelector('.st-key-train-step100 button');
    for (let i = 0; i < n; i++) b.click();   // one tick: nothing reaches the server in between
    return [document.documentElement.classList.contains('sn-busy'), b.getAttribute('title'),
            Number(document.documentElement.dataset.snRefused || 0)];
}"""


def test_a_burst_of_clicks_is_refused_visibly_not_merged(page, server_url):
    open_page(page, server_url, "training")
    busy, title, refused = page.evaluate(BURST, 20)
    assert busy and "not taken" in title and refused == 19
    screenshot(page, "rapid-clicks-busy")
    wait_ready(page)
    assert shown_iteration(page) == 100  # the one click that was taken, and it was answered
    assert not page.evaluate("() => document.documentElement.classList.contains('sn-busy')")
    page.get_by_role("button", name="×100").click()  # once the page has updated, a click counts again
    wait_ready(page)
    assert shown_iteration(page) == 200
    assert_no_exception(page)
