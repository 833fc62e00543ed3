"""Importing a file: read, convert and apply every row, then commit only if all of them worked.

All rows run in one transaction, each inside a savepoint, so every row is
checked by the domain against the rows before it (a code used twice in the file
is a duplicate) and a failed row leaves nothing behind. Any problem, or
--dry-run, rolls the whole transaction back.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tqdm import tqdm

from backend.domain.actor import SYSTEM, Actor
from backend.domain.customfields.values import FieldValue
from backend.domain.errors import DomainError
from backend.importing.cells import CellError
from backend.importing.kinds import ImportKind
from backend.importing.report import ImportProblem
from backend.importing.source import Mapping, Row, read_rows


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    imported: int = 0
    committed: bool = False
    problems: list[ImportProblem] = field(default_factory=list)


async def run_import(
    sessionmaker: async_sessionmaker[AsyncSession],
    kind: ImportKind,
    path: Path,
    *,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    actor: Actor = SYSTEM,
    progress: bool | None = None,
) -> ImportResult:
    """Import `path`; `progress` None shows a bar only on a terminal."""
    mapping = mapping or Mapping()
    result = ImportResult(kind.name)
    rows, problems = read_rows(path, kind, mapping)
    result.rows, result.problems = len(rows), problems
    if problems:
        return result
    reason = f"data import: {kind.name} from {path.name}"
    header_of: Callable[[str], str] = mapping.header_of
    async with sessionmaker() as session:
        transaction = await session.begin()
        bar = tqdm(rows, desc=f"{kind.name}", unit="row", disable=None if progress is None
                   else not progress)
        for row in bar:
            row_problems = await _import_row(session, kind, row, actor, reason)
            result.problems += [
                ImportProblem(p.row, header_of(p.column) if p.column else "", p.problem)
                for p in row_problems
            ]
            result.imported += not row_problems
        bar.close()
        if result.problems or dry_run:
            await transaction.rollback()
        else:
            await transaction.commit()
            result.committed = True
    result.problems.sort()
    return result


async def _import_row(
    session: AsyncSession, kind: ImportKind, row: Row, actor: Actor, reason: str
) -> list[ImportProblem]:
    arguments, problems = {}, []
    for column in kind.columns:
        raw = row.cells.get(column.name)
        if raw is None:
            if column.required:
                problems.append(ImportProblem(row.number, column.name, "a value is required"))
            continue
        try:
            arguments[column.name] = column.parse(raw)
        except CellError as exc:
            problems.append(ImportProblem(row.number, column.name, str(exc)))
    if problems:
        return problems
    if "reason" in inspect.signature(kind.action).parameters:
        arguments["reason"] = reason  # said in the audit trail
    keys = list(row.custom)
    if kind.custom_fields:
        # Always given, so that a required field missing from the file fails it too.
        arguments["custom_fields"] = [FieldValue(k, row.custom[k].strip() or None) for k in keys]
    savepoint = await session.begin_nested()
    try:
        await kind.action(session, actor=actor, **arguments)
    except DomainError as error:
        await savepoint.rollback()
        return [
            ImportProblem(row.number, kind.column_for(p.field, keys),
                          f"{p.message} ({p.code.value})")
            for p in error.problems
        ]
    except IntegrityError as error:
        await savepoint.rollback()
        detail = getattr(getattr(error.orig, "__cause__", None), "detail", None)
        return [ImportProblem(row.number, "", f"conflicts with existing data: {detail or error}")]
    await savepoint.commit()
    return []
