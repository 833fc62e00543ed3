"""The partner wall's session side: which role and customer a partner's reads run as.

Row-level security (migration 0011) lets the role `erp_partner` see only the rows
of the customer named by the transaction setting `erp.customer_id`; both are set
with `SET LOCAL` semantics (`set_config(..., true)`), so they end with the
transaction and a pooled connection never carries them to the next request.
The application's own partner predicates (`backend.domain.access`) stay in
every query: this is the wall behind them, for a query that forgot one.
"""

from sqlalchemy import TextClause, text

PARTNER_ROLE = "erp_partner"
CUSTOMER_SETTING = "erp.customer_id"

_ENTER = text(
    f"SELECT set_config('{CUSTOMER_SETTING}', :customer, true), "
    f"set_config('role', '{PARTNER_ROLE}', true)"
)
# Back to the connecting role for the rest of a transaction (a mutation's commit
# writes its audit and outbox rows as the owner).
LEAVE: TextClause = text("SELECT set_config('role', 'none', true)")


def enter(customer_id: int) -> TextClause:
    """The statement that makes the rest of this transaction read as that partner."""
    return _ENTER.bindparams(customer=str(customer_id))


# One statement behind the wall (migration 0031): the setting and the role, then the
# statement, planned as the partner; run in autocommit, the setting ends with it.
_READ_AS = text("SELECT erp_read_as_partner(:customer, :statement)")


def read_as(customer_id: int, statement: str) -> TextClause:
    """A statement that answers the first column of the first row of `statement` (SQL text,
    values inlined), read as that partner."""
    return _READ_AS.bindparams(customer=customer_id, statement=statement)
