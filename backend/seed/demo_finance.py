"""The finance desk's demo data, made through the domain functions: the Dutch seller, its
bank account, tax rules per country, category and status, and the customers' terms."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, Product, User
from backend.domain.actor import Actor
from backend.domain.finance import customer_terms, settings, taxes
from backend.enums import CustomerTaxStatus as S
from backend.enums import InvoicingPolicy, Role

IBAN = "NL91ABNA0417164300"
COMPANY = {
    "company_name": "Medilane Medical Devices B.V.",
    "company_vat_number": "NL859123456B01",
    "company_country": "NL",
    "company_address": "Stationsplein 101, 3511 ED Utrecht, NL",
    "default_invoicing_policy": "PER_SHIPMENT",
    "invoice_on": "DELIVERED",
    "write_off_threshold": "5.00",
}
REDUCED = ("STN-CR3018", "SUT-PGA30", "CAN-IV20G", "DRS-")  # stents, sutures, cannulas, dressings
REVERSE_CHARGE = "Intra-Community supply, VAT reverse charge (art. 138 VAT Directive)"
EXPORT = "Export outside the EU, VAT exempt (art. 146 VAT Directive)"
EXEMPT = "VAT exempt under the customer's exemption certificate"
RATES = [  # country, STANDARD, MEDICAL_REDUCED
    ("NL", "0.2100", "0.0900"),
    ("DE", "0.1900", "0.1900"),
    ("FR", "0.2000", "0.0550"),
    ("IT", "0.2200", "0.0400"),
    ("ES", "0.2100", "0.1000"),
]
TERMS = {
    "DIST-A": {"country": "NL", "vat_number": "NL004495445B01", "tax_status": S.STANDARD},
    "HOSP-BER": {"country": "DE", "tax_status": S.STANDARD},
    "DIST-B": {"country": "DE", "vat_number": "DE811907980", "tax_status": S.EU_REVERSE_CHARGE},
    "HOSP-MRS": {"country": "FR", "tax_status": S.STANDARD},
    "HOSP-MIL": {"country": "IT", "tax_status": S.STANDARD,
                 "invoicing_policy": InvoicingPolicy.PER_ORDER},
    "CLIN-MAD": {"country": "ES", "tax_status": S.STANDARD},
}


async def finance_actor(session: AsyncSession) -> Actor:
    user = await session.scalar(select(User).where(User.username == "finance"))
    return Actor(user.id if user else None, frozenset({Role.FINANCE.value}))


async def load_finance_desk(session: AsyncSession, today: date) -> None:
    """Settings, bank account, tax rules, product categories and customer terms."""
    actor = await finance_actor(session)
    await settings.store(session, COMPANY)
    await settings.ensure_bank_account(session, name="ABN AMRO current account", iban=IBAN,
                                       currency="EUR", ledger_account="1100")
    start = date(today.year - 2, 1, 1)
    for country, standard, reduced in RATES:
        for category, rate in (("STANDARD", standard), ("MEDICAL_REDUCED", reduced)):
            await taxes.set_tax_rule(session, actor=actor, country=country, tax_category=category,
                                     customer_tax_status=S.STANDARD, rate=Decimal(rate),
                                     legal_note=None, valid_from=start, valid_to=None)
    for category in ("STANDARD", "MEDICAL_REDUCED"):
        for status, note in ((S.EU_REVERSE_CHARGE, REVERSE_CHARGE), (S.EXPORT, EXPORT),
                             (S.EXEMPT, EXEMPT)):
            await taxes.set_tax_rule(session, actor=actor, country=None, tax_category=category,
                                     customer_tax_status=status, rate=Decimal(0),
                                     legal_note=note, valid_from=start, valid_to=None)
    for product in await session.scalars(select(Product)):
        if product.sku.startswith(REDUCED):
            await taxes.set_product_tax_category(session, actor=actor, product_id=product.id,
                                                 tax_category="MEDICAL_REDUCED")
    for code, terms in TERMS.items():
        customer_id = await session.scalar(select(Customer.id).where(Customer.code == code))
        if customer_id is not None:
            await customer_terms.set_terms(session, actor=actor, customer_id=customer_id,
                                           **terms)  # type: ignore[arg-type]
