"""The `erp` command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from backend.paths import SCHEMA_FILE
from backend.settings import ConfigError, Settings, resolve_jwt_secret

if TYPE_CHECKING:
    from backend.domain.audit_verify import ChainReport
    from backend.importing.kinds import ImportKind
    from backend.importing.runner import ImportResult
    from backend.importing.source import Mapping

log = logging.getLogger("erp")


class CommandError(Exception):
    """An expected failure: reported as one line, without a traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# --- commands ---------------------------------------------------------------


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:
    import uvicorn

    from backend.app import create_app
    from backend.db import migrate
    from backend.observability.logging import configure as configure_logging

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    settings = settings.model_copy(update=overrides)
    resolve_jwt_secret(settings)  # fail fast, before starting anything

    url = _database_url(settings)
    migrate.upgrade(url)
    if not args.no_seed:
        if settings.is_production:
            log.info("ERP_ENV=production: demo data is never loaded")
        elif asyncio.run(_users_table_empty(url)):
            log.info("empty database: loading demo data (password for all users: demo1234)")
            asyncio.run(_load_demo(url))

    # The app's engine connects to the same resolved URL without asking again.
    app = create_app(settings.model_copy(update={"database_url": url}))
    # From here on every line, uvicorn's included, is structured and names its request.
    configure_logging(settings.log_level, settings.log_format)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        proxy_headers=True,
        # Live updates are small JSON messages sent to many sockets at once: compressing
        # each one per socket costs more CPU than the bandwidth it saves.
        ws_per_message_deflate=False,
        log_level=settings.log_level.lower(),
        log_config=None,
    )


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> None:
    from backend.db import migrate

    migrate.upgrade(_database_url(settings), args.revision)


def cmd_downgrade(args: argparse.Namespace, settings: Settings) -> None:
    from backend.db import migrate

    migrate.downgrade(_database_url(settings), args.revision)


def cmd_seed(args: argparse.Namespace, settings: Settings) -> None:
    from backend.db import migrate

    if args.demo and settings.is_production:
        raise CommandError("refusing to load demo users with ERP_ENV=production", exit_code=2)
    url = _database_url(settings)
    migrate.upgrade(url)
    if args.demo:
        if not asyncio.run(_users_table_empty(url)):
            raise CommandError(
                "the database already has users; demo data loads only into an empty database"
            )
        asyncio.run(_load_demo(url))
        print("demo data loaded; every demo user's password is demo1234")
    else:
        from backend.seed.scale import ScaleDataAlreadyLoaded, load_scale

        try:
            counts = asyncio.run(load_scale(url, args.scale))
        except ScaleDataAlreadyLoaded as exc:
            raise CommandError(str(exc), exit_code=2) from None
        print(", ".join(f"{table} {rows:,}" for table, rows in counts.items()))


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> None:
    from backend.schema.root import schema

    sdl = str(schema).rstrip("\n") + "\n"
    if args.output == "-":
        sys.stdout.write(sdl)
        return
    output = Path(args.output)
    output.write_text(sdl)
    print(f"wrote {output}", file=sys.stderr)


def cmd_db_url(args: argparse.Namespace, settings: Settings) -> None:
    from backend.db.embedded import to_libpq_url

    url = _database_url(settings)
    print(url if args.sqlalchemy else to_libpq_url(url))


def cmd_db_stop(args: argparse.Namespace, settings: Settings) -> None:
    from backend.db.embedded import stop_embedded

    if settings.database_url:
        raise CommandError("DATABASE_URL is set: there is no embedded server to stop")
    print("stopped" if stop_embedded(settings.data_dir) else "not running")


def cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> None:
    report = asyncio.run(_verify_audit_chain(_database_url(settings)))
    if not report.intact:
        raise CommandError(
            f"audit chain broken at event {report.broken_at}: {report.problem} "
            f"({report.checked} events before it are intact)"
        )
    print(f"audit chain intact: {report.checked} events verified")


def cmd_worker(args: argparse.Namespace, settings: Settings) -> None:
    from backend.events.commands import work

    log.info("delivering webhooks; stop with Ctrl-C")
    asyncio.run(work(_database_url(settings)))


def cmd_outbox_prune(args: argparse.Namespace, settings: Settings) -> None:
    from backend.events.commands import prune_outbox

    deleted, horizon = asyncio.run(prune_outbox(_database_url(settings), args.older_than))
    print(f"pruned {deleted} outbox events (events up to {horizon} are gone)")


def cmd_import(args: argparse.Namespace, settings: Settings) -> None:
    from backend.importing.kinds import KINDS
    from backend.importing.report import render_table, write_csv
    from backend.importing.source import Mapping, MappingError

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"no such file: {path}")
    try:
        mapping = Mapping.load(Path(args.mapping)) if args.mapping else None
    except (MappingError, OSError) as exc:
        raise CommandError(f"cannot use the mapping: {exc}") from exc
    result = asyncio.run(
        _import(_database_url(settings), KINDS[args.kind], path, mapping, args.dry_run)
    )
    if result.problems:
        report = Path(args.report) if args.report else path.with_suffix(".problems.csv")
        print(render_table(result.problems))
        write_csv(result.problems, report)
        raise CommandError(
            f"{len(result.problems)} problems in {path.name}; nothing was imported "
            f"(the report is in {report})"
        )
    if args.dry_run:
        print(f"{result.rows} rows of {args.kind} are valid; nothing was imported (--dry-run)")
    else:
        print(f"imported {result.imported} rows of {args.kind} from {path.name}")


# --- shared steps -----------------------------------------------------------


def _database_url(settings: Settings) -> str:
    from backend.db.engine import database_url

    return database_url(settings)


async def _users_table_empty(url: str) -> bool:
    from sqlalchemy import text

    from backend.db.engine import create_engine

    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return not (await conn.scalar(text("select exists (select 1 from users)")))
    finally:
        await engine.dispose()


async def _verify_audit_chain(url: str) -> ChainReport:
    from backend.db.engine import create_engine, create_sessionmaker
    from backend.domain.audit_verify import verify_chain

    engine = create_engine(url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            return await verify_chain(session)
    finally:
        await engine.dispose()


async def _import(
    url: str, kind: ImportKind, path: Path, mapping: Mapping | None, dry_run: bool
) -> ImportResult:
    from backend.db.engine import create_engine, create_sessionmaker
    from backend.importing.runner import run_import

    engine = create_engine(url, pool_size=1)
    try:
        return await run_import(
            create_sessionmaker(engine), kind, path, mapping=mapping, dry_run=dry_run
        )
    finally:
        await engine.dispose()


async def _load_demo(url: str) -> None:
    from backend.db.engine import create_engine, create_sessionmaker
    from backend.seed.demo import load_demo

    engine = create_engine(url, pool_size=2)
    try:
        await load_demo(create_sessionmaker(engine))
    finally:
        await engine.dispose()


# --- parsing ----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="erp", description="Order-to-cash and lot/serial traceability server."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve", help="migrate the database, load demo data if empty, and serve HTTP"
    )
    serve.add_argument("--host", help="address to listen on (default: $HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default: $PORT or 8000)")
    serve.add_argument("--no-seed", action="store_true", help="never load demo data")
    serve.set_defaults(handler=cmd_serve)

    mig = commands.add_parser("migrate", help="upgrade the database schema")
    mig.add_argument("--revision", default="head", help="target revision (default: head)")
    mig.set_defaults(handler=cmd_migrate)

    down = commands.add_parser("downgrade", help="downgrade the database schema")
    down.add_argument("revision", help="target revision, e.g. -1 or base")
    down.set_defaults(handler=cmd_downgrade)

    seed = commands.add_parser("seed", help="load data into the database")
    which = seed.add_mutually_exclusive_group(required=True)
    which.add_argument("--demo", action="store_true", help="the small demo data set and users")
    which.add_argument(
        "--scale", type=_positive_int, metavar="N", help="a large synthetic data set for benchmarks"
    )
    seed.set_defaults(handler=cmd_seed)

    export = commands.add_parser("export-schema", help="write the GraphQL schema (SDL)")
    export.add_argument(
        "--output",
        "-o",
        default=str(SCHEMA_FILE),
        help="file to write, or - for stdout (default: schema.graphql)",
    )
    export.set_defaults(handler=cmd_export_schema)

    from backend.importing.kinds import KINDS

    imp = commands.add_parser(
        "import", help="import a CSV file, all rows or none (customers, products, stock, ...)"
    )
    imp.add_argument("kind", choices=list(KINDS), help="what the file holds")
    imp.add_argument("file", help="the CSV file (UTF-8; comma, semicolon or tab separated)")
    imp.add_argument("--dry-run", action="store_true", help="check every row, import nothing")
    imp.add_argument("--mapping", metavar="MAP.toml", help="column names of the file, defaults")
    imp.add_argument(
        "--report", metavar="REPORT.csv", help="where the problems go (default: FILE.problems.csv)"
    )
    imp.set_defaults(handler=cmd_import)

    audit = commands.add_parser("audit", help="check the audit trail")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_commands.add_parser(
        "verify", help="walk the hash chain and name the first event that does not fit"
    )
    verify.set_defaults(handler=cmd_audit_verify)

    worker = commands.add_parser(
        "worker", help="deliver webhooks without serving HTTP (any number may run)"
    )
    worker.set_defaults(handler=cmd_worker)

    outbox = commands.add_parser("outbox", help="maintain the event outbox")
    outbox_commands = outbox.add_subparsers(dest="outbox_command", required=True, metavar="ACTION")
    prune = outbox_commands.add_parser(
        "prune", help="delete delivered events past retention (cursors after them still resume)"
    )
    prune.add_argument(
        "--older-than", required=True, type=_age, metavar="AGE", help="e.g. 30d, 12h, 90m"
    )
    prune.set_defaults(handler=cmd_outbox_prune)

    db_url = commands.add_parser("db-url", help="print the database URL (e.g. for psql)")
    db_url.add_argument(
        "--sqlalchemy",
        action="store_true",
        help="print the postgresql+asyncpg:// form instead of libpq's",
    )
    db_url.set_defaults(handler=cmd_db_url)

    db_stop = commands.add_parser(
        "db-stop", help="stop the embedded PostgreSQL server (it keeps running between commands)"
    )
    db_stop.set_defaults(handler=cmd_db_stop)
    return parser


def _age(value: str) -> timedelta:
    from backend.events.prune import parse_age

    try:
        return parse_age(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
        _configure_logging(settings.log_level)
        args.handler(args, settings)
    except ConfigError as exc:
        return _fail(str(exc), 2)
    except CommandError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = _expected_failure(exc)
        if message is None:
            raise
        return _fail(message, 1)
    return 0


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Our own messages and alembic's "Running upgrade ..." lines; other
    # libraries only when something is wrong.
    for name in ("erp", "backend", "alembic.runtime.migration"):
        logging.getLogger(name).setLevel(level.upper())


def _expected_failure(exc: Exception) -> str | None:
    """A one-line explanation for failures that are about the environment, not bugs."""
    from pydantic import ValidationError
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'value'}: {err['msg']}"
            for err in exc.errors()
        )
        return f"invalid configuration: {problems}"
    if isinstance(exc, OperationalError | DBAPIError | ConnectionError):
        return f"cannot use the database: {_first_line(exc)}"
    if isinstance(exc, OSError):  # e.g. an unwritable output file
        return _first_line(exc)
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def _fail(message: str, exit_code: int) -> int:
    print(f"erp: error: {message}", file=sys.stderr)
    return exit_code


if __name__ == "__main__":
    raise SystemExit(main())
