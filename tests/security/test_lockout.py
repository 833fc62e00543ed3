"""Lockout: failed sign-ins in a row lock an account until an administrator unlocks it or
resets its password; the security policy says how many, and how long a password is."""

from tests.security.accounts import (
    RESET,
    TEMPORARY,
    UNLOCK,
    as_token,
    create,
    sign_in,
    token,
    trail,
)
from tests.support.client import Client, codes
from tests.support.server import AppClient

POLICY = "{ securityPolicy { maxFailedLogins minPasswordLength } }"
UPDATE_POLICY = """mutation($input: UpdateSecurityPolicyInput!) { updateSecurityPolicy(input: $input) {
    securityPolicy { maxFailedLogins minPasswordLength } userErrors { field code } } }"""
ACCOUNT = """query($id: ID!) { node(id: $id) { ... on User { lockedAt failedLoginCount
    passwordChangeRequired } } }"""


async def _signer(app_client: AppClient):
    """Sign-in on an app of its own whose rate limits stay out of the way: the lockout is
    the rule under test (the shared limits would answer 429 first)."""
    return await app_client(login_failures_per_user=1000, login_failures_per_address=1000)


async def _account(client: Client, user_id: str) -> dict:
    return (await client.call("admin", ACCOUNT, id=user_id))["node"]


async def test_the_policy_has_defaults_and_refuses_bad_values(client: Client) -> None:
    assert (await client.call("sales", POLICY))["securityPolicy"] == {
        "maxFailedLogins": 5, "minPasswordLength": 10}
    for change, field in (({"maxFailedLogins": 0}, "maxFailedLogins"),
                          ({"minPasswordLength": 4}, "minPasswordLength")):
        refused = (await client.call("admin", UPDATE_POLICY, input=change))["updateSecurityPolicy"]
        assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
            ("INVALID", ["input", field])]
    assert codes(await client.body("sales", UPDATE_POLICY, input={"maxFailedLogins": 3})) == [
        "FORBIDDEN"]
    # A valid change is audited and applies; put back what the other tests expect.
    try:
        changed = (await client.call("admin", UPDATE_POLICY, input={
            "minPasswordLength": 12}))["updateSecurityPolicy"]
        assert changed["securityPolicy"] == {"maxFailedLogins": 5, "minPasswordLength": 12}
        short = (await client.call("admin", """mutation($input: CreateUserInput!) {
            createUser(input: $input) { userErrors { field code } } }""", input={
            "username": "policy-check", "displayName": "x", "roles": ["SALES"],
            "password": "eleven-char"}))["createUser"]
        assert [(e["code"], e["field"]) for e in short["userErrors"]] == [
            ("INVALID", ["input", "password"])]
    finally:
        await client.call("admin", UPDATE_POLICY, input={"minPasswordLength": 10})
    trail_ = (await client.call("admin", """{ auditTrail(first: 50) { edges { node { action
        changes { field before after } } } } }"""))["auditTrail"]["edges"]
    assert any(e["node"]["action"] == "security_policy.updated" and {
        "field": "minPasswordLength", "before": "10", "after": "12"} in e["node"]["changes"]
        for e in trail_)


async def test_failures_in_a_row_lock_the_account_until_unlocked(
    client: Client, app_client: AppClient
) -> None:
    api = await _signer(app_client)
    user = await create(client, roles=["FINANCE"])
    name = user["username"]
    for _ in range(4):
        assert (await sign_in(api, name, "wrong-password")).status_code == 401
    # A success clears the run of failures.
    assert (await sign_in(api, name, TEMPORARY)).status_code == 200
    assert (await _account(client, user["id"]))["failedLoginCount"] == 0
    for _ in range(5):
        assert (await sign_in(api, name, "wrong-password")).status_code == 401
    for password in (TEMPORARY, "wrong-password"):
        locked = await sign_in(api, name, password)
        assert locked.status_code == 403 and locked.json()["error"] == "account_locked"
    account = await _account(client, user["id"])
    assert account["lockedAt"] is not None and account["failedLoginCount"] == 5

    assert codes(await client.body("sales", UNLOCK, id=user["id"])) == ["FORBIDDEN"]
    unlocked = (await client.call("admin", UNLOCK, id=user["id"]))["unlockUser"]
    assert unlocked["userErrors"] == [] and unlocked["user"]["lockedAt"] is None
    assert (await sign_in(api, name, TEMPORARY)).status_code == 200
    again = (await client.call("admin", UNLOCK, id=user["id"]))["unlockUser"]
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TRANSITION"]

    events = await trail(client, user["id"])
    locked_event = next(e for e in events if e["action"] == "user.locked")
    assert locked_event["actor"] is None and "5 failed" in locked_event["reason"]
    unlocked_event = next(e for e in events if e["action"] == "user.unlocked")
    assert unlocked_event["actor"] == {"username": "admin"}
    assert {c["field"] for c in unlocked_event["changes"]} == {"lockedAt", "failedLoginCount"}


async def test_a_password_reset_unlocks_and_ends_earlier_tokens(
    client: Client, api, app_client: AppClient
) -> None:
    signer = await _signer(app_client)
    user = await create(client, roles=["BUYER"])
    name = user["username"]
    earlier = await token(api, name, TEMPORARY)
    for _ in range(5):
        assert (await sign_in(signer, name, "wrong-password")).status_code == 401
    assert (await sign_in(signer, name, TEMPORARY)).status_code == 403

    short = (await client.call("admin", RESET, input={"userId": user["id"],
                                                      "password": "short"}))["resetUserPassword"]
    assert [e["code"] for e in short["userErrors"]] == ["INVALID"]
    assert (await sign_in(signer, name, TEMPORARY)).status_code == 403  # nothing was written
    reset = (await client.call("admin", RESET, input={
        "userId": user["id"], "password": "another-temporary"}))["resetUserPassword"]
    assert reset["userErrors"] == [] and reset["user"]["lockedAt"] is None
    assert reset["user"]["passwordChangeRequired"] is True

    assert codes(await as_token(api, earlier, "{ viewer { id } }")) == ["UNAUTHENTICATED"]
    assert (await sign_in(signer, name, TEMPORARY)).status_code == 401
    fresh = await token(api, name, "another-temporary")
    assert codes(await as_token(api, fresh, "{ suppliers { totalCount } }")) == ["FORBIDDEN"]
    actions = [e["action"] for e in await trail(client, user["id"])]
    assert {"user.locked", "user.unlocked", "user.password_reset"} <= set(actions)


async def test_demo_data_holds_a_locked_and_a_deactivated_account(client: Client, api) -> None:
    listed = (await client.call("admin", """{ users(first: 100, includeInactive: true) {
        edges { node { username active lockedAt } } } }"""))["users"]["edges"]
    states = {e["node"]["username"]: e["node"] for e in listed}
    assert states["former.sales"]["active"] is False
    assert states["locked.warehouse"]["lockedAt"] is not None
    assert (await sign_in(api, "former.sales", "demo1234")).status_code == 401
    assert (await sign_in(api, "locked.warehouse", "demo1234")).json()["error"] == "account_locked"


async def test_partners_read_the_policy_only_while_choosing_a_password(
    client: Client, api
) -> None:
    assert codes(await client.body("partner-a", POLICY)) == ["FORBIDDEN"]
    dist_a = await client.call(
        "admin", '{ customers(search: "DIST-A") { edges { node { id code } } } }')
    customer = next(e["node"]["id"] for e in dist_a["customers"]["edges"]
                    if e["node"]["code"] == "DIST-A")
    partner = await create(client, roles=["PARTNER"], customerId=customer)
    tok = await token(api, partner["username"], TEMPORARY)
    policy = await as_token(api, tok, POLICY)
    assert policy["data"]["securityPolicy"]["minPasswordLength"] == 10
