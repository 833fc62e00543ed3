"""GET /epcis/lots/{id}: a lot's traceability events as EPCIS 2.0 JSON-LD, for staff."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.api.ids import MalformedId, decode_global_id
from backend.auth.requests import authenticate, bearer_token
from backend.domain.actor import Actor
from backend.domain.quality.epcis import lot_events_document
from backend.http.responses import ORJSONResponse, error_response
from backend.state import app_state

NOT_FOUND = ("not_found", "No such lot.")


async def lot_events(request: Request) -> Response:
    claims, _ = authenticate(request, bearer_token(request))
    if claims is None:
        return error_response(
            401, "unauthenticated", "Send a valid bearer token.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    # Receipts name suppliers and shipments name customers: internal records.
    if not Actor.of(claims.user_id, claims.roles, claims.customer_id).is_staff:
        return error_response(403, "forbidden", "Event exports are for staff.")
    try:
        type_name, pk = decode_global_id(request.path_params["lot_id"])
    except MalformedId:
        return error_response(404, *NOT_FOUND)
    if type_name != "Lot":
        return error_response(404, *NOT_FOUND)
    async with app_state(request).engine.connect() as conn:
        document = await lot_events_document(conn, lot_id=pk)
    if document is None:
        return error_response(404, *NOT_FOUND)
    return ORJSONResponse(document, media_type="application/ld+json",
                          headers={"Cache-Control": "private, no-store"})


routes = [Route("/epcis/lots/{lot_id}", lot_events, methods=["GET"])]
