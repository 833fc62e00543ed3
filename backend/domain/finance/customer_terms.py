"""A customer's finance terms: ship-to country, VAT number, tax status, invoicing policy."""

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance.taxes import valid_country
from backend.domain.trust import audit
from backend.enums import AuditAction, CustomerTaxStatus, InvoicingPolicy

VAT = re.compile(r"^[A-Z]{2}[0-9A-Z+*.]{2,12}$")
FIELDS = ("country", "vat_number", "tax_status", "invoicing_policy", "payment_terms_days")


async def set_terms(
    session: AsyncSession, *, actor: Actor, customer_id: int, country: str | None = None,
    vat_number: str | None = None, tax_status: CustomerTaxStatus | None = None,
    invoicing_policy: InvoicingPolicy | None = None, clear_invoicing_policy: bool = False,
    payment_terms_days: int | None = None,
) -> Customer:
    problems = []
    country = country.strip().upper() if country else country
    vat = vat_number.replace(" ", "").upper() if vat_number else vat_number
    if country is not None and (not country or not valid_country(country)):
        problems.append(Problem(ErrorCode.INVALID, "The country is ISO 3166-1 alpha-2, e.g. DE.",
                                ("input", "country")))
    if vat and not VAT.match(vat):
        problems.append(Problem(ErrorCode.INVALID, "A VAT number starts with its country code, "
                                "e.g. DE123456789.", ("input", "vatNumber")))
    if payment_terms_days is not None and not 0 <= payment_terms_days <= 365:
        problems.append(Problem(ErrorCode.INVALID, "Payment terms are 0 to 365 days.",
                                ("input", "paymentTermsDays")))
    if clear_invoicing_policy and invoicing_policy is not None:
        problems.append(Problem(ErrorCode.INVALID, "Set a policy or clear it, not both.",
                                ("input", "clearInvoicingPolicy")))
    if problems:
        raise DomainError(problems)
    customer = await session.scalar(select(Customer).where(Customer.id == customer_id)
                                    .with_for_update())
    if customer is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such customer.", ("input", "customerId"))
    before = {f: getattr(customer, f) for f in FIELDS}
    if country is not None:
        customer.country = country
    if vat_number is not None:
        customer.vat_number = vat or None
    if tax_status is not None:
        customer.tax_status = tax_status
    if invoicing_policy is not None:
        customer.invoicing_policy = invoicing_policy
    if clear_invoicing_policy:
        customer.invoicing_policy = None
    if payment_terms_days is not None:
        customer.payment_terms_days = payment_terms_days
    status = CustomerTaxStatus(customer.tax_status)
    if status == CustomerTaxStatus.EU_REVERSE_CHARGE and not customer.vat_number:
        raise DomainError.single(ErrorCode.INVALID, "Reverse charge needs the customer's VAT "
                                 "number.", ("input", "vatNumber"))
    await session.flush()
    after = {f: getattr(customer, f) for f in FIELDS}
    await audit.record(session, actor_id=actor.user_id,
                       action=AuditAction.CUSTOMER_FINANCE_TERMS_SET, entity_type="Customer",
                       entity_id=customer.id, changes=audit.diff(before, after))
    return customer
