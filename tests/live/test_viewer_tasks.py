"""`viewerTasks` lists what waits for the viewer, by the same rules as each work list, and
`viewerTasksChanged` pushes the list again when a commit changes it."""

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.domain.tasks import LIMIT_PER_KIND
from tests.support import builders
from tests.support.client import Client
from tests.support.documents import CREATE_ORDER, SUBMIT, line
from tests.support.ids import gid
from tests.support.server import LiveServer
from tests.support.ws import caught_up, ws_connect

TASKS = "count overdueCount tasks { kind title reference subjectId path since due overdue }"
VIEWER_TASKS = f"{{ viewerTasks {{ {TASKS} }} }}"
TASKS_CHANGED = f"subscription {{ viewerTasksChanged {{ {TASKS} }} }}"
INBOX = "{ approvalsInbox(first: 100) { edges { node { number } } } }"
PENDING_INSPECTIONS = """query($after: String) {
  inspectionTasks(first: 100, after: $after, status: [PENDING]) {
  edges { node { lot { id lotNumber } } } pageInfo { hasNextPage endCursor } } }"""
PARTNER_NOTICES = """{ recalls(first: 100) { edges { node { number
  notices { acknowledgedAt customer { code } } } } } }"""
WAIT = 30.0


def _of_kind(body: dict, kind: str) -> list[dict]:
    return [t for t in body["viewerTasks"]["tasks"] if t["kind"] == kind]


async def test_each_role_gets_the_tasks_its_lists_hold(server: LiveServer, client: Client) -> None:
    finance = await client.call("finance", VIEWER_TASKS)
    inbox = {e["node"]["number"] for e in (await client.call("finance", INBOX))["approvalsInbox"]["edges"]}
    approvals = _of_kind(finance, "APPROVE_ORDER")
    assert {t["reference"] for t in approvals} == inbox and inbox
    assert all(t["path"] == f"/orders/{t['reference']}" for t in approvals)
    assert finance["viewerTasks"]["count"] == len(finance["viewerTasks"]["tasks"])

    inspector = await client.call("inspector", VIEWER_TASKS)
    to_inspect = {t["subjectId"] for t in _of_kind(inspector, "INSPECT_LOT")}
    waiting: set[str] = set()
    after = None
    while True:  # the whole work list: other tests leave inspections pending
        page = (await client.call("inspector", PENDING_INSPECTIONS, after=after))[
            "inspectionTasks"]
        waiting |= {e["node"]["lot"]["id"] for e in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # The bell shows at most LIMIT_PER_KIND of each kind, all of them from the work list.
    assert to_inspect and to_inspect <= waiting
    assert len(to_inspect) == min(len(waiting), LIMIT_PER_KIND)
    assert all(t["path"] == f"/lots/{t['subjectId']}" for t in _of_kind(inspector, "INSPECT_LOT"))
    assert not _of_kind(inspector, "APPROVE_ORDER")  # not an approver
    assert not _of_kind(inspector, "RELEASE_LOT")  # the manager's decision

    qa = await client.call("qa", VIEWER_TASKS)
    for task in _of_kind(qa, "RELEASE_LOT"):
        assert task["path"].startswith("/lots/")

    partner = await client.call("partner-a", VIEWER_TASKS)
    recalls = (await client.call("partner-a", PARTNER_NOTICES))["recalls"]["edges"]
    unacknowledged = {
        e["node"]["number"] for e in recalls
        for n in e["node"]["notices"] if n["customer"]["code"] == "DIST-A" and not n["acknowledgedAt"]
    }
    kinds = {t["kind"] for t in partner["viewerTasks"]["tasks"]}
    assert kinds <= {"ACKNOWLEDGE_RECALL"}
    assert {t["reference"] for t in partner["viewerTasks"]["tasks"]} == unacknowledged
    assert all(t["path"] == "/portal/recalls" for t in partner["viewerTasks"]["tasks"])

    anonymous = await client.body(None, VIEWER_TASKS)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_new_approval_is_pushed_to_the_approver_only(
    server: LiveServer, client: Client, engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    product = await builders.make_product(sessionmaker)
    # Any order exceeds this credit limit: FINANCE must approve it.
    customer = await builders.make_customer(sessionmaker, credit_limit="1.00")
    await caught_up(server.app, engine)
    async with (
        ws_connect(server.ws_url, await client.token("finance")) as approver,
        ws_connect(server.ws_url, await client.token("warehouse")) as bystander,
    ):
        await approver.subscribe(TASKS_CHANGED)
        await bystander.subscribe(TASKS_CHANGED)
        before = (await approver.next_data(WAIT))["viewerTasksChanged"]
        await bystander.next_data(WAIT)

        created = await client.call("sales", CREATE_ORDER, input={
            "customerId": gid("Customer", customer.id), "lines": [line(product.id, 2)],
        })
        order = created["createSalesOrder"]["order"]
        submitted = (await client.call("sales", SUBMIT, id=order["id"]))["submitSalesOrder"]
        assert submitted["order"]["status"] == "PENDING_APPROVAL", submitted

        after = (await approver.next_data(WAIT))["viewerTasksChanged"]
        assert after["count"] == before["count"] + 1
        new = [t for t in after["tasks"] if t["reference"] == order["number"]]
        assert new and new[0]["kind"] == "APPROVE_ORDER"
        assert new[0]["path"] == f"/orders/{order['number']}"
        # Nothing changed for the warehouse: it is not told anything.
        assert await bystander.silent(2.0)
