"""EPCIS 2.0 over HTTP, for staff: `GET /epcis/lots/{id}` (a lot's history as an EPCISDocument)
and `GET /epcis/events?gtin=&lot=&EQ_bizStep=&GE_eventTime=&LT_eventTime=` (an
EPCISQueryDocument of the matching events). Receipts name suppliers and shipments customers:
partners are refused.

`POST /epcis/capture` (WAREHOUSE) takes an EPCISDocument: 400 when it is not JSON or not
valid by GS1's schema, else 202 with the job's Location; `GET /epcis/capture/{id}` tells
how it went. The capture runs in the request, so the job has finished when 202 is sent.
"""

import logging

from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.api.ids import MalformedId, decode_global_id
from backend.auth.requests import authenticate_current, bearer_token
from backend.domain.access_control import grants
from backend.domain.actor import Actor
from backend.domain.standards import epcis_capture
from backend.domain.standards.epcis_query import (
    EventQuery,
    QueryParameterError,
    QueryTooLarge,
    lot_document,
    query_document,
)
from backend.domain.standards.epcis_validation import InvalidDocument, checked_document
from backend.domain.tx import transaction
from backend.http.responses import ORJSONResponse, error_response
from backend.state import app_state

log = logging.getLogger(__name__)

NOT_FOUND = ("not_found", "No such lot.")
JSON_LD = "application/ld+json"
NO_STORE = {"Cache-Control": "private, no-store"}
# One capture is one transaction; beyond this many events a sender splits its document.
MAX_CAPTURE_EVENTS = 10_000


async def _actor(request: Request) -> Actor | Response:
    claims, _ = await authenticate_current(request, bearer_token(request))
    if claims is None:
        return error_response(
            401, "unauthenticated", "Send a valid bearer token.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Actor.of(claims.user_id, claims.roles, claims.customer_id)


async def _refusal(request: Request) -> Response | None:
    actor = await _actor(request)
    if isinstance(actor, Response):
        return actor
    if not actor.is_staff:
        return error_response(403, "forbidden", "Event exports are for staff.")
    return None


async def _warehouse(request: Request) -> Actor | Response:
    actor = await _actor(request)
    # A capture receives and ships: it needs both permissions (WAREHOUSE holds them).
    if isinstance(actor, Actor):
        if not grants.is_fresh():
            async with app_state(request).engine.connect() as conn:
                await grants.ensure_fresh(conn)
        if actor.is_partner or not (actor.has_permission("stock.receive")
                                    and actor.has_permission("shipment.create")):
            return error_response(403, "forbidden", "Capturing events is for the warehouse.")
    return actor


async def lot_events(request: Request) -> Response:
    if (refused := await _refusal(request)) is not None:
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
    if (refused := await _refusal(request)) is not None:
        return refused
    params = {name: request.query_params.getlist(name) for name in request.query_params}
    try:
        query = EventQuery.parse(params)
    except QueryParameterError as exc:
        return error_response(400, "bad_request", str(exc))
    async with app_state(request).engine.connect() as conn:
        try:
            document = await query_document(conn, query)
        except QueryTooLarge as exc:
            return error_response(413, "query_too_large", str(exc))
    return ORJSONResponse(document, media_type=JSON_LD, headers=NO_STORE)


async def capture(request: Request) -> Response:
    actor = await _warehouse(request)
    if isinstance(actor, Response):
        return actor
    try:
        document = checked_document(await request.body())
    except InvalidDocument as exc:
        return error_response(400, "bad_request", str(exc))
    events = document["epcisBody"]["eventList"]
    if len(events) > MAX_CAPTURE_EVENTS:
        return error_response(413, "payload_too_large",
                              f"A capture holds at most {MAX_CAPTURE_EVENTS} events.",
                              headers={"GS1-EPCIS-Capture-Limit": str(MAX_CAPTURE_EVENTS)})
    sessionmaker = app_state(request).sessionmaker
    async with transaction(sessionmaker) as session:
        capture_id = await epcis_capture.start_job(session, actor=actor, event_count=len(events))
    try:
        async with sessionmaker() as session, session.begin() as tx:
            outcome = await epcis_capture.capture(session, actor=actor, capture_id=capture_id,
                                                  events=events)
            if outcome.errors:
                await tx.rollback()
            else:
                await epcis_capture.finish_job(session, capture_id, outcome)
    except IntegrityError:
        # Another capture of the same events committed first: this one applies nothing.
        outcome = epcis_capture.Outcome(errors=[epcis_capture.capture_error(
            None, "Some of these events were captured at the same moment by another request.",
            "DUPLICATE")])
    except Exception:
        log.exception("EPCIS capture %s failed", capture_id)
        outcome = epcis_capture.Outcome(errors=[epcis_capture.capture_error(
            None, "The capture failed; nothing was written.", "INTERNAL")])
    if outcome.errors:
        async with transaction(sessionmaker) as session:
            await epcis_capture.finish_job(session, capture_id, outcome)
    return await _job_response(request, capture_id, 202)


async def capture_job(request: Request) -> Response:
    actor = await _warehouse(request)
    if isinstance(actor, Response):
        return actor
    raw = request.path_params["capture_id"]
    if not raw.isdigit() or len(raw) > 18:
        return error_response(404, "not_found", "No such capture job.")
    return await _job_response(request, int(raw), 200)


async def _job_response(request: Request, capture_id: int, status: int) -> Response:
    async with app_state(request).engine.connect() as conn:
        job = await epcis_capture.job_view(conn, capture_id)
    if job is None:
        return error_response(404, "not_found", "No such capture job.")
    headers = {**NO_STORE, "Location": f"/epcis/capture/{capture_id}"}
    return ORJSONResponse(job, status_code=status, headers=headers)


routes = [
    Route("/epcis/lots/{lot_id}", lot_events, methods=["GET"]),
    Route("/epcis/events", events, methods=["GET"]),
    Route("/epcis/capture", capture, methods=["POST"]),
    Route("/epcis/capture/{capture_id}", capture_job, methods=["GET"]),
]
