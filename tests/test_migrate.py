"""backend.db.migrate runs alembic's async env from sync code and from inside a running loop."""

import asyncio
import threading

import pytest

from backend.db import migrate


def _uses_its_own_loop() -> str:
    # What the async env.py does: asyncio.run() refuses to nest in a running loop.
    return asyncio.run(asyncio.sleep(0, result=threading.current_thread().name))


def test_runs_inline_without_a_loop():
    seen = []
    migrate._run(lambda: seen.append(_uses_its_own_loop()))
    assert seen == [threading.current_thread().name]


async def test_runs_in_a_thread_inside_a_loop():
    seen = []
    migrate._run(lambda: seen.append(_uses_its_own_loop()))
    assert seen == ["alembic"]


async def test_errors_reach_the_caller_inside_a_loop():
    def fail():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        migrate._run(fail)


def test_config_points_at_the_repository(postgres_url):
    config = migrate.alembic_config(postgres_url)
    assert config.get_main_option("script_location") == str(migrate.ALEMBIC_DIR)
    assert config.attributes["url"].startswith("postgresql+asyncpg://")
