"""Fixtures of the finance desk tests: a product with released stock, and the invariant
check over the whole database after each test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import Product
from backend.seed.invariants import check_invariants
from tests.support import builders


@dataclass
class Stock:
    product: Product
    other: Product


@pytest.fixture
async def stock(sessionmaker: async_sessionmaker[AsyncSession], demo_data: object) -> Stock:
    """Two products with 200 released units each at Rotterdam (nearest to the test
    customers); prices that round: 10.01 at 21 % and 33.33 at 21 %."""
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, price="10.01")
    other = await builders.make_product(sessionmaker, price="33.33")
    for p in (product, other):
        await builders.make_lot(sessionmaker, p, warehouse_id=wh["NL-RTM"], quantity=200)
    return Stock(product, other)


@pytest.fixture
async def consistent(
    sessionmaker: async_sessionmaker[AsyncSession], demo_data: object
) -> AsyncIterator[None]:
    """After the test, the whole database still keeps the ledger and stock invariants."""
    yield
    async with sessionmaker() as session:
        assert await check_invariants(session) == []
