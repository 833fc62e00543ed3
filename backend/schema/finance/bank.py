"""Bank reconciliation: accounts, statements and their lines, import and matching."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.file_uploads import Upload

from backend.api.ids import input_pk, optional_input_pk, pk_of
from backend.domain.actor import Actor
from backend.domain.finance import bank, bank_matching
from backend.domain.finance.bank_files import MAX_BYTES, CsvMapping
from backend.enums import Role
from backend.resolvers import finance_bank as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node, graph
from backend.schema.common import Connection, UserError, payload
from backend.schema.finance.enums import (
    BankEntryDirection,
    BankStatementFormat,
    BankStatementLineStatus,
)
from backend.schema.finance.types import Invoice, JournalEntry
from backend.schema.permissions import requires, roles

if TYPE_CHECKING:
    from backend.schema.finance.payments import CustomerPayment
    from backend.schema.parties.types import User

PaymentT = Annotated["CustomerPayment", strawberry.lazy("backend.schema.finance.payments")]
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
FINANCE = roles(Role.FINANCE)


@strawberry.type
class BankAccount(FromRow, Node):
    name: str
    iban: str
    currency: str
    ledger_account: str = strawberry.field(description="The ledger account, e.g. 1100.")


@strawberry.type
class BankMatchProposal:
    invoice: Invoice
    reason: str


@strawberry.type
class BankStatementLine(FromRow, Node):
    line_number: int
    booking_date: date
    value_date: date | None
    amount: Decimal
    currency: str
    direction: BankEntryDirection
    counterparty_name: str | None
    counterparty_iban: str | None
    remittance_information: str | None
    end_to_end_id: str | None
    bank_reference: str | None
    status: BankStatementLineStatus
    statement_id: strawberry.Private[int]
    proposals: strawberry.Private[list[dict[str, Any]]]
    payment_id: strawberry.Private[int | None]
    journal_entry_id: strawberry.Private[int | None]

    @strawberry.field
    async def statement(self, info: Info) -> "BankStatement":
        return BankStatement.required(
            await info.context.loaders.bank_statement_by_id.load(self.statement_id))

    @strawberry.field(name="proposals")
    async def proposed(self, info: Info) -> list[BankMatchProposal]:
        out = []
        for p in self.proposals or []:
            row = await info.context.loaders.invoice_by_id.load(int(p["invoice_id"]))
            if row is not None:
                out.append(BankMatchProposal(invoice=Invoice.from_row(row), reason=p["reason"]))
        return out

    @strawberry.field
    async def matched_invoices(self, info: Info) -> list[Invoice]:
        if self.payment_id is None:
            return []
        apps = await info.context.loaders.applications_by_payment_id.load(self.payment_id)
        rows = [await info.context.loaders.invoice_by_id.load(a.invoice_id) for a in apps]
        return Invoice.many(r for r in rows if r is not None)

    @strawberry.field
    async def payment(self, info: Info) -> PaymentT | None:
        if self.payment_id is None:
            return None
        return graph("CustomerPayment",
                     await info.context.loaders.payment_by_id.load(self.payment_id))

    @strawberry.field(description="FINANCE only.")
    async def journal_entry(self, info: Info) -> JournalEntry | None:
        if self.journal_entry_id is None or not info.context.actor.has_role(Role.FINANCE):
            return None
        return JournalEntry.maybe(
            await info.context.loaders.journal_entry_by_id.load(self.journal_entry_id))


@strawberry.type
class BankStatement(FromRow, Node):
    format: BankStatementFormat
    bank_statement_id: str | None
    file_name: str
    sha256: str
    imported_at: datetime
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    bank_account_id: strawberry.Private[int]
    imported_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def bank_account(self, info: Info) -> BankAccount:
        return BankAccount.required(
            await info.context.loaders.bank_account_by_id.load(self.bank_account_id))

    @strawberry.field
    async def imported_by(self, info: Info) -> UserT | None:
        if self.imported_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.imported_by_id))

    @strawberry.field
    async def lines(self, info: Info) -> list[BankStatementLine]:
        return BankStatementLine.many(
            await info.context.loaders.bank_lines_by_statement_id.load(self.pk))

    @strawberry.field(description="Lines MATCHED or POSTED.")
    async def matched_count(self, info: Info) -> int:
        row = await info.context.loaders.bank_line_counts_by_statement_id.load(self.pk)
        return 0 if row is None else int(row.matched)

    @strawberry.field(description="Lines UNMATCHED or PROPOSED.")
    async def unmatched_count(self, info: Info) -> int:
        row = await info.context.loaders.bank_line_counts_by_statement_id.load(self.pk)
        return 0 if row is None else int(row.unmatched)


@strawberry.input(description="How to read a CSV export. Column names are header names.")
class BankCsvMappingInput:
    date_format: str
    date_column: str
    amount_column: str
    delimiter: str | None = None
    decimal_separator: str | None = None
    reference_column: str | None = None
    counterparty_column: str | None = None
    counterparty_iban_column: str | None = None

    def to_mapping(self) -> CsvMapping:
        return CsvMapping(
            date_format=self.date_format, date_column=self.date_column,
            amount_column=self.amount_column, delimiter=self.delimiter or ",",
            decimal_separator=self.decimal_separator or ".",
            reference_column=self.reference_column, counterparty_column=self.counterparty_column,
            counterparty_iban_column=self.counterparty_iban_column)


@strawberry.input
class ImportBankStatementInput:
    file: Upload
    format: BankStatementFormat
    bank_account_id: strawberry.ID | None = None
    csv_mapping: BankCsvMappingInput | None = None
    idempotency_key: str | None = None


@strawberry.type
class BankStatementPayload:
    statement: BankStatement | None = None
    already_imported: bool = False
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class MatchBankStatementLineInput:
    line_id: strawberry.ID
    invoice_ids: list[strawberry.ID]


@strawberry.input
class UnmatchBankStatementLineInput:
    line_id: strawberry.ID
    reason: str


@strawberry.input
class PostBankStatementLineInput:
    line_id: strawberry.ID
    account_code: str
    memo: str


@strawberry.type
class BankStatementLinePayload:
    line: BankStatementLine | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.mutation(extensions=requires("bank.reconcile"),
                     description="Imports and auto-matches; the same statement again changes "
                                 "nothing.")
async def import_bank_statement(info: Info, input: ImportBankStatementInput
                                ) -> BankStatementPayload:
    upload: Any = input.file
    content = await upload.read(MAX_BYTES + 1)

    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        result = await bank.import_statement(
            s, actor=actor, content=content, file_name=getattr(upload, "filename", None) or "",
            format=input.format,
            bank_account_id=optional_input_pk(input.bank_account_id, "BankAccount",
                                              ("input", "bankAccountId")),
            csv_mapping=input.csv_mapping.to_mapping() if input.csv_mapping else None)
        return {"statement": ref("BankStatement", result.statement.id),
                "already_imported": result.already_imported}

    return payload(BankStatementPayload, await run_mutation(
        info.context, action, operation="importBankStatement"))


def _line(global_id: strawberry.ID) -> int:
    return input_pk(global_id, "BankStatementLine", ("input", "lineId"))


@strawberry.mutation(extensions=requires("bank.reconcile"))
async def match_bank_statement_line(info: Info, input: MatchBankStatementLineInput
                                    ) -> BankStatementLinePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        ids = [input_pk(pk, "Invoice", ("input", "invoiceIds", str(n)))
               for n, pk in enumerate(input.invoice_ids)]
        line = await bank_matching.match_line(s, actor=actor, line_id=_line(input.line_id),
                                              invoice_ids=ids)
        return {"line": ref("BankStatementLine", line.id)}

    return payload(BankStatementLinePayload, await run_mutation(
        info.context, action, operation="matchBankStatementLine"))


@strawberry.mutation(extensions=requires("bank.reconcile"),
                     description="Reverses the line's payment (or posting): UNMATCHED again.")
async def unmatch_bank_statement_line(info: Info, input: UnmatchBankStatementLineInput
                                      ) -> BankStatementLinePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        line = await bank_matching.unmatch_line(s, actor=actor, line_id=_line(input.line_id),
                                                reason=input.reason)
        return {"line": ref("BankStatementLine", line.id)}

    return payload(BankStatementLinePayload, await run_mutation(
        info.context, action, operation="unmatchBankStatementLine"))


@strawberry.mutation(extensions=requires("bank.reconcile"))
async def post_bank_statement_line(info: Info, input: PostBankStatementLineInput
                                   ) -> BankStatementLinePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        line = await bank_matching.post_line(s, actor=actor, line_id=_line(input.line_id),
                                             account_code=input.account_code, memo=input.memo)
        return {"line": ref("BankStatementLine", line.id)}

    return payload(BankStatementLinePayload, await run_mutation(
        info.context, action, operation="postBankStatementLine"))


@strawberry.field(extensions=FINANCE)
async def bank_statements(info: Info, first: int | None = None, after: str | None = None
                          ) -> Connection[BankStatement]:
    return Connection.of(await reads.bank_statements(info.context, first, after),
                         BankStatement.from_row)


@strawberry.field(extensions=FINANCE)
async def bank_statement_lines(
    info: Info, first: int | None = None, after: str | None = None,
    statement_id: strawberry.ID | None = None,
    status: list[BankStatementLineStatus] | None = None,
) -> Connection[BankStatementLine]:
    statement = None if statement_id is None else pk_of(statement_id, "BankStatement",
                                                        argument="statementId")
    page = await reads.bank_statement_lines(info.context, first, after, statement,
                                            list(status or ()))
    return Connection.of(page, BankStatementLine.from_row)
