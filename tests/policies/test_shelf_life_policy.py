"""MIN_SHELF_LIFE_DAYS: the larger of the deciding policy and the customer's own minimum
decides which lots allocation takes and which may ship; read once per call, not per line."""

from sqlalchemy import select

from backend.db.models import Allocation, AllocationIssue, SalesOrderLine
from backend.domain.inventory.expiry import run_expiry
from backend.domain.tx import transaction
from backend.enums import AllocationIssueReason
from backend.observability.sql_count import StatementCounter
from tests.policies.support import DEACTIVATE, new_line, new_region, set_keys, set_policy
from tests.support import builders
from tests.support.documents import ALLOCATE, SHIP
from tests.support.ids import gid, pk

ATP = """query($input: AvailableToPromiseInput!) { availableToPromise(input: $input) {
  lines { fromStock } userErrors { code } } }"""


async def _setup(sessionmaker, *, customer_days: int):
    """A customer of its own region, a product of its own line, and two lots of it in the
    warehouse serving the region: one expiring in 100 days, one in 400."""
    line, region = new_line(), await new_region(sessionmaker, "NL-RTM")
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    await set_keys(sessionmaker, product.id, line=line)
    short = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"],
                                    quantity=5, expires_in_days=100)
    long = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"],
                                   quantity=5, expires_in_days=400)
    customer = await builders.make_customer(sessionmaker, place=(region, 51.9, 4.5),
                                            shelf_life_days=customer_days)
    return line, product, customer, short, long


async def _order(sessionmaker, customer, product, quantity: int) -> str:
    async with sessionmaker() as s, s.begin():
        order = await builders.approved(s, customer.id, [(product.id, quantity)])
    return gid("SalesOrder", order.id)


def _lots(order: dict) -> list[str]:
    return [a["lot"]["lotNumber"] for line in order["lines"] for a in line["allocations"]]


async def test_a_policy_longer_than_the_customer_minimum_skips_short_lots(
    client, sessionmaker
) -> None:
    line, product, customer, short, long = await _setup(sessionmaker, customer_days=30)
    # Without the policy, FEFO takes the lot that expires first.
    first = await _order(sessionmaker, customer, product, 2)
    done = (await client.call("sales", ALLOCATE, id=first))["allocateSalesOrder"]
    assert done["userErrors"] == [] and _lots(done["order"]) == [short.lot_number]

    policy = await set_policy(client, "MIN_SHELF_LIFE_DAYS", "200", productLine=line)
    atp = (await client.call("sales", ATP, input={
        "customerId": gid("Customer", customer.id),
        "lines": [{"productId": gid("Product", product.id), "quantity": 8}]}))
    assert atp["availableToPromise"]["lines"][0]["fromStock"] == 5  # the long lot only
    second = await _order(sessionmaker, customer, product, 2)
    done = (await client.call("sales", ALLOCATE, id=second))["allocateSalesOrder"]
    assert done["userErrors"] == [] and _lots(done["order"]) == [long.lot_number]
    # More than the long lot holds: refused, though the short lot has stock.
    third = await _order(sessionmaker, customer, product, 4)
    refused = (await client.call("sales", ALLOCATE, id=third))["allocateSalesOrder"]
    assert [e["code"] for e in refused["userErrors"]] == ["INSUFFICIENT_STOCK"]

    # The first order holds the short lot: shipping it now is refused...
    shipped = (await client.call("warehouse", SHIP, input={"orderId": first}))["createShipment"]
    assert shipped["shipment"] is None
    assert [e["code"] for e in shipped["userErrors"]] == ["SHELF_LIFE_TOO_SHORT"]
    assert "200 days" in shipped["userErrors"][0]["message"]
    # ...and allowed once the policy is gone (the customer's 30 days are met).
    await client.call("admin", DEACTIVATE, id=policy["id"], reason="Test over")
    shipped = (await client.call("warehouse", SHIP, input={"orderId": first}))["createShipment"]
    assert shipped["userErrors"] == [] and shipped["shipment"]["status"] == "SHIPPED"


async def test_a_customer_minimum_longer_than_the_policy_still_rules(
    client, sessionmaker
) -> None:
    line, product, customer, short, long = await _setup(sessionmaker, customer_days=150)
    policy = await set_policy(client, "MIN_SHELF_LIFE_DAYS", "60", productLine=line)
    order = await _order(sessionmaker, customer, product, 3)
    done = (await client.call("sales", ALLOCATE, id=order))["allocateSalesOrder"]
    assert done["userErrors"] == [] and _lots(done["order"]) == [long.lot_number]
    shipped = (await client.call("warehouse", SHIP, input={"orderId": order}))["createShipment"]
    assert shipped["userErrors"] == []
    await client.call("admin", DEACTIVATE, id=policy["id"], reason="Test over")


async def test_many_lines_read_the_policies_once(client, sessionmaker, live_server) -> None:
    line, region = new_line(), await new_region(sessionmaker, "NL-RTM")
    wh = await builders.warehouses(sessionmaker)
    products = []
    for _ in range(3):
        product = await builders.make_product(sessionmaker)
        await set_keys(sessionmaker, product.id, line=line)
        await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=3)
        products.append(product)
    policy = await set_policy(client, "MIN_SHELF_LIFE_DAYS", "100", productLine=line)
    customer = await builders.make_customer(sessionmaker, place=(region, 51.9, 4.5))
    async with sessionmaker() as s, s.begin():
        order = await builders.approved(s, customer.id, [(p.id, 2) for p in products])
    order_id = gid("SalesOrder", order.id)
    await client.token("sales"), await client.token("warehouse")

    counter = StatementCounter(keep=True).attach(live_server.app.state.engine)
    try:
        start = 0
        reads: dict[str, int] = {}
        for name, user, document, variables in (
            ("allocate", "sales", ALLOCATE, {"id": order_id}),
            ("ship", "warehouse", SHIP, {"input": {"orderId": order_id}}),
        ):
            result = await client.call(user, document, variables)
            assert next(iter(result.values()))["userErrors"] == [], result
            assert counter.statements is not None
            reads[name] = sum("config_policies" in text
                              for _, text in counter.statements[start:])
            start = len(counter.statements)
    finally:
        counter.detach()
    assert reads == {"allocate": 1, "ship": 1}
    await client.call("admin", DEACTIVATE, id=policy["id"], reason="Test over")


async def test_the_expiry_job_moves_reservations_a_new_policy_makes_too_short(
    client, sessionmaker
) -> None:
    line, product, customer, short, long = await _setup(sessionmaker, customer_days=30)
    order = await _order(sessionmaker, customer, product, 3)
    done = (await client.call("sales", ALLOCATE, id=order))["allocateSalesOrder"]
    assert _lots(done["order"]) == [short.lot_number]
    policy = await set_policy(client, "MIN_SHELF_LIFE_DAYS", "200", productLine=line)
    async with transaction(sessionmaker) as session:
        await run_expiry(session)
    async with sessionmaker() as session:
        issues = list(await session.scalars(select(AllocationIssue).where(
            AllocationIssue.order_id == pk(order))))
        lots = set(await session.scalars(
            select(Allocation.lot_id).join(SalesOrderLine)
            .where(SalesOrderLine.order_id == pk(order))))
    assert [(i.reason, i.lot_id, i.reallocated_quantity) for i in issues] == [
        (AllocationIssueReason.SHELF_LIFE_TOO_SHORT, short.id, 3)]
    assert lots == {long.id}
    await client.call("admin", DEACTIVATE, id=policy["id"], reason="Test over")
