"""Run alembic migrations from code (the CLI, tests, the server's startup)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from alembic import command
from alembic.config import Config

from backend.db.embedded import to_async_url
from backend.paths import ALEMBIC_DIR, ALEMBIC_INI


def alembic_config(url: str) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    # Passed as an attribute, not an ini option: ini values treat '%' specially.
    config.attributes["url"] = to_async_url(url)
    # Leave the host application's logging alone.
    config.attributes["configure_logger"] = False
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    _run(lambda: command.upgrade(alembic_config(url), revision))


def downgrade(url: str, revision: str) -> None:
    _run(lambda: command.downgrade(alembic_config(url), revision))


async def upgrade_async(url: str, revision: str = "heads") -> None:
    """Like `upgrade`, without blocking the caller's event loop."""
    await asyncio.to_thread(upgrade, url, revision)


def current(url: str) -> None:
    """Print the revision the database is at."""
    _run(lambda: command.current(alembic_config(url)))


def _run(action: Callable[[], None]) -> None:
    """Run an alembic command, from sync code or from inside a running event loop.

    The async env.py starts its own loop with asyncio.run(), which refuses to
    run inside another loop; in that case the command runs in a thread.
    (The calling coroutine blocks meanwhile; migrations happen at startup.)
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        action()
        return
    errors: list[BaseException] = []

    def target() -> None:
        try:
            action()
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    worker = threading.Thread(target=target, name="alembic")
    worker.start()
    worker.join()
    if errors:
        raise errors[0]
