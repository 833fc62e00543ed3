"""Reading what pricing needs: products and the customer's and default price lists."""

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, PriceList, PriceListItem, Product
from backend.domain.finance.taxes import rate_for
from backend.domain.rules.pricing import ProductFacts, list_price


async def product_facts(
    session: AsyncSession, customer: Customer, product_ids: Iterable[int]
) -> dict[int, ProductFacts]:
    """Facts per existing product id, priced from the customer's list, else the default list."""
    ids = set(product_ids)
    products = (await session.scalars(select(Product).where(Product.id.in_(ids)))).all()
    today = datetime.now(UTC).date()
    lists = (
        select(
            PriceListItem.price_list_id,
            PriceListItem.product_id,
            PriceListItem.unit_price,
            PriceList.is_default,
        )
        .join(PriceList, PriceList.id == PriceListItem.price_list_id)
        .where(
            PriceListItem.product_id.in_(ids),
            or_(PriceList.id == customer.price_list_id, PriceList.is_default),
            or_(PriceList.valid_from.is_(None), PriceList.valid_from <= today),
            or_(PriceList.valid_to.is_(None), PriceList.valid_to >= today),
        )
    )
    own, default = {}, {}
    for row in await session.execute(lists):
        if row.price_list_id == customer.price_list_id:
            own[row.product_id] = row.unit_price
        elif row.is_default:
            default[row.product_id] = row.unit_price
    # The rate follows the tax rules (ship-to country, tax category, tax status).
    rates = {p.id: (await rate_for(session, customer, p, on=today)).rate for p in products}
    return {
        p.id: ProductFacts(
            sku=p.sku,
            sellable=p.sellable,
            active=p.active,
            tax_rate=rates[p.id],
            list_price=list_price(
                p.id, customer_prices=own, default_prices=default, catalogue_price=p.unit_price
            ),
        )
        for p in products
    }
