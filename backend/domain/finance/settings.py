"""Finance settings as data (rows of `sales_settings`): policy, trigger, threshold, company."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db.models import BankAccount, SalesSetting
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rules.money import is_whole_cents
from backend.domain.trust import audit
from backend.enums import AuditAction, InvoiceTrigger, InvoicingPolicy

DEFAULTS = {
    "invoice_on": "DELIVERED",
    "default_invoicing_policy": "PER_SHIPMENT",
    "write_off_threshold": "5.00",
    "currency": "EUR",
    "company_name": "ERP Medical B.V.",
    "company_vat_number": "",
    "company_country": "NL",
    "company_address": "",
}


@dataclass(frozen=True, slots=True)
class FinanceSettings:
    currency: str
    default_invoicing_policy: InvoicingPolicy
    invoice_on: InvoiceTrigger
    write_off_threshold: Decimal
    company_name: str
    company_vat_number: str
    company_country: str
    company_address: str


STORED: Select[Any] = select(  # type: ignore[assignment]
    SalesSetting.key, SalesSetting.value).where(SalesSetting.key.in_(DEFAULTS))


async def load(db: AsyncSession | AsyncConnection) -> FinanceSettings:
    return of_rows((await db.execute(STORED)).all())


def of_rows(rows: Sequence[Any]) -> FinanceSettings:
    """The settings from the stored (key, value) rows; defaults for what is not stored."""
    v = {**DEFAULTS, **{row[0]: row[1] for row in rows}}
    return FinanceSettings(
        currency=v["currency"],
        default_invoicing_policy=InvoicingPolicy(v["default_invoicing_policy"]),
        invoice_on=InvoiceTrigger(v["invoice_on"]),
        write_off_threshold=Decimal(v["write_off_threshold"]),
        company_name=v["company_name"], company_vat_number=v["company_vat_number"],
        company_country=v["company_country"], company_address=v["company_address"],
    )


async def store(session: AsyncSession, values: dict[str, str]) -> None:
    for key, value in values.items():
        await session.execute(
            insert(SalesSetting).values(key=key, value=value)
            .on_conflict_do_update(index_elements=["key"], set_={"value": value}))


async def update_settings(
    session: AsyncSession, *, actor: Actor, default_invoicing_policy: InvoicingPolicy | None,
    invoice_on: InvoiceTrigger | None, write_off_threshold: Decimal | None,
) -> FinanceSettings:
    if write_off_threshold is not None and not (
        is_whole_cents(write_off_threshold) and write_off_threshold >= 0
    ):
        raise DomainError.single(ErrorCode.INVALID, "The threshold is zero or more, in cents.",
                                 ("input", "writeOffThreshold"))
    before = await load(session)
    changes: dict[str, str] = {}
    if default_invoicing_policy is not None:
        changes["default_invoicing_policy"] = default_invoicing_policy.value
    if invoice_on is not None:
        changes["invoice_on"] = invoice_on.value
    if write_off_threshold is not None:
        changes["write_off_threshold"] = str(write_off_threshold)
    await store(session, changes)
    await session.flush()
    after = await load(session)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.FINANCE_SETTINGS_UPDATED,
        entity_type="FinanceSettings", entity_id=None,
        changes={k: (getattr(before, k), getattr(after, k)) for k in changes},
    )
    return after


async def bank_accounts(db: AsyncSession | AsyncConnection) -> list[BankAccount]:
    if isinstance(db, AsyncSession):
        return list(await db.scalars(select(BankAccount).order_by(BankAccount.id)))
    return list((await db.execute(select(BankAccount).order_by(BankAccount.id))).scalars())


async def default_bank_account(session: AsyncSession) -> BankAccount | None:
    return await session.scalar(select(BankAccount).order_by(BankAccount.id).limit(1))


async def ensure_bank_account(session: AsyncSession, *, name: str, iban: str, currency: str,
                              ledger_account: str) -> BankAccount:
    """The company's account with this IBAN, created if missing (seeds, set-up)."""
    iban = iban.replace(" ", "").upper()
    account = await session.scalar(select(BankAccount).where(BankAccount.iban == iban))
    if account is None:
        account = BankAccount(name=name, iban=iban, currency=currency,
                              ledger_account=ledger_account)
        session.add(account)
        await session.flush()
    return account
