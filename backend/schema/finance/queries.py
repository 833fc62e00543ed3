"""Root fields of invoices, the journal and the trial balance."""

from typing import Annotated

import strawberry

from backend.api.ids import pk_of
from backend.enums import Role
from backend.resolvers import finance as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.enums import InvoiceStatus
from backend.schema.finance.types import AccountBalance, Invoice, JournalEntry
from backend.schema.permissions import roles


@strawberry.field
async def invoices(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    customer_id: strawberry.ID | None = None,
    status: list[InvoiceStatus] | None = None,
    overdue: Annotated[bool | None, strawberry.argument(
        description="True: open and past due; false: not overdue.")] = None,
) -> Connection[Invoice]:
    customer = None if customer_id is None else pk_of(customer_id, "Customer",
                                                      argument="customerId")
    page = await reads.invoices(info.context, first, after, customer, list(status or ()),
                                overdue)
    return Connection.of(page, Invoice.from_row)


@strawberry.field(extensions=roles(Role.FINANCE))
async def journal(
    info: Info, first: int | None = None, after: str | None = None
) -> Connection[JournalEntry]:
    return Connection.of(await reads.journal(info.context, first, after), JournalEntry.from_row)


@strawberry.field(extensions=roles(Role.FINANCE))
async def trial_balance(info: Info) -> list[AccountBalance]:
    return [AccountBalance.of(b) for b in await reads.trial_balance(info.context)]
