"""An upload through the balancer: two workers behind HAProxy (deploy/serve.py), a real browser.

An upload is the request that most needs the same worker as the session: Streamlit checks its
XSRF token against a cookie and files it under the session that asked. Without the sticky cookie,
HAProxy would send about every other request to the other worker. Skipped where HAProxy is not
installed; CI (.ci/run) installs it, and there a skip counts as a failure.

Screenshot: artifacts/screenshots/balancer-upload.png.
"""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path

import pytest

from deploy.serve import COOKIE, balanced
from shallownet.upload import template_csv
from tests.browser.conftest import SCREENSHOTS, assert_no_exception, screenshot, wait_ready

pytestmark = pytest.mark.skipif(
    shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").exists(),
    reason="HAProxy not found (install Debian's 'haproxy' package)",
)


def _free_run(n: int) -> int:
    """The first of ``n`` consecutive free loopback ports."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        try:
            for k in range(1, n):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", base + k))
            return base
        except OSError:
            continue
    raise RuntimeError("no run of free ports")


@pytest.fixture(scope="module")
def balancer_url():
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    base = _free_run(3)  # HAProxy on the first, the workers on the next two
    with balanced(2, base, base + 1, address="127.0.0.1", log_dir=SCREENSHOTS.parent) as (url, _):
        yield url


def test_an_upload_through_haproxy_reaches_the_session_and_is_used(page, balancer_url):
    uploads = []
    page.on("response", lambda r: uploads.append(r.status) if "/_stcore/upload_file" in r.url else None)
    page.goto(f"{balancer_url}/experiments")
    wait_ready(page, timeout=90_000)
    assert any(c["name"] == COOKIE for c in page.context.cookies()), "HAProxy set no worker cookie"
    page.get_by_role("tab", name="Your data").click()
    wait_ready(page)
    main = page.locator("[data-testid='stMain']")
    picker = main.locator("[data-testid='stFileUploaderDropzoneInput']").first
    picker.set_input_files(files=[{"name": "points.csv", "mimeType": "text/csv", "buffer": template_csv()}])
    # the name as the app quotes uploaded names ('points.csv' or points.csv)
    main.get_by_text(re.compile(r"Using your data — .?'?points\.csv'?.?, 200 rows")).first.wait_for(timeout=60_000)
    wait_ready(page)
    assert_no_exception(page)
    assert uploads and all(200 <= s < 300 for s in uploads), f"upload answers: {uploads}"
    screenshot(page, "balancer-upload")
