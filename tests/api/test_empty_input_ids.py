"""An id left empty in a mutation input (a select nobody chose) says what to choose."""

from backend.api.ids import choose
from tests.support.client import Client

TRANSFER = """mutation($input: TransferStockInput!) { transferStock(input: $input) {
  transfer { id } userErrors { field message code } } }"""
RETURN = """mutation($input: RecordCustomerReturnInput!) { recordCustomerReturn(input: $input) {
  customerReturn { id } userErrors { field message code } } }"""


def test_the_noun_comes_from_the_type_name() -> None:
    assert choose("Lot") == "Choose a lot."
    assert choose("SalesOrder") == "Choose a sales order."
    assert choose("Invoice") == "Choose an invoice."


async def test_an_empty_id_names_what_is_missing_at_its_field(client: Client) -> None:
    moved = (await client.call("warehouse", TRANSFER, input={
        "lotId": "", "fromWarehouseId": "  ", "toWarehouseId": "", "quantity": 1,
    }))["transferStock"]
    assert [(e["field"], e["message"], e["code"]) for e in moved["userErrors"]] == [
        (["input", "lotId"], "Choose a lot.", "INVALID")]
    returned = (await client.call("warehouse", RETURN, input={
        "shipmentId": "", "reason": "Damaged", "lines": [],
    }))["recordCustomerReturn"]
    assert [(e["field"], e["message"]) for e in returned["userErrors"]] == [
        (["input", "shipmentId"], "Choose a shipment.")]
    for answer in (moved, returned):
        assert all("is not an id" not in e["message"] for e in answer["userErrors"])


async def test_a_malformed_id_is_still_refused_as_not_an_id(client: Client) -> None:
    moved = (await client.call("warehouse", TRANSFER, input={
        "lotId": "nonsense", "fromWarehouseId": "x", "toWarehouseId": "y", "quantity": 1,
    }))["transferStock"]
    assert [e["message"] for e in moved["userErrors"]] == ["'nonsense' is not an id."]
