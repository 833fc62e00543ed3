"""Commands that work on the data and the trail: export-schema, import, audit verify,
worker, outbox prune."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backend.cli.common import CommandError, database_url, engine_for
from backend.settings import Settings

if TYPE_CHECKING:
    from backend.domain.trust.audit_verify import ChainReport
    from backend.importing.kinds import ImportKind
    from backend.importing.runner import ImportResult
    from backend.importing.source import Mapping

log = logging.getLogger("erp")


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> None:
    from backend.schema.root import schema

    sdl = str(schema).rstrip("\n") + "\n"
    if args.output == "-":
        sys.stdout.write(sdl)
        return
    output = Path(args.output)
    output.write_text(sdl)
    print(f"wrote {output}", file=sys.stderr)


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
        _import(database_url(settings), KINDS[args.kind], path, mapping, args.dry_run)
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


def cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> None:
    report = asyncio.run(_verify_audit_chain(database_url(settings)))
    if not report.intact:
        raise CommandError(
            f"audit chain broken at event {report.broken_at}: {report.problem} "
            f"({report.checked} events before it are intact)"
        )
    print(f"audit chain intact: {report.checked} events verified")


def cmd_worker(args: argparse.Namespace, settings: Settings) -> None:
    from backend.events.commands import work

    log.info("delivering webhooks; stop with Ctrl-C")
    asyncio.run(work(database_url(settings)))


def cmd_outbox_prune(args: argparse.Namespace, settings: Settings) -> None:
    from backend.events.commands import prune_outbox

    deleted, horizon = asyncio.run(prune_outbox(database_url(settings), args.older_than))
    print(f"pruned {deleted} outbox events (events up to {horizon} are gone)")


def cmd_jobs_run_once(args: argparse.Namespace, settings: Settings) -> None:
    from backend.domain.standards import signing

    signing.use_data_dir(settings.data_dir)
    result, documents = asyncio.run(_jobs_once(database_url(settings)))
    if not result.ran:
        print("another process is running the jobs; nothing done")
    else:
        print(f"jobs ran: {result.expiry}; {result.reminders} recall reminders")
    print(f"{documents} documents signed or made for shipments")


async def _jobs_once(url: str) -> tuple[Any, int]:
    from backend.events.document_signer import run_until_done
    from backend.events.jobs import run_once

    async with engine_for(url) as engine:
        return await run_once(engine), await run_until_done(engine)


async def _verify_audit_chain(url: str) -> ChainReport:
    from backend.db.engine import create_sessionmaker
    from backend.domain.trust.audit_verify import verify_chain

    async with engine_for(url) as engine, create_sessionmaker(engine)() as session:
        return await verify_chain(session)


async def _import(
    url: str, kind: ImportKind, path: Path, mapping: Mapping | None, dry_run: bool
) -> ImportResult:
    from backend.db.engine import create_sessionmaker
    from backend.importing.runner import run_import

    async with engine_for(url) as engine:
        return await run_import(
            create_sessionmaker(engine), kind, path, mapping=mapping, dry_run=dry_run
        )
