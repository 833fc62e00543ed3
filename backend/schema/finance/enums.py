"""The finance desk's enums, registered as GraphQL enums under the same names."""

import strawberry

from backend import enums
from backend.enums import (  # noqa: F401 - re-exported for the finance modules
    AccountingPeriodStatus,
    BankEntryDirection,
    BankStatementFormat,
    BankStatementLineStatus,
    CustomerTaxStatus,
    InvoiceTrigger,
    InvoicingPolicy,
    LedgerExportFormat,
    StatementLineKind,
)

strawberry.enum(enums.InvoicingPolicy)
strawberry.enum(enums.InvoiceTrigger)
strawberry.enum(enums.CustomerTaxStatus)
strawberry.enum(enums.BankStatementFormat)
strawberry.enum(enums.BankEntryDirection)
strawberry.enum(enums.BankStatementLineStatus)
strawberry.enum(enums.AccountingPeriodStatus)
strawberry.enum(enums.StatementLineKind)
strawberry.enum(enums.LedgerExportFormat)
