"""The finance desk's demo data, made through the domain functions: the Dutch seller, its
bank account, tax rules per country, category and status, and the customers' terms; then the
first run's history (`load_finance_history`): a partly invoiced order, a void and re-issue, a
credit note, a refund, a write-off, invoices in every ageing bucket, a camt.053 statement with
lines in every status and the previous month CLOSED (the statement's opening balance)."""

from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    BankStatementLine,
    Customer,
    Invoice,
    InvoiceLine,
    Product,
    SalesOrder,
    Shipment,
    User,
)
from backend.domain.actor import Actor
from backend.domain.finance import (
    bank,
    bank_matching,
    corrections,
    credit_notes,
    customer_terms,
    invoicing,
    payments,
    periods,
    refunds,
    settings,
    taxes,
)
from backend.domain.finance.invoice_state import balance
from backend.enums import (
    BankStatementFormat,
    BankStatementLineStatus,
    InvoiceStatus,
    InvoicingPolicy,
    Role,
)
from backend.enums import CustomerTaxStatus as S
from backend.seed import demo_data as data

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


async def _order(session: AsyncSession, reference: str) -> SalesOrder:
    return (await session.scalars(select(SalesOrder).where(
        SalesOrder.customer_reference == reference).order_by(SalesOrder.id.desc()).limit(1))
    ).one()


async def _delivered_on(session: AsyncSession, order: SalesOrder) -> list[tuple[int, date]]:
    rows = await session.execute(select(Shipment.id, Shipment.delivered_at).where(
        Shipment.order_id == order.id).order_by(Shipment.delivered_at))
    return [(pk, at.date()) for pk, at in rows if at is not None]


async def _invoice_delivered(session: AsyncSession, actor: Actor, reference: str,
                             first_only: bool = False) -> Invoice:
    """Invoice an order's delivery (or its first only) on the day it was delivered."""
    order = await _order(session, reference)
    shipped = await _delivered_on(session, order)
    chosen = shipped[:1] if first_only else shipped
    return await invoicing.issue_invoice(session, actor=actor, order_id=order.id,
                                         shipment_ids=[pk for pk, _ in chosen],
                                         issued_on=max(on for _, on in chosen))


async def _first_line(session: AsyncSession, invoice: Invoice) -> InvoiceLine:
    return (await session.scalars(select(InvoiceLine).where(
        InvoiceLine.invoice_id == invoice.id).order_by(InvoiceLine.line_number).limit(1))).one()


async def load_finance_history(session: AsyncSession, today: date) -> None:
    """The first run's finance desk, through the domain, in the order it happened (invoice
    numbers rise with their dates); after `load_finance_desk`."""
    actor = await finance_actor(session)
    # Each delivered order invoiced on its delivery day. Past due today: over 90 days
    # (CLIN-MAD), 61-90 (HOSP-BER), 31-60 (HOSP-MRS), 1-30 (DIST-B); DIST-A's is current.
    invoices = {reference: await _invoice_delivered(session, actor, reference) for reference in (
        "CV-0391", "KS-EK-7702", "HVP-2024-087", "NM-PO-44120", "AMV-B-2291", "KS-EK-7781",
        "NM-PO-44388")}
    # DIST-A pays its oldest invoice in full and part of the next.
    _code, days, reference, beyond_first = data.PAYMENT
    paid_a = invoices["NM-PO-44120"]
    await payments.record_payment(session, actor=actor, customer_id=paid_a.customer_id,
                                  amount=paid_a.total + beyond_first,
                                  received_on=today - timedelta(days=days), reference=reference)
    # A partly invoiced order: the first of its two deliveries.
    partly = await _invoice_delivered(session, actor, "NM-PO-44610", first_only=True)
    # A void and re-issue (the shipments become invoiceable again), then a payment short of
    # a few cents by bank charges, written off.
    wrong = invoices["KS-EK-7781"]
    await corrections.void_invoice(session, actor=actor, invoice_id=wrong.id,
                                   reason="Issued to the wrong cost centre; re-issued")
    reissued = await invoicing.issue_invoice(session, actor=actor, order_id=wrong.order_id)
    await payments.record_payment(
        session, actor=actor, customer_id=reissued.customer_id,
        amount=reissued.total - Decimal("3.40"), received_on=today,
        reference=f"KLINIKUM SPREEUFER {reissued.number}", invoice_ids=[reissued.id])
    await corrections.write_off_invoice(session, actor=actor, invoice_id=reissued.id,
                                        reason="Bank charges deducted by the customer's bank")
    # A credit note on an open invoice (DIST-B, one unit returned) ...
    open_b = invoices["AMV-B-2291"]
    line = await _first_line(session, open_b)
    await credit_notes.issue_credit_note(
        session, actor=actor, invoice_id=open_b.id, reason="One unit returned unused",
        lines=[credit_notes.CreditRequest(invoice_line_id=line.id, quantity=1)])
    # ... and one on a paid invoice (DIST-A): a credit balance, partly refunded.
    line = await _first_line(session, paid_a)
    await credit_notes.issue_credit_note(
        session, actor=actor, invoice_id=paid_a.id, reason="Price agreed after delivery",
        lines=[credit_notes.CreditRequest(invoice_line_id=line.id, net_amount=Decimal("400.00"))])
    await refunds.refund_credit(session, actor=actor, customer_id=paid_a.customer_id,
                                amount=Decimal("250.00"), paid_on=today,
                                reference="Refund credit note to Nordmed")
    await session.refresh(open_b)
    await _bank_statement(session, actor, today, matched=partly, proposed=open_b)
    last_month = today.replace(day=1) - timedelta(days=1)
    await periods.close_period(session, actor=actor, year=last_month.year,
                               month=last_month.month)


async def _bank_statement(session: AsyncSession, actor: Actor, today: date, *,
                          matched: Invoice, proposed: Invoice) -> None:
    """Today's camt.053: a payment naming an invoice for its balance (MATCHED), one naming an
    invoice for less (PROPOSED), one naming none (UNMATCHED) and the bank fee (POSTED)."""
    assert proposed.status != InvoiceStatus.PAID and balance(proposed) > Decimal("1000.00")
    entries = [
        (balance(matched), "CRDT", f"Invoice {matched.number}", "Nordmed Distributie B.V."),
        (Decimal("1000.00"), "CRDT", f"Part payment {proposed.number}",
         "Alpenland Medizinprodukte Vertrieb GmbH"),
        (Decimal("871.13"), "CRDT", "Payment order 4471-XK", "Ospedale San Teodoro"),
        (Decimal("12.50"), "DBIT", "Account maintenance fee", "ABN AMRO Bank N.V."),
    ]
    result = await bank.import_statement(
        session, actor=actor, content=camt053(today, entries, f"STMT-{today:%Y%m%d}"),
        file_name=f"camt053-{today:%Y%m%d}.xml", format=BankStatementFormat.CAMT053)
    fee = await session.scalar(select(BankStatementLine).where(
        BankStatementLine.statement_id == result.statement.id,
        BankStatementLine.direction == "DEBIT"))
    assert fee is not None and fee.status == BankStatementLineStatus.UNMATCHED
    await bank_matching.post_line(session, actor=actor, line_id=fee.id, account_code="6800",
                                  memo="Bank charges")


def camt053(booked: date, entries: list[tuple[Decimal, str, str, str]], statement_id: str
            ) -> bytes:
    """A BankToCustomerStatement (camt.053.001.02) of the company's account."""
    opening = Decimal("150000.00")
    closing = opening + sum((a if d == "CRDT" else -a for a, d, _, _ in entries), Decimal(0))
    day = booked.isoformat()
    ntry = "".join(f"""
    <Ntry><NtryRef>{n}</NtryRef><Amt Ccy="EUR">{amount:.2f}</Amt><CdtDbtInd>{d}</CdtDbtInd>
      <Sts>BOOK</Sts><BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>
      <AcctSvcrRef>{statement_id}-{n:04d}</AcctSvcrRef>
      <NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
        <RltdPties><{"Dbtr" if d == "CRDT" else "Cdtr"}><Nm>{escape(name)}</Nm></{
            "Dbtr" if d == "CRDT" else "Cdtr"}></RltdPties>
        <RmtInf><Ustrd>{escape(text)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"""
                   for n, (amount, d, text, name) in enumerate(entries, start=1))
    balances = "".join(
        f'<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{amount:.2f}</Amt>'
        f"<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>"
        for code, amount in (("OPBD", opening), ("CLBD", closing)))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt><GrpHdr><MsgId>MSG-{statement_id}</MsgId><CreDtTm>{day}T06:00:00</CreDtTm>
  </GrpHdr><Stmt><Id>{statement_id}</Id><CreDtTm>{day}T06:00:00</CreDtTm>
    <Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>{balances}{ntry}
  </Stmt></BkToCstmrStmt>
</Document>""".encode()
