"""The Experiments page in a real browser: a sweep under its progress bar, one real CSV
upload through the file picker (good, then bad), and the screenshot after a sweep.

Screenshots: artifacts/screenshots/experiments.png (after a sweep) and
experiments-upload.png (the data tab after a refused file).
"""

from __future__ import annotations

from shallownet.upload import template_csv
from tests.browser.conftest import assert_no_exception, screenshot
from tests.browser.conftest import wait_ready as _wait_ready

SLOW = 90_000  # ms: a sweep trains seven networks, and CI machines may be busy


def wait_ready(pg, timeout: float = SLOW) -> None:
    _wait_ready(pg, timeout=timeout)


def open_page(pg, base_url: str, path: str = "") -> None:
    pg.goto(f"{base_url}/{path}")
    wait_ready(pg)


def main(pg):
    return pg.locator("[data-testid='stMain']")


def charts(pg):
    return main(pg).locator(".sn-plot")


def open_tab(pg, label: str) -> None:
    pg.get_by_role("tab", name=label).click()
    wait_ready(pg)


def test_size_sweep_runs_and_draws_its_panels(page, server_url):
    open_page(page, server_url)  # Home first: the app's navigation is in place before the page link
    open_page(page, server_url, "experiments")
    assert_no_exception(page)
    page.get_by_role("button", name="Run sweep").click()
    page.wait_for_timeout(300)
    wait_ready(page)
    assert_no_exception(page)
    assert charts(page).count() == 2  # the small multiples and accuracy by size
    # seven panels, each with its accuracies under it
    boundaries = charts(page).first
    for n_h in (1, 2, 3, 4, 5, 20, 50):
        assert boundaries.get_by_text(f"n_h = {n_h}", exact=True).count() == 1
    assert boundaries.get_by_text("test", exact=False).count() >= 7
    page.wait_for_timeout(500)
    screenshot(page, "experiments")


def test_learning_rate_sweep_marks_divergence(page, server_url):
    open_page(page, server_url, "experiments")
    open_tab(page, "Learning rate")
    assert_no_exception(page)
    assert charts(page).count() == 0  # nothing is trained until asked
    page.get_by_role("button", name="Run sweep").click()
    page.wait_for_timeout(300)
    wait_ready(page)
    assert_no_exception(page)
    assert charts(page).count() == 1
    assert charts(page).first.get_by_text("α = 100 diverged at step", exact=False).count() >= 1


def test_real_csv_upload_replaces_the_data_and_a_bad_one_is_refused(page, server_url):
    open_page(page, server_url, "experiments")
    open_tab(page, "Your data")
    picker = main(page).locator("[data-testid='stFileUploaderDropzoneInput']")
    picker.set_input_files(files=[{"name": "points.csv", "mimeType": "text/csv", "buffer": template_csv()}])
    page.get_by_text("Using your data — 'points.csv', 200 rows").wait_for(timeout=SLOW)
    wait_ready(page)
    assert_no_exception(page)
    # the sidebar's description of the data follows on every page
    assert main(page).get_by_text("uploaded data ('points.csv', 200 rows)", exact=False).count() >= 1

    picker = main(page).locator("[data-testid='stFileUploaderDropzoneInput']")
    picker.set_input_files(files=[{"name": "junk.csv", "mimeType": "text/csv", "buffer": bytes(range(256)) * 8}])
    page.get_by_text("was not used: the file is not text").wait_for(timeout=SLOW)
    wait_ready(page)
    assert page.get_by_text("The data in use is unchanged: your earlier upload ('points.csv', 200 rows)",
                            exact=False).count() == 1
    assert page.get_by_text("Using your data — 'points.csv', 200 rows").count() == 1
    screenshot(page, "experiments-upload")
    page.get_by_role("button", name="Clear uploaded data").click()
    wait_ready(page)
    assert main(page).get_by_text("Data in use: the toy data set moons", exact=False).count() == 1
