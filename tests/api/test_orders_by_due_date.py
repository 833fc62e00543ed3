"""`salesOrders(orderBy: PROMISED_DATE)`: the date the customer counts on (promised, else
requested) first, undated orders last, then by number, the same across Relay pages."""

from datetime import timedelta

from graphql import OperationDefinitionNode, get_operation_ast, parse
from sqlalchemy import update

from backend.db.models import SalesOrder
from backend.domain.tx import transaction
from backend.readpath.plan import NotCompilable, plan_operation
from backend.schema.root import schema
from tests.support.builders import draft_order, today, unique
from tests.support.client import Client

PAGE = """query($q: String!, $after: String, $order: SalesOrderOrderBy) {
  salesOrders(first: 2, after: $after, filter: { search: $q }, orderBy: $order) {
    edges { node { number customerReference } }
    pageInfo { hasNextPage endCursor } } }"""


async def _all_pages(client: Client, term: str, order: str | None
                     ) -> tuple[list[tuple[str, str]], int]:
    """(customer reference, number) of every order found, page after page; and the pages."""
    numbers: list[tuple[str, str]] = []
    after, pages = None, 0
    while True:
        data = (await client.call("sales", PAGE, q=term, after=after, order=order))["salesOrders"]
        pages += 1
        numbers += [(e["node"]["customerReference"], e["node"]["number"]) for e in data["edges"]]
        if not data["pageInfo"]["hasNextPage"]:
            return numbers, pages
        after = data["pageInfo"]["endCursor"]


async def test_orders_come_by_promised_else_requested_date_across_pages(
    client: Client, sessionmaker, demo_data,
) -> None:
    term = unique("DUE")
    day = today()
    # (promised, requested) in days from today; None: not set.
    dates = {"a": (5, 1), "b": (None, 2), "c": (2, 9), "d": (None, None), "e": (None, None),
             "f": (1, None), "g": (None, 2)}
    ids: dict[str, int] = {}
    for name, (promised, requested) in dates.items():
        ids[name] = await draft_order(sessionmaker, "DIST-A")
        async with transaction(sessionmaker) as s:
            await s.execute(update(SalesOrder).where(SalesOrder.id == ids[name]).values(
                customer_reference=f"{term}-{name}",
                promised_delivery_date=None if promised is None else day + timedelta(promised),
                requested_delivery_date=None if requested is None else day + timedelta(requested),
            ))
    found, pages = await _all_pages(client, term, "PROMISED_DATE")
    number = {reference.rsplit("-", 1)[1]: n for reference, n in found}
    numbers = [n for _, n in found]
    ties_at_2 = sorted([number["b"], number["c"], number["g"]])
    undated = sorted([number["d"], number["e"]])
    assert numbers == [number["f"], *ties_at_2, number["a"], *undated]
    assert pages == 4  # seven orders, two a page, no row twice or lost

    # Without orderBy the list stays newest first.
    newest = [n for _, n in (await _all_pages(client, term, None))[0]]
    assert newest == [number[name] for name in reversed(list(ids))]


def test_the_compiled_read_path_leaves_this_ordering_to_the_resolvers() -> None:
    # The compiled path pages in its own fixed order; a document asking for another is not its.
    for text, compiles in [
        ("{ salesOrders(first: 5) { edges { node { number } } } }", True),
        ("{ salesOrders(first: 5, orderBy: PROMISED_DATE) { edges { node { number } } } }", False),
    ]:
        document = parse(text)
        operation = get_operation_ast(document)
        assert isinstance(operation, OperationDefinitionNode)
        try:
            plan_operation(schema._schema, document, operation, staff=True)
        except NotCompilable:
            assert not compiles, text
        else:
            assert compiles, text
