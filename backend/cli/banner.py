"""The few plain lines `erp serve` prints once it listens: where to go, who to sign in as,
and how to stop the embedded database it leaves running."""

from __future__ import annotations

from collections.abc import Sequence

from backend.settings import Settings


def banner(
    settings: Settings,
    *,
    demo_users: Sequence[str],
    password: str | None,
    embedded_db: bool,
) -> str:
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    if ":" in host:
        host = f"[{host}]"
    lines = ["", f"ERP is running: http://{host}:{settings.port}/"]
    if demo_users and password:
        lines.append(f"Demo users (password {password}): {', '.join(demo_users)}")
    lines.append("Stop the server with Ctrl+C.")
    if embedded_db:
        lines.append(
            "The embedded PostgreSQL keeps running after that; stop it with "
            "`make db-stop` or `.venv/bin/erp db-stop`."
        )
    return "\n".join(lines) + "\n"
