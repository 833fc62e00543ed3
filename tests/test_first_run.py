"""`erp serve` at a terminal: a closing banner with the URL, the demo users and how to stop
the embedded database; log lines as text at a terminal and as JSON lines when piped."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backend.cli.banner import banner
from backend.db.embedded import to_libpq_url
from backend.observability.logging import resolve_format
from backend.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_log_format_follows_the_terminal() -> None:
    assert resolve_format("auto", _Tty()) == "text"
    assert resolve_format("auto", io.StringIO()) == "json"
    assert resolve_format("json", _Tty()) == "json"  # an explicit choice wins
    assert resolve_format("text", io.StringIO()) == "text"


def test_banner_names_url_users_and_how_to_stop(tmp_path: Path) -> None:
    settings = Settings(host="0.0.0.0", port=8123, data_dir=tmp_path)
    text = banner(settings, demo_users=["admin", "sales"], password="demo1234", embedded_db=True)
    assert "http://127.0.0.1:8123/" in text
    assert "Demo users (password demo1234): admin, sales" in text
    assert "make db-stop" in text and ".venv/bin/erp db-stop" in text
    quiet = banner(settings, demo_users=[], password=None, embedded_db=False)
    assert "demo1234" not in quiet and "db-stop" not in quiet


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(database_url: str, tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ERP_") and k not in ("DATABASE_URL", "PORT", "HOST")
    }
    env.update(DATABASE_URL=to_libpq_url(database_url), ERP_DATA_DIR=str(tmp_path))
    return env


def _serve(port: int) -> list[str]:
    return [sys.executable, "-m", "backend", "serve", "--no-seed", "--port", str(port)]


def _read_until(fd: int, marker: str, proc: subprocess.Popen[bytes], limit: float = 60) -> str:
    out = b""
    deadline = time.monotonic() + limit
    while marker.encode() not in out and time.monotonic() < deadline and proc.poll() is None:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            out += chunk
    return out.decode(errors="replace")


@pytest.mark.parametrize("at_terminal", [True, False], ids=["terminal", "piped"])
def test_serve_ends_start_up_with_the_banner(
    database_url: str, tmp_path: Path, at_terminal: bool
) -> None:
    port = _free_port()
    if at_terminal:
        leader, follower = pty.openpty()
        proc = subprocess.Popen(
            _serve(port), cwd=REPO_ROOT, env=_env(database_url, tmp_path),
            stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
        )
        os.close(follower)
        read_fd = leader
    else:
        proc = subprocess.Popen(
            _serve(port), cwd=REPO_ROOT, env=_env(database_url, tmp_path),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        assert proc.stdout is not None
        read_fd = proc.stdout.fileno()
    try:
        output = _read_until(read_fd, "Stop the server", proc)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if at_terminal:
            os.close(leader)
        elif proc.stdout is not None:
            proc.stdout.close()
    assert f"ERP is running: http://127.0.0.1:{port}/" in output, output
    log_lines = [
        line for line in output.splitlines() if "uvicorn" in line or "Application startup" in line
    ]
    assert log_lines, output
    if at_terminal:
        assert all(not line.lstrip().startswith("{") for line in log_lines), output
    else:
        assert all(json.loads(line)["level"] for line in log_lines), output
    # The banner comes after uvicorn's start-up lines, as the last thing printed.
    assert output.rindex("ERP is running") > output.rindex("Application startup")
