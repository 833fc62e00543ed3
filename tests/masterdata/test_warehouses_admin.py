"""Warehouses kept by the administrator: GS1 location numbers, lanes of at least a day,
and the regions their lanes serve are where customers may be."""

from backend.domain.standards.gs1 import make_gln
from tests.masterdata.graph import (
    CREATE_CUSTOMER,
    CREATE_WAREHOUSE,
    UPDATE_WAREHOUSE,
    WAREHOUSES,
    errors,
    trail,
)
from tests.support.builders import tag, unique
from tests.support.client import Client


def new_warehouse(**fields: object) -> dict[str, object]:
    return {"code": unique("WH"), "name": "Warehouse Porto", "region": "PT",
            "latitude": 41.15, "longitude": -8.61, "address": "Rua do Porto 1",
            "gln": make_gln("8719991", tag()[:5].translate(str.maketrans("ABCDEF", "123456"))),
            "transitLanes": [{"region": f"PT-{tag()}", "transitDays": 2, "carrier": "CTT"}],
            **fields}


async def test_create_with_lanes_and_a_valid_gln(client: Client) -> None:
    payload = (await client.call("admin", CREATE_WAREHOUSE, input=new_warehouse()))[
        "createWarehouse"]
    assert payload["userErrors"] == []
    warehouse = payload["warehouse"]
    assert warehouse["active"] is True and len(warehouse["gln"]) == 13
    [lane] = warehouse["transitLanes"]
    assert (lane["transitDays"], lane["carrier"]) == (2, "CTT")
    # Its lane's region is now one customers may be in.
    customer = (await client.call("admin", CREATE_CUSTOMER, input={
        "code": unique("CUS"), "name": "Hospital Porto", "kind": "HOSPITAL",
        "region": lane["region"]}))["createCustomer"]
    assert customer["userErrors"] == []
    [event] = [e for e in await trail(client, warehouse["id"])
               if e["action"] == "warehouse.created"]
    assert "transit_lanes" in event["changed"]


async def test_bad_gln_lanes_and_coordinates_are_refused(client: Client) -> None:
    good = new_warehouse()
    gln = str(good["gln"])
    wrong = gln[:-1] + str((int(gln[-1]) + 1) % 10)
    code = unique("WH")
    payload = (await client.call("admin", CREATE_WAREHOUSE, input=new_warehouse(
        code=code, gln=wrong, latitude=91.0,
        transitLanes=[{"region": "PT", "transitDays": 0}])))["createWarehouse"]
    assert sorted(errors(payload), key=str) == sorted([
        ("INVALID_GLN", ["input", "gln"]),
        ("INVALID", ["input", "latitude"]),
        ("INVALID", ["input", "transitLanes", "0", "transitDays"]),
    ], key=str)
    no_lanes = (await client.call("admin", CREATE_WAREHOUSE, input=new_warehouse(
        transitLanes=[])))["createWarehouse"]
    assert errors(no_lanes) == [("INVALID", ["input", "transitLanes"])]
    codes = {w["code"] for w in (await client.call("admin", WAREHOUSES))["warehouses"]}
    assert code not in codes


async def test_update_lanes_and_deactivate(client: Client) -> None:
    warehouse = (await client.call("admin", CREATE_WAREHOUSE, input=new_warehouse()))[
        "createWarehouse"]["warehouse"]
    region = warehouse["transitLanes"][0]["region"]
    updated = (await client.call("admin", UPDATE_WAREHOUSE, input={
        "warehouseId": warehouse["id"], "active": False, "name": "Porto (closed)",
        "transitLanes": [{"region": region, "transitDays": 3},
                         {"region": "ES", "transitDays": 2, "carrier": "SEUR"}]}))[
        "updateWarehouse"]
    assert updated["userErrors"] == []
    assert updated["warehouse"]["active"] is False
    assert [(lane["region"], lane["transitDays"]) for lane in
            updated["warehouse"]["transitLanes"]] == sorted([(region, 3), ("ES", 2)])
    [event] = [e for e in await trail(client, warehouse["id"])
               if e["action"] == "warehouse.updated"]
    assert event["changed"]["active"] == ("true", "false")
    assert "transit_lanes" in event["changed"]
    bad = (await client.call("admin", UPDATE_WAREHOUSE, input={
        "warehouseId": warehouse["id"], "gln": "1234567890123"}))["updateWarehouse"]
    assert errors(bad) == [("INVALID_GLN", ["input", "gln"])]


async def test_demo_warehouses_have_glns(client: Client) -> None:
    warehouses = (await client.call("admin", WAREHOUSES))["warehouses"]
    demo = [w for w in warehouses if w["code"] in ("NL-RTM", "DE-LEJ", "FR-LYS")]
    assert len(demo) == 3 and all(w["gln"] and len(w["gln"]) == 13 for w in demo)
