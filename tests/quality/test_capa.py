"""CAPAs: opened by QA on nonconformances, actions completed by their owners with evidence,
closed only with every action done and an effective check."""

from datetime import timedelta

from sqlalchemy import select

from backend.db.models import User
from tests.support.builders import today
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.flows import Quality
from tests.support.ids import gid

ERRORS = "userErrors { field message code }"
CAPA = """id number status overdue owner { username } nonconformances { number }
  actions { id kind status evidence owner { username } completedBy { username } }
  effectivenessCheck { effective evidence checkedBy { username } } closureSignature { meaning }"""
CREATE = f"""mutation($input: CreateCapaInput!) {{ createCapa(input: $input) {{
  capa {{ {CAPA} }} {ERRORS} }} }}"""
ADD = f"""mutation($input: AddCapaActionInput!) {{ addCapaAction(input: $input) {{
  capa {{ {CAPA} }} {ERRORS} }} }}"""
COMPLETE = f"""mutation($input: CompleteCapaActionInput!) {{ completeCapaAction(input: $input) {{
  capa {{ {CAPA} }} {ERRORS} }} }}"""
CHECK = f"""mutation($input: RecordCapaEffectivenessInput!) {{
  recordCapaEffectiveness(input: $input) {{ capa {{ {CAPA} }} {ERRORS} }} }}"""
CLOSE = f"""mutation($input: CloseCapaInput!) {{ closeCapa(input: $input) {{
  capa {{ {CAPA} }} {ERRORS} }} }}"""
OPEN_NC = """mutation($input: OpenNonconformanceInput!) { openNonconformance(input: $input) {
  nonconformance { id number } } }"""


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def test_a_capa_closes_once_its_actions_are_done_and_effective(
    quality: Quality, client: Client, sessionmaker
) -> None:
    lot = await quality.released_lot(await quality.product(), 2)
    nc = (await client.call("sales", OPEN_NC, input={
        "source": "CUSTOMER_COMPLAINT", "title": "Loose cap", "description": "x",
        "lotId": lot["id"], "hold": False}))["openNonconformance"]["nonconformance"]
    async with sessionmaker() as session:
        users = dict((await session.execute(select(User.username, User.id))).all())
    soon = (today() + timedelta(days=30)).isoformat()
    action = {"kind": "CORRECTIVE", "description": "Replace torque head",
              "ownerId": gid("User", users["warehouse"]), "dueOn": soon}
    request = {"title": "Cap torque", "problemStatement": "Caps loosen in transit",
               "nonconformanceIds": [nc["id"]], "ownerId": gid("User", users["qa"]),
               "dueOn": soon, "actions": [action]}

    past = (await client.call("qa", CREATE, input={
        **request, "dueOn": (today() - timedelta(days=1)).isoformat()}))["createCapa"]
    assert codes(past) == [("INVALID", ["input", "dueOn"])]
    unknown = (await client.call("qa", CREATE, input={
        **request, "nonconformanceIds": [gid("Nonconformance", 10**9)]}))["createCapa"]
    assert codes(unknown) == [("NOT_FOUND", ["input", "nonconformanceIds", "0"])]
    no_action = (await client.call("qa", CREATE, input={**request, "actions": []}))
    assert codes(no_action["createCapa"]) == [("INVALID", ["input", "actions"])]
    forbidden = await client.body("sales", CREATE, input=request)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    capa = (await client.call("qa", CREATE, input=request))["createCapa"]["capa"]
    assert capa["number"].startswith("CAPA-") and capa["status"] == "OPEN"
    assert capa["nonconformances"] == [{"number": nc["number"]}] and not capa["overdue"]
    capa = (await client.call("qa", ADD, input={"capaId": capa["id"], "action": {
        **action, "kind": "PREVENTIVE", "ownerId": gid("User", users["qa"])}}))["addCapaAction"][
        "capa"]
    first, second = capa["actions"]

    not_owner = await client.body("sales", COMPLETE, input={
        "capaId": capa["id"], "actionId": first["id"], "evidence": "done"})
    assert not_owner["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    done = (await client.call("warehouse", COMPLETE, input={
        "capaId": capa["id"], "actionId": first["id"], "evidence": "New head fitted"}))
    first = done["completeCapaAction"]["capa"]["actions"][0]
    assert (first["status"], first["completedBy"]["username"]) == ("DONE", "warehouse")

    signature = {"password": DEMO_PASSWORD, "meaning": "CAPA closed"}
    open_action = (await client.call("qa", CLOSE, input={"capaId": capa["id"],
                                                         "signature": signature}))
    assert codes(open_action["closeCapa"]) == [("CAPA_INCOMPLETE", ["input", "capaId"])]
    await client.call("qa", COMPLETE, input={"capaId": capa["id"], "actionId": second["id"],
                                             "evidence": "Procedure updated"})
    await client.call("qa", CHECK, input={"capaId": capa["id"], "effective": False,
                                          "evidence": "Still loosening"})
    ineffective = (await client.call("qa", CLOSE, input={"capaId": capa["id"],
                                                         "signature": signature}))
    assert codes(ineffective["closeCapa"]) == [("CAPA_INCOMPLETE", ["input", "capaId"])]
    checked = (await client.call("qa", CHECK, input={
        "capaId": capa["id"], "effective": True, "evidence": "No complaints in 90 days"}))
    assert checked["recordCapaEffectiveness"]["capa"]["effectivenessCheck"]["effective"] is True
    closed = (await client.call("qa", CLOSE, input={"capaId": capa["id"],
                                                    "signature": signature}))["closeCapa"]
    assert closed["capa"]["status"] == "CLOSED"
    assert closed["capa"]["closureSignature"]["meaning"] == "CAPA closed"
    again = (await client.call("qa", CLOSE, input={"capaId": capa["id"], "signature": signature}))
    assert codes(again["closeCapa"]) == [("INVALID_TRANSITION", ["input", "capaId"])]
