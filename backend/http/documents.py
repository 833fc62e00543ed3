"""GET /documents/{id}/content: a document's bytes, for a caller who may see the document;
POST /documents/verify: whether a PDF is intact and one this installation signed."""

import asyncio
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.api.ids import MalformedId, decode_global_id, to_global_id
from backend.auth.requests import authenticate_current, bearer_token
from backend.db import models as m
from backend.domain.standards.verification import NotAPdf, SignatureCheck, check_signature
from backend.http.responses import ORJSONResponse, error_response
from backend.resolvers.context import actor_of
from backend.resolvers.loaders import Loaders
from backend.state import app_state

blobs_t = m.DocumentBlob.__table__

NOT_FOUND = ("not_found", "No such document, or you may not see it.")


async def document_content(request: Request) -> Response:
    claims, _ = await authenticate_current(request, bearer_token(request))
    if claims is None:
        return error_response(
            401, "unauthenticated", "Send a valid bearer token.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        type_name, pk = decode_global_id(request.path_params["document_id"])
    except MalformedId:
        return error_response(404, *NOT_FOUND)
    if type_name != "Document":
        return error_response(404, *NOT_FOUND)
    loaders = Loaders(app_state(request).engine, actor_of(claims))
    # The scoped loader applies the same visibility rules as the graph; "not yours"
    # and "does not exist" answer alike.
    document = await loaders.document_by_id.load(pk)
    if document is None:
        return error_response(404, *NOT_FOUND)
    rows = await loaders.rows(select(blobs_t.c.data).where(blobs_t.c.sha256 == document.sha256))
    if not rows:
        return error_response(404, *NOT_FOUND)
    return Response(
        rows[0].data,
        media_type=document.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(document.file_name)}",
            "ETag": f'"{document.sha256}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


# A signed PDF is far smaller than this; the body limit of the app applies as well.
MAX_VERIFY_BYTES = 25 * 1024 * 1024
docs_t = m.Document.__table__


async def verify_document(request: Request) -> Response:
    claims, _ = await authenticate_current(request, bearer_token(request))
    if claims is None:
        return error_response(
            401, "unauthenticated", "Send a valid bearer token.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    content = await request.body()
    if len(content) > MAX_VERIFY_BYTES:
        return error_response(413, "too_large", "Send a PDF of at most 25 MB.")
    try:
        check = await asyncio.to_thread(check_signature, content)
    except NotAPdf as error:
        return error_response(400, "not_a_pdf", str(error))
    loaders = Loaders(app_state(request).engine, actor_of(claims))
    # One of this installation's documents, as far as the caller may see it: the bytes'
    # hash is what a stored document is keyed by.
    rows = await loaders.rows(
        select(docs_t.c.id).where(docs_t.c.sha256 == check.sha256).order_by(docs_t.c.id)
    )
    document = await loaders.document_by_id.load(rows[0].id) if rows else None
    if document is None:
        check.problems.append("No document of this installation has exactly these bytes.")
    return ORJSONResponse(_verdict(check, document), headers={"Cache-Control": "no-store"})


def _verdict(check: SignatureCheck, document: Any) -> dict[str, Any]:
    return {
        "valid": check.valid and document is not None,
        "document": None if document is None else {
            "id": to_global_id("Document", document.id), "kind": document.kind,
            "title": document.title, "version": document.version,
        },
        "signedAt": check.signed_at.isoformat() if check.signed_at else None,
        "signer": check.signer,
        "problems": check.problems,
    }


routes = [
    Route("/documents/verify", verify_document, methods=["POST"]),
    Route("/documents/{document_id}/content", document_content, methods=["GET"]),
]
