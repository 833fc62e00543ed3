"""Fifty allocations at once, each on its own connection, against stock that fills twenty."""

import asyncio
import time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from backend.db.models import SalesOrder, StockBalance, StockMove
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales.allocation import allocate_sales_order
from backend.domain.sales.approvals import submit_sales_order
from backend.domain.sales.orders import create_sales_order
from backend.domain.tx import transaction
from backend.enums import OrderStatus
from tests.support import builders

ORDERS = 50


async def test_fifty_concurrent_allocations_never_oversell(
    database_url, sessionmaker, demo_data, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lots = [
        await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=12),
        await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=8),
    ]
    customer = await builders.make_customer(sessionmaker)
    async with sessionmaker() as s:
        actor = await builders.demo_actor(s, "sales")
    order_ids = []
    async with transaction(sessionmaker) as s:
        for _ in range(ORDERS):
            order = await create_sales_order(
                s, actor=actor, customer_id=customer.id, lines=[LineRequest(product.id, 1)]
            )
            await submit_sales_order(s, actor=actor, order_id=order.id)
            order_ids.append(order.id)

    # One connection per allocation, all opened before any of them starts.
    engine = create_async_engine(database_url, poolclass=NullPool)
    connections = async_sessionmaker(engine, expire_on_commit=False)
    ready = asyncio.Barrier(ORDERS)

    async def allocate(order_id: int) -> ErrorCode | None:
        async with connections() as session:
            await session.connection()
            await ready.wait()
            try:
                await allocate_sales_order(session, actor=actor, order_id=order_id)
            except DomainError as error:
                await session.rollback()
                return error.problems[0].code
            await session.commit()
        return None

    try:
        started = time.perf_counter()
        outcomes = await asyncio.gather(*(allocate(pk) for pk in order_ids))
        elapsed = time.perf_counter() - started
    finally:
        await engine.dispose()

    successes = outcomes.count(None)
    refusals = [o for o in outcomes if o is not None]
    print(
        f"\n{ORDERS} concurrent allocations: {successes} allocated, {len(refusals)} refused "
        f"with INSUFFICIENT_STOCK, in {elapsed:.2f} s"
    )
    assert successes == 20
    assert refusals == [ErrorCode.INSUFFICIENT_STOCK] * 30
    async with sessionmaker() as s:
        balances = (
            await s.scalars(
                select(StockBalance).where(StockBalance.lot_id.in_([lot.id for lot in lots]))
            )
        ).all()
        assert sorted((b.on_hand, b.reserved) for b in balances) == [(8, 8), (12, 12)]
        for balance in balances:
            moved = sum(
                await s.scalars(
                    select(StockMove.quantity).where(
                        StockMove.lot_id == balance.lot_id,
                        StockMove.warehouse_id == balance.warehouse_id,
                    )
                )
            )
            assert moved == balance.on_hand
        statuses = (
            await s.scalars(select(SalesOrder.status).where(SalesOrder.id.in_(order_ids)))
        ).all()
        assert sorted(statuses) == sorted(
            [OrderStatus.ALLOCATED] * 20 + [OrderStatus.APPROVED] * 30
        )
