"""Creating, submitting, approving and cancelling orders through the graph."""

from decimal import Decimal

from backend.enums import Role, TrackingMode
from tests.support import builders
from tests.support.documents import CANCEL, CREATE_ORDER, DECIDE, SUBMIT, line
from tests.support.ids import gid

D = Decimal


async def test_order_lines_are_priced_from_the_customer_price_list_and_numbers_increase(
    client, sessionmaker
) -> None:
    contract, listed = (
        await builders.make_product(sessionmaker),
        await builders.make_product(sessionmaker, price="18.90", tax_rate="0.09"),
    )
    customer = await builders.make_customer(sessionmaker, contract_prices={contract.id: "80.00"})
    variables = {
        "customerId": gid("Customer", customer.id),
        "customerReference": "PO-1",
        "lines": [line(contract.id, 3, discountPercent="5"), line(listed.id, 7)],
    }
    first = (await client.call("sales", CREATE_ORDER, input=variables))["createSalesOrder"]
    second = (await client.call("sales", CREATE_ORDER, input=variables))["createSalesOrder"]
    assert first["userErrors"] == []
    order = first["order"]
    assert order["status"] == "DRAFT" and order["createdBy"]["username"] == "sales"
    assert [(ln["unitPrice"], ln["lineTotal"]) for ln in order["lines"]] == [
        ("80.00", "228.00"),
        ("18.90", "132.30"),
    ]
    # Tax per line: 228.00 * 0.21 = 47.88 and 132.30 * 0.09 = 11.907 -> 11.91.
    assert (order["subtotal"], order["taxTotal"], order["total"]) == ("360.30", "59.79", "420.09")
    number = order["number"]
    assert number.startswith("SO-") and len(number) == len("SO-2026-000123")
    assert second["order"]["number"] > number


async def test_bad_lines_are_refused_with_the_contract_codes_and_field_paths(
    client, sessionmaker
) -> None:
    product = await builders.make_product(sessionmaker)
    unsellable = await builders.make_product(sessionmaker, sellable=False)
    customer = await builders.make_customer(sessionmaker)
    result = (
        await client.call(
            "sales",
            CREATE_ORDER,
            input={
                "customerId": gid("Customer", customer.id),
                "lines": [
                    line(product.id, 0),
                    line(product.id, 1, unitPrice="100.01"),
                    line(product.id, 1, discountPercent="120"),
                    line(unsellable.id, 1),
                    line(10**12, 1),
                ],
            },
        )
    )["createSalesOrder"]
    assert result["order"] is None
    assert {(e["code"], tuple(e["field"])) for e in result["userErrors"]} == {
        ("INVALID", ("input", "lines", "0", "quantity")),
        ("PRICE_MISMATCH", ("input", "lines", "1", "unitPrice")),
        ("INVALID", ("input", "lines", "2", "discountPercent")),
        ("INVALID", ("input", "lines", "3", "productId")),
        ("NOT_FOUND", ("input", "lines", "4", "productId")),
    }
    empty = (
        await client.call(
            "sales", CREATE_ORDER, input={"customerId": gid("Customer", customer.id), "lines": []}
        )
    )["createSalesOrder"]
    assert [(e["code"], e["field"]) for e in empty["userErrors"]] == [
        ("INVALID", ["input", "lines"])
    ]


async def _draft(
    client, sessionmaker, *, by: str = "sales", credit_limit: str = "1000000.00", **line_extra
) -> dict:
    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker, credit_limit=credit_limit)
    data = await client.call(
        by,
        CREATE_ORDER,
        input={
            "customerId": gid("Customer", customer.id),
            "lines": [line(product.id, 10, **line_extra)],
        },
    )
    return data["createSalesOrder"]["order"]


async def test_an_order_no_rule_stops_goes_straight_to_approved(client, sessionmaker) -> None:
    order = await _draft(client, sessionmaker, discountPercent="10")
    submitted = (await client.call("sales", SUBMIT, id=order["id"]))["submitSalesOrder"]
    assert submitted["order"]["status"] == "APPROVED"
    assert submitted["order"]["approvals"] == []
    again = (await client.call("sales", SUBMIT, id=order["id"]))["submitSalesOrder"]
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TRANSITION"]


async def test_a_discount_over_10_percent_needs_a_sales_manager_with_a_signature(
    client, sessionmaker
) -> None:
    order = await _draft(client, sessionmaker, unitPrice="95.00", discountPercent="6")
    pending = (await client.call("sales", SUBMIT, id=order["id"]))["submitSalesOrder"]["order"]
    assert pending["status"] == "PENDING_APPROVAL"
    assert [(a["rule"], a["requiredRole"], a["status"]) for a in pending["approvals"]] == [
        ("DISCOUNT_OVER_10", "SALES_MANAGER", "PENDING")
    ]
    inbox = "{ approvalsInbox(first: 100) { edges { node { number } } } }"
    listed = await client.call("manager", inbox)
    assert order["number"] in [e["node"]["number"] for e in listed["approvalsInbox"]["edges"]]
    finance_inbox = await client.call("finance", inbox)
    assert order["number"] not in [
        e["node"]["number"] for e in finance_inbox["approvalsInbox"]["edges"]
    ]

    def decide(password: str, approve: bool = True) -> dict:
        return {
            "input": {
                "orderId": order["id"],
                "approve": approve,
                "comment": "Tender price",
                "signature": {"password": password, "meaning": "Approved discount"},
            }
        }

    wrong = (await client.call("manager", DECIDE, **decide("not-my-password")))["decideApproval"]
    assert [(e["code"], e["field"]) for e in wrong["userErrors"]] == [
        ("SIGNATURE_INVALID", ["input", "signature", "password"])
    ]
    denied = await client.body("finance", DECIDE, decide("demo1234"))
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    approved = (await client.call("manager", DECIDE, **decide("demo1234")))["decideApproval"]["order"]
    assert approved["status"] == "APPROVED"
    assert approved["approvals"] == [
        {
            "rule": "DISCOUNT_OVER_10",
            "requiredRole": "SALES_MANAGER",
            "status": "APPROVED",
            "decidedBy": {"username": "manager"},
            "signature": {"meaning": "Approved discount"},
            "comment": "Tender price",
        }
    ]
    twice = (await client.call("manager", DECIDE, **decide("demo1234")))["decideApproval"]
    assert [e["code"] for e in twice["userErrors"]] == ["INVALID_TRANSITION"]


async def test_nobody_approves_their_own_order_and_a_rejection_is_final(client, sessionmaker) -> None:
    order = await _draft(client, sessionmaker, by="manager", discountPercent="25")
    await client.call("manager", SUBMIT, id=order["id"])
    decision = {
        "orderId": order["id"],
        "approve": False,
        "signature": {"password": "demo1234", "meaning": "Rejected"},
    }
    own = (await client.call("manager", DECIDE, input=decision))["decideApproval"]
    assert [e["code"] for e in own["userErrors"]] == ["SEPARATION_OF_DUTIES"]
    # Another sales manager decides (ADMIN decides nothing in the business).
    colleague = await builders.staff_user(sessionmaker, Role.SALES_MANAGER)
    refused = await client.body("admin", DECIDE, input=decision)
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    rejected = (await client.call(colleague, DECIDE, input=decision))["decideApproval"]["order"]
    assert rejected["status"] == "REJECTED"
    cancel = (await client.call("sales", CANCEL, id=order["id"], reason="x"))["cancelSalesOrder"]
    assert [e["code"] for e in cancel["userErrors"]] == ["INVALID_TRANSITION"]


async def test_an_order_over_the_credit_limit_needs_finance(client, sessionmaker) -> None:
    order = await _draft(client, sessionmaker, credit_limit="1000.00")  # 10 x 100 + 21% tax
    pending = (await client.call("sales", SUBMIT, id=order["id"]))["submitSalesOrder"]["order"]
    assert [(a["rule"], a["requiredRole"]) for a in pending["approvals"]] == [
        ("CREDIT_LIMIT", "FINANCE")
    ]
    approved = (
        await client.call(
            "finance",
            DECIDE,
            input={
                "orderId": order["id"],
                "approve": True,
                "signature": {"password": "demo1234", "meaning": "Credit approved"},
            },
        )
    )["decideApproval"]
    assert approved["order"]["status"] == "APPROVED"


async def test_partners_order_for_their_own_customer_only(client, sessionmaker) -> None:
    product = await builders.make_product(sessionmaker, tracking=TrackingMode.LOT)
    other = await builders.make_customer(sessionmaker)
    result = await client.call(
        "partner-a",
        CREATE_ORDER,
        input={"customerId": gid("Customer", other.id), "lines": [line(product.id, 1)]},
    )
    errors = result["createSalesOrder"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", ["input", "customerId"])]
    foreign = await _draft(client, sessionmaker)
    submit = (await client.call("partner-b", SUBMIT, id=foreign["id"]))["submitSalesOrder"]
    assert [e["code"] for e in submit["userErrors"]] == ["NOT_FOUND"]
