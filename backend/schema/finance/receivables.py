"""Receivables: ageing at any date and customer statements."""

import datetime as dt
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.ids import pk_of, to_global_id
from backend.domain.finance import ageing as rules
from backend.domain.finance import statements
from backend.enums import Role
from backend.resolvers import finance_desk as reads
from backend.resolvers.context import Info
from backend.schema.base import graph
from backend.schema.finance.enums import StatementLineKind
from backend.schema.permissions import roles

if TYPE_CHECKING:
    from backend.schema.parties.types import Customer

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]


@strawberry.type(description="Open balances by days past due on the as-of date: current = "
                             "not yet due.")
class ArAgeingBuckets:
    current: Decimal
    days1_to30: Decimal = strawberry.field(name="days1To30")
    days31_to60: Decimal = strawberry.field(name="days31To60")
    days61_to90: Decimal = strawberry.field(name="days61To90")
    over90: Decimal
    total: Decimal = strawberry.field(description="Sum of the five buckets.")
    unapplied_credit: Decimal = strawberry.field(
        description="Unapplied payments and credits on the as-of date (not in the buckets).")

    @classmethod
    def of(cls, b: rules.Buckets) -> "ArAgeingBuckets":
        return cls(current=b.current, days1_to30=b.days1_to30, days31_to60=b.days31_to60,
                   days61_to90=b.days61_to90, over90=b.over90, total=b.total,
                   unapplied_credit=b.unapplied_credit)


@strawberry.type
class ArAgeingRow:
    buckets: ArAgeingBuckets
    oldest_due_on: date | None
    customer_id: strawberry.Private[int]

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))


@strawberry.type
class ArAgeing:
    as_of: date
    rows: list[ArAgeingRow] = strawberry.field(
        description="One row per customer with an open balance or an unapplied credit.")
    total: ArAgeingBuckets


@strawberry.type
class StatementLine:
    date: dt.date
    kind: StatementLineKind
    reference: str
    description: str | None
    due_on: dt.date | None
    debit: Decimal
    credit: Decimal
    balance: Decimal = strawberry.field(description="Running balance after this line.")


@strawberry.type(description="What the customer owes: opening balance, the period's documents, "
                             "closing balance.")
class CustomerStatement:
    from_: date = strawberry.field(name="from")
    to: date
    opening_balance: Decimal
    lines: list[StatementLine]
    closing_balance: Decimal
    overdue_amount: Decimal
    pdf_url: str = strawberry.field(description="Relative URL; a GET with the same bearer "
                                                "token returns the statement as a PDF.")
    customer_id: strawberry.Private[int]

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @classmethod
    def of(cls, s: statements.Statement) -> "CustomerStatement":
        url = (f"/finance/statements/{to_global_id('Customer', s.customer_id)}.pdf"
               f"?from={s.from_.isoformat()}&to={s.to.isoformat()}")
        return cls(
            from_=s.from_, to=s.to, opening_balance=s.opening_balance,
            closing_balance=s.closing_balance, overdue_amount=s.overdue_amount, pdf_url=url,
            customer_id=s.customer_id,
            lines=[StatementLine(date=x.date, kind=x.kind, reference=x.reference,
                                 description=x.description, due_on=x.due_on, debit=x.debit,
                                 credit=x.credit, balance=x.balance) for x in s.lines],
        )


@strawberry.field(extensions=roles(Role.FINANCE),
                  description="Today when asOf is omitted; one customer when customerId is given.")
async def ar_ageing(info: Info, as_of: date | None = None,
                    customer_id: strawberry.ID | None = None) -> ArAgeing:
    customer = None if customer_id is None else pk_of(customer_id, "Customer",
                                                      argument="customerId")
    found = await reads.ar_ageing(info.context, as_of, customer)
    return ArAgeing(
        as_of=found.as_of, total=ArAgeingBuckets.of(found.total),
        rows=[ArAgeingRow(buckets=ArAgeingBuckets.of(r.buckets), oldest_due_on=r.oldest_due_on,
                          customer_id=r.customer_id) for r in found.rows],
    )


@strawberry.field(description="A partner may omit customerId (its own customer) and gets null "
                              "for any other.")
async def customer_statement(
    info: Info, from_: Annotated[date, strawberry.argument(name="from")], to: date,
    customer_id: strawberry.ID | None = None,
) -> CustomerStatement | None:
    customer = None if customer_id is None else pk_of(customer_id, "Customer",
                                                      argument="customerId")
    found = await reads.customer_statement(info.context, customer, from_, to)
    return None if found is None else CustomerStatement.of(found)
