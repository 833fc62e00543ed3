"""What a new lot costs per unit: the PO line's price for a purchased lot, else the
supplier's valid price, else the product's standard cost; a made lot costs the value of
the components consumed over the quantity made (`valuation.produced_unit_cost`)."""

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Product
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.purchasing.prices import valid_price
from backend.domain.rules.money import is_whole_cents
from backend.domain.trust import audit
from backend.enums import AuditAction


async def purchase_unit_cost(session: AsyncSession, product: Product, supplier_id: int | None,
                             po_unit_price: Decimal | None = None, on: date | None = None
                             ) -> Decimal | None:
    if po_unit_price is not None:
        return po_unit_price
    if supplier_id is not None:
        price = await valid_price(session, supplier_id, product.id,
                                  on or datetime.now(UTC).date())
        if price is not None:
            return price.unit_price
    return product.standard_cost


async def set_standard_cost(session: AsyncSession, *, actor: Actor, product_id: int | None,
                            standard_cost: Decimal | None) -> Product:
    """The cost new lots of the product get when nothing else prices them (lots already in
    stock keep theirs, so the ledger and the valuation stay equal)."""
    product = await lookup.get(session, Product, product_id, field=("input", "productId"))
    if standard_cost is not None and (standard_cost < 0 or not is_whole_cents(standard_cost)):
        raise DomainError.single(ErrorCode.INVALID, "A cost is at least 0, in whole cents.",
                                 ("input", "standardCost"))
    before = product.standard_cost
    product.standard_cost = standard_cost
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.STANDARD_COST_SET,
                       entity_type="Product", entity_id=product.id,
                       changes={"standard_cost": (before, standard_cost)})
    return product
