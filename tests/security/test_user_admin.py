"""User administration: accounts made and changed in the app, applied on the next request,
the first sign-in's password change, deactivation, and who sees the account fields."""

import json
from datetime import UTC, datetime
from types import SimpleNamespace

from sqlalchemy import func, select

from backend.auth.sessions import STATE_SQL, UserSessions, current_claims, forget_changed
from backend.auth.tokens import Claims
from backend.db import models as m
from tests.security.accounts import (
    CHANGE,
    CREATE,
    DEACTIVATE,
    REACTIVATE,
    TEMPORARY,
    UPDATE,
    as_token,
    create,
    sign_in,
    token,
    trail,
    unique,
)
from tests.support.client import Client, codes
from tests.support.ids import gid
from tests.support.server import LiveServer
from tests.support.ws import ws_connect

VIEWER = "{ viewer { username roles passwordChangeRequired email active } }"
USERS = "query($s: String) { users(search: $s, includeInactive: true) { totalCount edges { node { username email active } } } }"  # noqa: E501
CUSTOMERS = "{ customers(first: 1) { totalCount } }"


async def _customer_id(sessionmaker, code: str) -> str:
    async with sessionmaker() as s:
        return gid("Customer", await s.scalar(select(m.Customer.id).where(m.Customer.code == code)))


async def test_a_new_user_must_choose_a_password_before_anything_else(
    client: Client, api
) -> None:
    user = await create(client, roles=["SALES"])
    assert user["passwordChangeRequired"] is True and user["active"] is True
    assert user["roles"] == ["SALES"] and user["email"].endswith("@example.com")
    temporary = await token(api, user["username"], TEMPORARY)

    viewer = await as_token(api, temporary, VIEWER)
    assert viewer["data"]["viewer"]["passwordChangeRequired"] is True
    refused = await as_token(api, temporary, CUSTOMERS)
    assert codes(refused) == ["FORBIDDEN"] and refused["data"] is None
    mixed = await as_token(api, temporary, "{ viewer { username } customers { totalCount } }")
    assert codes(mixed) == ["FORBIDDEN"]

    short = await as_token(api, temporary, CHANGE, input={
        "currentPassword": TEMPORARY, "newPassword": "short"})
    assert [e["code"] for e in short["data"]["changePassword"]["userErrors"]] == ["INVALID"]
    wrong = await as_token(api, temporary, CHANGE, input={
        "currentPassword": "not-the-one", "newPassword": "a-long-new-password"})
    assert wrong["data"]["changePassword"]["userErrors"][0]["field"] == [
        "input", "currentPassword"]
    changed = await as_token(api, temporary, CHANGE, input={
        "currentPassword": TEMPORARY, "newPassword": "a-long-new-password"})
    assert changed["data"]["changePassword"]["user"]["passwordChangeRequired"] is False

    # The same token now opens the rest; the temporary password is gone.
    assert codes(await as_token(api, temporary, CUSTOMERS)) == []
    assert (await sign_in(api, user["username"], TEMPORARY)).status_code == 401
    own = await token(api, user["username"], "a-long-new-password")
    assert codes(await as_token(api, own, CUSTOMERS)) == []
    actions = [e["action"] for e in await trail(client, user["id"])]
    assert "user.created" in actions and "user.password_changed" in actions


async def test_bad_input_is_refused_and_writes_nothing(client: Client, sessionmaker) -> None:
    taken = await create(client)
    dist_a = await _customer_id(sessionmaker, "DIST-A")
    base = {"displayName": "Someone", "email": "someone@example.com", "roles": ["SALES"],
            "password": TEMPORARY}
    cases = [
        ({"username": "No Caps!"}, "INVALID", ["input", "username"]),
        ({"username": "ab"}, "INVALID", ["input", "username"]),
        ({"email": "not-an-email"}, "INVALID", ["input", "email"]),
        ({"roles": []}, "INVALID", ["input", "roles"]),
        ({"password": "short"}, "INVALID", ["input", "password"]),
        ({"roles": ["PARTNER"]}, "INVALID", ["input", "customerId"]),
        ({"roles": ["PARTNER", "SALES"], "customerId": dist_a}, "INVALID", ["input", "roles"]),
        ({"roles": ["SALES"], "customerId": dist_a}, "INVALID", ["input", "customerId"]),
        ({"username": taken["username"]}, "DUPLICATE", ["input", "username"]),
    ]
    names = []
    for change, code, field in cases:
        name = change.pop("username", None) or unique("bad")
        names.append(name)
        answer = (await client.call("admin", CREATE, input={**base, "username": name,
                                                            **change}))["createUser"]
        assert answer["user"] is None, (change, answer)
        assert (code, field) in [(e["code"], e["field"]) for e in answer["userErrors"]], answer
    async with sessionmaker() as s:
        made = await s.scalar(select(func.count()).select_from(m.User).where(
            m.User.username.in_([n for n in names if n != taken["username"]])))
    assert made == 0
    # Only an administrator creates accounts.
    refused = await client.body("sales", CREATE, input={**base, "username": unique()})
    assert codes(refused) == ["FORBIDDEN"]

    partner = await create(client, roles=["PARTNER"], customerId=dist_a)
    assert partner["customer"] == {"code": "DIST-A"} and partner["roles"] == ["PARTNER"]


async def test_role_changes_apply_to_the_next_request_of_an_existing_token(
    client: Client, api
) -> None:
    user = await create(client, roles=["SALES"])
    tok = await token(api, user["username"], TEMPORARY)
    await as_token(api, tok, CHANGE, input={"currentPassword": TEMPORARY,
                                             "newPassword": "the-own-password"})
    assert codes(await as_token(api, tok, USERS, s=user["username"])) == ["FORBIDDEN"]

    promoted = (await client.call("admin", UPDATE, input={
        "userId": user["id"], "roles": ["ADMIN"], "displayName": "Promoted"}))["updateUser"]
    assert promoted["userErrors"] == [] and promoted["user"]["roles"] == ["ADMIN"]
    listed = await as_token(api, tok, USERS, s=user["username"])
    assert codes(listed) == [] and listed["data"]["users"]["totalCount"] == 1

    await client.call("admin", UPDATE, input={"userId": user["id"], "roles": ["SALES"]})
    assert codes(await as_token(api, tok, USERS, s=user["username"])) == ["FORBIDDEN"]
    updated = [e for e in await trail(client, user["id"]) if e["action"] == "user.updated"]
    assert len(updated) == 2 and updated[0]["actor"] == {"username": "admin"}
    roles_change = {c["field"]: c for c in updated[-1]["changes"]}["roles"]
    assert json.loads(roles_change["before"]) == ["SALES"]
    assert json.loads(roles_change["after"]) == ["ADMIN"]


async def test_deactivation_ends_sign_in_and_tokens_until_reactivated(
    client: Client, api
) -> None:
    user = await create(client, roles=["WAREHOUSE"])
    tok = await token(api, user["username"], TEMPORARY)
    no_reason = (await client.call("admin", DEACTIVATE, input={
        "userId": user["id"], "reason": " "}))["deactivateUser"]
    assert [e["code"] for e in no_reason["userErrors"]] == ["INVALID"]
    assert codes(await as_token(api, tok, VIEWER)) == []

    done = (await client.call("admin", DEACTIVATE, input={
        "userId": user["id"], "reason": "Left the company"}))["deactivateUser"]
    assert done["userErrors"] == [] and done["user"]["active"] is False
    response = await api.post("/graphql", json={"query": VIEWER},
                              headers={"authorization": f"Bearer {tok}"})
    assert response.status_code == 401
    assert codes(response.json()) == ["UNAUTHENTICATED"]
    assert (await sign_in(api, user["username"], TEMPORARY)).status_code == 401
    hidden = await client.call("admin", "query($s: String) { users(search: $s) { totalCount } }",
                               s=user["username"])
    assert hidden["users"]["totalCount"] == 0

    back = (await client.call("admin", REACTIVATE, id=user["id"]))["reactivateUser"]
    assert back["userErrors"] == [] and back["user"]["active"] is True
    assert (await sign_in(api, user["username"], TEMPORARY)).status_code == 200
    # A token from before the deactivation stays dead.
    assert codes(await as_token(api, tok, VIEWER)) == ["UNAUTHENTICATED"]
    events = {e["action"]: e for e in await trail(client, user["id"])}
    assert events["user.deactivated"]["reason"] == "Left the company"
    assert "user.reactivated" in events


async def test_nobody_deactivates_themselves_or_drops_their_own_admin(client: Client) -> None:
    me = (await client.call("admin", "{ viewer { id roles } }"))["viewer"]
    own = (await client.call("admin", DEACTIVATE, input={
        "userId": me["id"], "reason": "oops"}))["deactivateUser"]
    assert [e["code"] for e in own["userErrors"]] == ["INVALID"]
    dropped = (await client.call("admin", UPDATE, input={
        "userId": me["id"], "roles": ["SALES"]}))["updateUser"]
    assert [(e["code"], e["field"]) for e in dropped["userErrors"]] == [
        ("INVALID", ["input", "roles"])]
    assert (await client.call("admin", "{ viewer { roles active } }"))["viewer"] == {
        "roles": me["roles"], "active": True}


async def test_account_fields_are_for_administrators_and_the_user_only(
    client: Client, api
) -> None:
    user = await create(client, roles=["SALES"])
    # The user themselves.
    tok = await token(api, user["username"], TEMPORARY)
    viewer = (await as_token(api, tok, VIEWER))["data"]["viewer"]
    assert viewer["email"] == user["email"] and viewer["active"] is True
    # Another staff user sees the user (an audit actor) but not the account fields.
    query = """query($id: ID!) { node(id: $id) { ... on User { username email active lockedAt
        failedLoginCount passwordChangeRequired lastLoginAt createdAt } } }"""
    seen = (await client.call("sales", query, id=user["id"]))["node"]
    assert seen["username"] == user["username"]
    assert {k: v for k, v in seen.items() if k != "username"} == dict.fromkeys(
        ["email", "active", "lockedAt", "failedLoginCount", "passwordChangeRequired",
         "lastLoginAt", "createdAt"])
    admin_view = (await client.call("admin", query, id=user["id"]))["node"]
    assert admin_view["email"] == user["email"] and admin_view["createdAt"]
    assert admin_view["lastLoginAt"] is not None and admin_view["failedLoginCount"] == 0
    # No password hash reaches the audit trail.
    assert "$argon2" not in json.dumps(await trail(client, user["id"]))


async def test_a_process_forgets_a_changed_user_and_never_stores_a_stale_read() -> None:
    sessions = UserSessions()
    state = SimpleNamespace(user_sessions=sessions)
    reads = []
    row = SimpleNamespace(is_active=True, customer_id=None, password_change_required=False,
                          session_version=0, roles=["SALES"])

    async def read(stmt):
        reads.append(stmt)
        if len(reads) == 1:  # a change commits while this first read is under way
            forget_changed(state, [SimpleNamespace(topic="user.changed", aggregate_id=7)])
        return [row]

    claims = Claims(user_id=7, username="x", roles=frozenset({"ADMIN"}), customer_id=None,
                    expires_at=datetime.now(UTC))
    first, _ = await current_claims(sessions, claims, read)
    assert first is not None and first.roles == frozenset({"SALES"})  # current, not the token's
    await current_claims(sessions, claims, read)
    assert len(reads) == 2  # the first read began before the change: not kept
    await current_claims(sessions, claims, read)
    assert len(reads) == 2 and str(reads[0]) == str(STATE_SQL.bindparams(user_id=7))
    forget_changed(state, [SimpleNamespace(topic="stock.changed", aggregate_id=7)])
    await current_claims(sessions, claims, read)
    assert len(reads) == 2  # other topics leave the user alone
    row.session_version = 1
    forget_changed(state, [SimpleNamespace(topic="user.changed", aggregate_id=7)])
    refused, why = await current_claims(sessions, claims, read)
    assert refused is None and "revoked" in (why or "")


async def test_a_deactivated_users_open_subscription_ends_at_once(
    client: Client, api, live_server: LiveServer  # noqa: ANN001
) -> None:
    user = await create(client, roles=["SALES"])
    first = await token(api, user["username"], TEMPORARY)
    own = "own-Pass-12345"
    changed = await as_token(api, first, CHANGE, input={
        "currentPassword": TEMPORARY, "newPassword": own})
    assert changed["data"]["changePassword"]["userErrors"] == [], changed
    async with ws_connect(live_server.ws_url, await token(api, user["username"], own)) as ws:
        await ws.subscribe("subscription { orderStatusChanged { to order { number } } }")
        assert await ws.silent(0.3)
        done = (await client.call("admin", DEACTIVATE, input={
            "userId": user["id"], "reason": "Left the company"}))["deactivateUser"]
        assert done["userErrors"] == []
        # No order event is needed: the account change itself ends the stream.
        message = await ws.receive(wait=5)
        assert message["type"] in ("next", "error"), message
        assert "UNAUTHENTICATED" in json.dumps(message), message
