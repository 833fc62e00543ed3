"""EPCIS 2.0 over HTTP, for staff: `GET /epcis/lots/{id}` (a lot's history as an EPCISDocument)
and `GET /epcis/events?gtin=&lot=&EQ_bizStep=&GE_eventTime=&LT_eventTime=` (an
EPCISQueryDocument of the matching events). Receipts name suppliers and shipments customers:
partners are refused."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.api.ids import MalformedId, decode_global_id
from backend.auth.requests import authenticate, bearer_token
from backend.domain.actor import Actor
from backend.domain.standards.epcis_query import (
    EventQuery,
    QueryParameterError,
    lot_document,
    query_document,
)
from backend.http.responses import ORJSONResponse, error_response
from backend.state import app_state

NOT_FOUND = ("not_found", "No such lot.")
JSON_LD = "application/ld+json"
NO_STORE = {"Cache-Control": "private, no-store"}


def _refusal(request: Request) -> Response | None:
    claims, _ = authenticate(request, bearer_token(request))
    if claims is None:
        return error_response(
            401, "unauthenticated", "Send a valid bearer token.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not Actor.of(claims.user_id, claims.roles, claims.customer_id).is_staff:
        return error_response(403, "forbidden", "Event exports are for staff.")
    return None


async def lot_events(request: Request) -> Response:
    if (refused := _refusal(request)) is not None:
        return refused
    try:
        type_name, pk = decode_global_id(request.path_params["lot_id"])
    except MalformedId:
        return error_response(404, *NOT_FOUND)
    if type_name != "Lot":
        return error_response(404, *NOT_FOUND)
    async with app_state(request).engine.connect() as conn:
        document = await lot_document(conn, pk)
    if document is None:
        return error_response(404, *NOT_FOUND)
    return ORJSONResponse(document, media_type=JSON_LD, headers=NO_STORE)


async def events(request: Request) -> Response:
    if (refused := _refusal(request)) is not None:
        return refused
    params = {name: request.query_params.getlist(name) for name in request.query_params}
    try:
        query = EventQuery.parse(params)
    except QueryParameterError as exc:
        return error_response(400, "bad_request", str(exc))
    async with app_state(request).engine.connect() as conn:
        document = await query_document(conn, query)
    return ORJSONResponse(document, media_type=JSON_LD, headers=NO_STORE)


routes = [
    Route("/epcis/lots/{lot_id}", lot_events, methods=["GET"]),
    Route("/epcis/events", events, methods=["GET"]),
]
