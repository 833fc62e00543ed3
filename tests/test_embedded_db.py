from pathlib import Path

import pytest
from sqlalchemy import text

from backend.db.embedded import MAX_SOCKET_PATH, pgdata_dir, to_async_url, to_libpq_url
from backend.db.engine import create_engine


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:p@db:5432/erp", "postgresql+asyncpg://u:p@db:5432/erp"),
        ("postgres://u:p@db/erp", "postgresql+asyncpg://u:p@db/erp"),
        ("postgresql+asyncpg://u@db/erp", "postgresql+asyncpg://u@db/erp"),
        (
            "postgresql://postgres:@/erp?host=/tmp/erp-pg",
            "postgresql+asyncpg://postgres:@/erp?host=/tmp/erp-pg",
        ),
        (
            "postgresql://u@/erp?host=%2Fvar%2Frun%2Fpostgresql",
            "postgresql+asyncpg://u@/erp?host=/var/run/postgresql",
        ),
        ("postgresql://u@db/erp?sslmode=require", "postgresql+asyncpg://u@db/erp?ssl=require"),
        (
            "postgresql://u@db/erp?application_name=x&connect_timeout=5",
            "postgresql+asyncpg://u@db/erp",
        ),
    ],
)
def test_to_async_url(url, expected):
    assert to_async_url(url) == expected


def test_to_async_url_is_idempotent():
    url = "postgresql://u:p%40ss@db:5432/erp?host=/tmp/x"
    assert to_async_url(to_async_url(url)) == to_async_url(url)
    assert "p%40ss" in to_async_url(url)  # the password's escaping survives


def test_to_async_url_rejects_other_databases():
    with pytest.raises(ValueError, match="not a PostgreSQL URL"):
        to_async_url("mysql://u@db/erp")


def test_to_libpq_url():
    assert (
        to_libpq_url("postgresql+asyncpg://u@/erp?host=/tmp/x&ssl=require")
        == "postgresql://u@/erp?host=/tmp/x&sslmode=require"
    )


def test_pgdata_dir_short_path(tmp_path):
    data_dir = tmp_path / "var"
    assert pgdata_dir(data_dir) == data_dir.resolve() / "pg"


def test_pgdata_dir_falls_back_for_long_paths(tmp_path):
    deep = tmp_path.joinpath(*["a-rather-long-directory-name"] * 5)
    chosen = pgdata_dir(deep)
    assert chosen.parent == Path("/tmp")
    assert chosen.name.startswith("erp-pg-")
    assert len(str(chosen / ".s.PGSQL.5432")) <= MAX_SOCKET_PATH
    # Stable for the same data dir, distinct for another one.
    assert pgdata_dir(deep) == chosen
    assert pgdata_dir(deep / "other") != chosen


def test_pgdata_dir_boundary(tmp_path):
    # Pad a path so that the socket path is exactly at the limit, then one past it.
    base = str(tmp_path.resolve())
    suffix = "/pg/.s.PGSQL.5432"
    fill = MAX_SOCKET_PATH - len(base) - len(suffix) - 1
    at_limit = Path(base) / ("d" * fill)
    assert len(str(at_limit) + suffix) == MAX_SOCKET_PATH
    assert pgdata_dir(at_limit) == at_limit / "pg"
    assert pgdata_dir(Path(str(at_limit) + "d")).parent == Path("/tmp")


async def test_converted_url_connects(postgres_url):
    """The converted URL (a unix socket `host=` dir for the embedded server) really connects."""
    engine = create_engine(to_async_url(postgres_url), pool_size=1)
    try:
        async with engine.connect() as conn:
            assert await conn.scalar(text("select 1")) == 1
    finally:
        await engine.dispose()
