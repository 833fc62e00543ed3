"""How much shelf life a lot must have left to be sold: the larger of the
MIN_SHELF_LIFE_DAYS policy that decides the sale and the customer's own minimum.

Allocation, reservation top-ups, the promise, shipping and the expiry sweep all ask here.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Product
from backend.domain.policies import resolve
from backend.enums import ConfigPolicyKind

KIND = ConfigPolicyKind.MIN_SHELF_LIFE_DAYS


class ProductKeys(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def product_line(self) -> str | None: ...
    @property
    def device_class(self) -> object: ...


class CustomerKeys(Protocol):
    @property
    def region(self) -> str | None: ...
    @property
    def min_remaining_shelf_life_days(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Requirement:
    """Days of shelf life a product must have left for one customer, and why."""

    days: int
    policy_days: int
    customer_days: int

    def cutoff(self, today: date) -> date:
        """Lots expiring before this day are neither allocated nor shipped."""
        return today + timedelta(days=self.days)


def required(policies: resolve.Policies, product: ProductKeys,
             customer: CustomerKeys) -> Requirement:
    return needed(policies, subject(product, customer.region),
                  customer.min_remaining_shelf_life_days)


def needed(policies: resolve.Policies, sale: resolve.Subject,
           customer_days: int | None) -> Requirement:
    policy_days = int(policies.decide(KIND, sale).value)
    own = customer_days or 0
    return Requirement(max(policy_days, own), policy_days, own)


def subject(product: ProductKeys, region: str | None) -> resolve.Subject:
    return resolve.subject(product.product_line, product.device_class, region)


async def requirements(
    session: AsyncSession, customer: CustomerKeys, products: Iterable[ProductKeys],
) -> dict[int, Requirement]:
    """Per product id, for products the caller has read (one statement: the policies)."""
    policies = await resolve.load(session, KIND)
    return {p.id: required(policies, p, customer) for p in products}


async def product_keys(session: AsyncSession, product_ids: Iterable[int]) -> list[Any]:
    """What policies key on, with the tracking mode, for products the caller has not read."""
    return list((await session.execute(
        select(Product.id, Product.product_line, Product.device_class, Product.tracking_mode)
        .where(Product.id.in_(sorted(set(product_ids))))
    )).all())


def cutoffs(reqs: Mapping[int, Requirement], today: date) -> dict[int, date]:
    return {pk: r.cutoff(today) for pk, r in reqs.items()}
