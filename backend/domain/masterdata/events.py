"""Announcing master data changes through the outbox (webhooks, caches that follow it)."""

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.trust import outbox

# One topic per record type, naming the record and the fields changed.
TOPICS = {"Customer": "customer.changed", "Supplier": "supplier.changed",
          "Product": "product.changed", "Warehouse": "warehouse.changed",
          "PriceList": "price_list.changed"}


async def changed(session: AsyncSession, record_type: str, record_id: int,
                  fields: Iterable[str], *, customer_id: int | None = None) -> None:
    topic = TOPICS[record_type]
    await outbox.emit(session, topic=topic, aggregate_type=record_type, aggregate_id=record_id,
                      payload={"id": record_id, "fields": sorted(fields)},
                      customer_id=customer_id)
