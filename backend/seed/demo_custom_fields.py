"""Demo custom fields, defined and filled through the domain as an administrator would:
how products are sterilised (required for wound care and surgical lines), tender numbers
on orders (partners see them), bioburden on lots and beds of hospitals."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, Lot, Product, SalesOrder
from backend.domain.actor import SYSTEM
from backend.domain.customfields.definitions import Scoping, create_definition
from backend.domain.customfields.values import FieldValue, apply_values
from backend.enums import CustomerKind, CustomFieldEntity, CustomFieldType

E, T = CustomFieldEntity, CustomFieldType
STERILISATION = {"Wound care": "GAMMA", "Surgical": "EO"}
BEDS = {"HOSP-BER": "1240", "HOSP-MRS": "860", "HOSP-MIL": "1510"}


async def load_custom_fields(session: AsyncSession) -> None:
    await create_definition(
        session, actor=SYSTEM, entity=E.PRODUCT, key="sterilisationMethod", kind=T.ENUM,
        scoping=Scoping(label="Sterilisation method", required=True,
                        enum_values=["EO", "GAMMA", "STEAM"],
                        product_lines=sorted(STERILISATION),
                        help_text="As validated for the sterile barrier system."))
    await create_definition(
        session, actor=SYSTEM, entity=E.SALES_ORDER, key="tenderNumber", kind=T.TEXT,
        scoping=Scoping(label="Tender number", visible_to_partners=True,
                        help_text="The hospital tender the order is placed under."))
    await create_definition(
        session, actor=SYSTEM, entity=E.LOT, key="bioburden", kind=T.NUMBER,
        scoping=Scoping(label="Bioburden (CFU/unit)"))
    await create_definition(
        session, actor=SYSTEM, entity=E.CUSTOMER, key="beds", kind=T.NUMBER,
        scoping=Scoping(label="Beds"))

    for product in await session.scalars(select(Product).where(
            Product.product_line.in_(sorted(STERILISATION))).order_by(Product.id)):
        await _fill(session, E.PRODUCT, product.id, "sterilisationMethod",
                    STERILISATION[product.product_line or ""])
    orders = (await session.scalars(select(SalesOrder).order_by(SalesOrder.id))).all()
    for n, order in enumerate(orders[::3]):
        await _fill(session, E.SALES_ORDER, order.id, "tenderNumber", f"TND-2026-{n + 101:04d}")
    lots = (await session.scalars(select(Lot).order_by(Lot.id))).all()
    for n, lot in enumerate(lots[::2][:8]):
        await _fill(session, E.LOT, lot.id, "bioburden", f"{12 + n * 3}.50")
    for customer in await session.scalars(select(Customer).where(
            Customer.kind == CustomerKind.HOSPITAL).order_by(Customer.id)):
        await _fill(session, E.CUSTOMER, customer.id, "beds", BEDS.get(customer.code, "420"))


async def _fill(session: AsyncSession, entity: CustomFieldEntity, record_id: int, key: str,
                value: str) -> None:
    await apply_values(session, SYSTEM, entity, record_id, [FieldValue(key, value)],
                       ("customFields",), creating=False)
