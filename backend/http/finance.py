"""GET /finance/statements/{customer id}.pdf?from=&to=: a customer statement as PDF, for
staff and for the customer's own partner users (others get 404, like a missing customer)."""

from datetime import date
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.api.ids import MalformedId, decode_global_id
from backend.auth.requests import authenticate_current, bearer_token
from backend.domain.errors import DomainError
from backend.domain.finance import settings, statements
from backend.http.responses import error_response
from backend.resolvers.context import actor_of
from backend.resolvers.loaders import Loaders
from backend.state import app_state

NOT_FOUND = ("not_found", "No such customer, or you may not see it.")


async def statement_pdf(request: Request) -> Response:
    claims, _ = await authenticate_current(request, bearer_token(request))
    if claims is None:
        return error_response(401, "unauthenticated", "Send a valid bearer token.",
                              headers={"WWW-Authenticate": "Bearer"})
    try:
        type_name, pk = decode_global_id(request.path_params["customer_id"])
        from_ = date.fromisoformat(request.query_params["from"])
        to = date.fromisoformat(request.query_params["to"])
    except (MalformedId, KeyError, ValueError):
        return error_response(400, "bad_request", "Give a customer id, `from` and `to` dates.")
    if type_name != "Customer":
        return error_response(404, *NOT_FOUND)
    actor = actor_of(claims)
    engine = app_state(request).engine
    customer = await Loaders(engine, actor).customer_by_id.load(pk)
    if customer is None:
        return error_response(404, *NOT_FOUND)
    async with engine.connect() as conn:
        try:
            found = await statements.statement(conn, pk, from_, to)
        except DomainError as error:
            return error_response(400, "bad_request", error.problems[0].message)
        company = (await settings.load(conn)).company_name
    content = statements.statement_pdf(found, customer.name, customer.code, company)
    name = f"statement-{customer.code}-{from_.isoformat()}-{to.isoformat()}.pdf"
    return Response(content, media_type="application/pdf", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
    })


routes = [Route("/finance/statements/{customer_id}.pdf", statement_pdf, methods=["GET"])]
