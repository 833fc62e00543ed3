"""Embedded PostgreSQL (pgserver) for running without a DATABASE_URL, and URL helpers."""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import warnings
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Linux keeps a unix socket path in sockaddr_un.sun_path: 108 bytes with the
# terminating NUL, 104 on macOS. PostgreSQL puts its socket, ".s.PGSQL.5432",
# in the data directory, so a deep checkout (CI workspaces, pytest tmp dirs)
# makes the server fail to start with a cryptic error. Stay under the smaller.
MAX_SOCKET_PATH = 103
SOCKET_NAME = ".s.PGSQL.5432"

EMBEDDED_DATABASE = "erp"
ASYNC_SCHEME = "postgresql+asyncpg"
_POSTGRES_SCHEMES = {"postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg"}


def pgdata_dir(data_dir: Path) -> Path:
    """Where the embedded server keeps its files for a given ERP data directory.

    Normally `<data_dir>/pg`. When that path is too long for the server's unix
    socket, a short directory under the system temp dir is used instead, named
    by a hash of the data dir so the same data dir always maps to the same
    server and two checkouts never share one.
    """
    data_dir = data_dir.expanduser().resolve()
    preferred = data_dir / "pg"
    if len(str(preferred / SOCKET_NAME).encode()) <= MAX_SOCKET_PATH:
        return preferred
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"erp-pg-{digest}"


def start_embedded(data_dir: Path) -> str:
    """Start, or attach to an already running, embedded server; return its libpq URL.

    The server is left running when this process exits (cleanup_mode=None):
    the next `erp` command reuses it instantly instead of paying a restart.
    """
    pgdata = pgdata_dir(data_dir)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = _pgserver().get_server(pgdata, cleanup_mode=None)
    # A database of our own, rather than the maintenance database "postgres".
    exists = server.psql(f"select 1 from pg_database where datname = '{EMBEDDED_DATABASE}';")
    if "(1 row)" not in exists:
        server.psql(f"create database {EMBEDDED_DATABASE};")
    return server.get_uri(EMBEDDED_DATABASE)


def stop_embedded(data_dir: Path) -> bool:
    """Stop the embedded server for `data_dir`; False if it was not running."""
    pgdata = pgdata_dir(data_dir)
    if not (pgdata / "postmaster.pid").exists():
        return False
    pg_ctl = Path(_pgserver().__file__).parent / "pginstall" / "bin" / "pg_ctl"
    # pgserver runs the server as an unprivileged "pgserver" user when started by root.
    user = "pgserver" if os.geteuid() == 0 else None
    subprocess.run(
        [str(pg_ctl), "-D", str(pgdata), "-w", "-m", "fast", "stop"],
        check=True,
        capture_output=True,
        user=user,
    )
    return True


def _pgserver():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, containers).
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver


def to_async_url(url: str) -> str:
    """Rewrite a postgres:// or postgresql:// URL for SQLAlchemy's asyncpg driver.

    libpq spells a unix socket as `?host=/socket/dir`; asyncpg accepts a
    directory as `host` too, and SQLAlchemy passes query parameters through as
    connect arguments, so that parameter is kept as is. libpq-only parameters
    that asyncpg would reject are dropped or renamed.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _POSTGRES_SCHEMES:
        raise ValueError(f"not a PostgreSQL URL: {scheme}://...")
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "sslmode":
            key = "ssl"  # asyncpg's name for the same setting and values
        elif key in _LIBPQ_ONLY:
            continue
        query.append((key, value))
    return urlunsplit(
        (ASYNC_SCHEME, parts.netloc, parts.path, urlencode(query, safe="/"), parts.fragment)
    )


def to_libpq_url(url: str) -> str:
    """The plain postgresql:// form of a URL, for psql and other libpq clients."""
    parts = urlsplit(url)
    query = [
        ("sslmode" if key == "ssl" else key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(
        ("postgresql", parts.netloc, parts.path, urlencode(query, safe="/"), parts.fragment)
    )


# Parameters libpq understands but asyncpg.connect() does not.
_LIBPQ_ONLY = frozenset(
    {"application_name", "connect_timeout", "options", "target_session_attrs", "gssencmode"}
)
