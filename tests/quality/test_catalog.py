"""Products are created through the domain, which refuses GTINs with a wrong check digit."""

from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.domain.actor import SYSTEM
from backend.domain.errors import DomainError
from backend.domain.masterdata.catalog import create_product
from backend.enums import DeviceClass, TrackingMode
from tests.support.builders import new_gtin, unique


async def make(sessionmaker: async_sessionmaker[AsyncSession], gtin: str, sku: str | None = None):
    async with sessionmaker() as session, session.begin():
        return await create_product(
            session, actor=SYSTEM, sku=sku or unique("CAT"), gtin=gtin, name="Catheter",
            device_class=DeviceClass.IIB, tracking_mode=TrackingMode.LOT,
            unit_price=Decimal("12.50"), tax_rate=Decimal("0.09"), shelf_life_days=365,
        )


@pytest.mark.parametrize("gtin", ["09506000134353", "9506000134353", "0950600013435X", ""])
async def test_invalid_gtins_are_refused(sessionmaker, demo_data, gtin: str) -> None:  # noqa: ANN001
    with pytest.raises(DomainError) as refused:
        await make(sessionmaker, gtin)
    problems = [(p.code, p.field) for p in refused.value.problems]
    assert problems == [("INVALID_GTIN", ("input", "gtin"))]


async def test_valid_gtin_is_accepted_once(sessionmaker, demo_data) -> None:  # noqa: ANN001
    gtin = new_gtin()
    product = await make(sessionmaker, gtin)
    assert product.gtin == gtin
    with pytest.raises(DomainError) as refused:
        await make(sessionmaker, gtin)
    assert refused.value.problems[0].code == "DUPLICATE"
