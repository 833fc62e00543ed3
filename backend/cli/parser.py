"""The `erp` command line's grammar: one sub-command per handler."""

from __future__ import annotations

import argparse
from datetime import timedelta

from backend.cli import database, documents, operations
from backend.paths import SCHEMA_FILE


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
    serve.add_argument(
        "--workers", type=_positive_int, default=1, help="server processes (default: 1)"
    )
    serve.set_defaults(handler=database.cmd_serve)

    mig = commands.add_parser("migrate", help="upgrade the database schema")
    mig.add_argument("--revision", default="heads", help="target revision (default: every head)")
    mig.set_defaults(handler=database.cmd_migrate)

    down = commands.add_parser("downgrade", help="downgrade the database schema")
    down.add_argument("revision", help="target revision, e.g. -1 or base")
    down.set_defaults(handler=database.cmd_downgrade)

    seed = commands.add_parser("seed", help="load data into the database")
    which = seed.add_mutually_exclusive_group(required=True)
    which.add_argument("--demo", action="store_true", help="the small demo data set and users")
    which.add_argument(
        "--scale", type=_positive_int, metavar="N", help="a large synthetic data set for benchmarks"
    )
    seed.set_defaults(handler=database.cmd_seed)

    export = commands.add_parser("export-schema", help="write the GraphQL schema (SDL)")
    export.add_argument(
        "--output",
        "-o",
        default=str(SCHEMA_FILE),
        help="file to write, or - for stdout (default: schema.graphql)",
    )
    export.set_defaults(handler=operations.cmd_export_schema)

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
    imp.set_defaults(handler=operations.cmd_import)

    audit = commands.add_parser("audit", help="check the audit trail")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_commands.add_parser(
        "verify", help="walk the hash chain and name the first event that does not fit"
    )
    verify.set_defaults(handler=operations.cmd_audit_verify)

    worker = commands.add_parser(
        "worker", help="deliver webhooks without serving HTTP (any number may run)"
    )
    worker.set_defaults(handler=operations.cmd_worker)

    outbox = commands.add_parser("outbox", help="maintain the event outbox")
    outbox_commands = outbox.add_subparsers(dest="outbox_command", required=True, metavar="ACTION")
    prune = outbox_commands.add_parser(
        "prune", help="delete delivered events past retention (cursors after them still resume)"
    )
    prune.add_argument(
        "--older-than", required=True, type=_age, metavar="AGE", help="e.g. 30d, 12h, 90m"
    )
    prune.set_defaults(handler=operations.cmd_outbox_prune)

    jobs = commands.add_parser("jobs", help="scheduled jobs (expiry, recall reminders)")
    jobs_commands = jobs.add_subparsers(dest="jobs_command", required=True)
    run_once = jobs_commands.add_parser("run-once", help="run every scheduled job once")
    run_once.set_defaults(handler=operations.cmd_jobs_run_once)

    docs = commands.add_parser("documents", help="check generated documents")
    docs_commands = docs.add_subparsers(dest="documents_command", required=True, metavar="ACTION")
    doc_verify = docs_commands.add_parser(
        "verify", help="check a PDF's signature: intact, by this installation, one of its documents"
    )
    doc_verify.add_argument("file", help="the PDF file")
    doc_verify.set_defaults(handler=documents.cmd_documents_verify)

    db_url = commands.add_parser("db-url", help="print the database URL (e.g. for psql)")
    db_url.add_argument(
        "--sqlalchemy",
        action="store_true",
        help="print the postgresql+asyncpg:// form instead of libpq's",
    )
    db_url.set_defaults(handler=database.cmd_db_url)

    db_stop = commands.add_parser(
        "db-stop", help="stop the embedded PostgreSQL server (it keeps running between commands)"
    )
    db_stop.set_defaults(handler=database.cmd_db_stop)
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
