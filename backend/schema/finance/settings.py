"""Finance settings, tax rules and a customer's finance terms."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.finance import customer_terms, settings, taxes
from backend.enums import Role
from backend.resolvers import finance_desk as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node
from backend.schema.common import UserError, payload
from backend.schema.finance.bank import BankAccount
from backend.schema.finance.enums import CustomerTaxStatus, InvoiceTrigger, InvoicingPolicy
from backend.schema.permissions import requires, roles, staff_only
from backend.schema.requests import as_request

if TYPE_CHECKING:
    from backend.schema.parties.types import Customer

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
FINANCE = roles(Role.FINANCE)


@strawberry.type(description="A rate as data, keyed by ship-to country, product tax category "
                             "and customer tax status.")
class TaxRule(FromRow, Node):
    country: str | None
    tax_category: str
    customer_tax_status: CustomerTaxStatus
    rate: Decimal
    legal_note: str | None
    valid_from: date
    valid_to: date | None


@strawberry.type
class FinanceSettings:
    currency: str
    default_invoicing_policy: InvoicingPolicy
    invoice_on: InvoiceTrigger
    write_off_threshold: Decimal
    company_name: str
    company_vat_number: str
    company_country: str
    bank_accounts: list[BankAccount]

    @classmethod
    def of(cls, conf: settings.FinanceSettings, accounts: list[Any]) -> "FinanceSettings":
        return cls(currency=conf.currency, default_invoicing_policy=conf.default_invoicing_policy,
                   invoice_on=conf.invoice_on, write_off_threshold=conf.write_off_threshold,
                   company_name=conf.company_name, company_vat_number=conf.company_vat_number,
                   company_country=conf.company_country,
                   bank_accounts=BankAccount.many(accounts))


@strawberry.input
class SetTaxRuleInput:
    tax_category: str
    customer_tax_status: CustomerTaxStatus
    rate: Decimal
    valid_from: date
    country: str | None = None
    legal_note: str | None = None
    valid_to: date | None = None


@strawberry.type
class TaxRulePayload:
    tax_rule: TaxRule | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class SetCustomerFinanceTermsInput:
    customer_id: strawberry.ID
    country: str | None = None
    vat_number: str | None = None
    tax_status: CustomerTaxStatus | None = None
    invoicing_policy: InvoicingPolicy | None = None
    clear_invoicing_policy: bool | None = None
    payment_terms_days: int | None = None


@strawberry.type
class CustomerFinanceTermsPayload:
    customer: CustomerT | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class UpdateFinanceSettingsInput:
    default_invoicing_policy: InvoicingPolicy | None = None
    invoice_on: InvoiceTrigger | None = None
    write_off_threshold: Decimal | None = None


@strawberry.type
class FinanceSettingsPayload:
    settings: FinanceSettings | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.field(extensions=staff_only())
async def finance_settings(info: Info) -> FinanceSettings:
    return FinanceSettings.of(*await reads.finance_settings(info.context))


@strawberry.field(extensions=staff_only())
async def tax_rules(info: Info, country: str | None = None, tax_category: str | None = None,
                    customer_tax_status: CustomerTaxStatus | None = None) -> list[TaxRule]:
    return TaxRule.many(await reads.tax_rules(info.context, country, tax_category,
                                              customer_tax_status))


@strawberry.mutation(extensions=requires("finance.settings"))
async def set_tax_rule(info: Info, input: SetTaxRuleInput) -> TaxRulePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        rule = await taxes.set_tax_rule(
            s, actor=actor, country=input.country, tax_category=input.tax_category,
            customer_tax_status=input.customer_tax_status, rate=input.rate,
            legal_note=input.legal_note, valid_from=input.valid_from, valid_to=input.valid_to)
        return {"tax_rule": ref("TaxRule", rule.id)}

    return payload(TaxRulePayload, await run_mutation(
        info.context, action, operation="setTaxRule", request=as_request(input)))


@strawberry.mutation(extensions=requires("finance.settings"))
async def set_customer_finance_terms(info: Info, input: SetCustomerFinanceTermsInput
                                     ) -> CustomerFinanceTermsPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        customer = await customer_terms.set_terms(
            s, actor=actor,
            customer_id=input_pk(input.customer_id, "Customer", ("input", "customerId")),
            country=input.country, vat_number=input.vat_number, tax_status=input.tax_status,
            invoicing_policy=input.invoicing_policy,
            clear_invoicing_policy=bool(input.clear_invoicing_policy),
            payment_terms_days=input.payment_terms_days)
        return {"customer": ref("Customer", customer.id)}

    return payload(CustomerFinanceTermsPayload, await run_mutation(
        info.context, action, operation="setCustomerFinanceTerms", request=as_request(input)))


@strawberry.mutation(extensions=requires("finance.settings"))
async def update_finance_settings(info: Info, input: UpdateFinanceSettingsInput
                                  ) -> FinanceSettingsPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        await settings.update_settings(
            s, actor=actor, default_invoicing_policy=input.default_invoicing_policy,
            invoice_on=input.invoice_on, write_off_threshold=input.write_off_threshold)
        return {"settings": True}

    outcome = await run_mutation(info.context, action, operation="updateFinanceSettings",
                                 request=as_request(input))
    if outcome.problems:
        return payload(FinanceSettingsPayload, outcome)
    return FinanceSettingsPayload(
        settings=FinanceSettings.of(*await reads.finance_settings(info.context)))
