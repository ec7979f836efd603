"""deploy/serve.py's HAProxy configuration: sticky by cookie, health from /_stcore/health, one
server line per worker, and accepted by HAProxy itself where it is installed."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from deploy.serve import COOKIE, haproxy_config


@pytest.mark.parametrize("ports", [[8600], [8600, 8601, 8602]])
def test_every_worker_is_a_checked_server_with_its_own_cookie(ports):
    cfg = haproxy_config(ports, 8501)
    servers = re.findall(r"^\s*server (w\d+) 127\.0\.0\.1:(\d+) check cookie (w\d+)$", cfg, re.M)
    assert [(int(p), a == b) for a, p, b in servers] == [(p, True) for p in ports]
    assert len({a for a, _, _ in servers}) == len(ports)
    assert re.search(rf"^\s*cookie {COOKIE} insert indirect nocache", cfg, re.M)
    assert "option httpchk GET /_stcore/health" in cfg and "http-check expect string ok" in cfg
    assert re.search(r"^\s*bind 0\.0\.0\.0:8501$", cfg, re.M)
    assert re.search(r"^\s*timeout tunnel \d+h$", cfg, re.M)  # a websocket lasts the lesson


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="HAProxy not installed")
def test_haproxy_accepts_the_configuration(tmp_path):
    path = tmp_path / "haproxy.cfg"
    path.write_text(haproxy_config([8600, 8601], 8501, "127.0.0.1"))
    check = subprocess.run(["haproxy", "-c", "-f", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
