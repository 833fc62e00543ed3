"""GET /documents/{id}/content: a document's bytes, for a caller who may see the document."""

from urllib.parse import quote

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.api.ids import MalformedId, decode_global_id
from backend.auth.requests import authenticate, bearer_token
from backend.db import models as m
from backend.http.responses import error_response
from backend.resolvers.context import actor_of
from backend.resolvers.loaders import Loaders
from backend.state import app_state

blobs_t = m.DocumentBlob.__table__

NOT_FOUND = ("not_found", "No such document, or you may not see it.")


async def document_content(request: Request) -> Response:
    claims, _ = authenticate(request, bearer_token(request))
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


routes = [Route("/documents/{document_id}/content", document_content, methods=["GET"])]
