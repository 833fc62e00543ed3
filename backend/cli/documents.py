"""`erp documents verify FILE`: the checks of POST /documents/verify, from the shell."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from backend.cli.common import CommandError, database_url, engine_for
from backend.settings import Settings


def cmd_documents_verify(args: argparse.Namespace, settings: Settings) -> None:
    from backend.domain.standards import signing
    from backend.domain.standards.verification import NotAPdf, check_signature

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    signing.use_data_dir(settings.data_dir)
    try:
        check = check_signature(content)
    except NotAPdf as exc:
        raise CommandError(f"{path.name}: {exc}", exit_code=2) from None
    document = asyncio.run(_document_with_hash(database_url(settings), check.sha256))
    if document is None:
        check.problems.append("No document of this installation has exactly these bytes.")
    if check.valid and document is not None:
        print(f"signature valid: {document['title']} (version {document['version']}, "
              f"{document['kind']}), signed {check.signed_at} by {check.signer}")
        return
    raise CommandError(f"{path.name}: signature not valid: " + " ".join(check.problems))


async def _document_with_hash(url: str, sha256: str) -> dict[str, Any] | None:
    from sqlalchemy import select

    from backend.db.models import Document

    async with engine_for(url) as engine, engine.connect() as conn:
        row = (await conn.execute(
            select(Document.title, Document.version, Document.kind)
            .where(Document.sha256 == sha256).order_by(Document.id).limit(1)
        )).first()
    return None if row is None else dict(row._mapping)
