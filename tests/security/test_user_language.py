"""The web app's language is remembered with the account: set by the user, read back on
every sign-in, audited, and private to the user and to administrators of accounts."""

from tests.security.accounts import CHANGE, TEMPORARY, as_token, create, token, trail
from tests.support.client import Client

SET = """mutation($l: String!) { setMyLanguage(language: $l) {
    user { username language } userErrors { field code message } } }"""
VIEWER = "{ viewer { language } }"


async def _own_account(client: Client, api) -> tuple[dict, str]:
    user = await create(client, roles=["WAREHOUSE"])
    temporary = await token(api, user["username"], TEMPORARY)
    changed = await as_token(api, temporary, CHANGE, input={
        "currentPassword": TEMPORARY, "newPassword": "a-long-new-password"})
    assert changed["data"]["changePassword"]["userErrors"] == []
    return user, await token(api, user["username"], "a-long-new-password")


async def test_a_chosen_language_follows_the_user_to_the_next_sign_in(client: Client, api) -> None:
    user, own = await _own_account(client, api)
    assert (await as_token(api, own, VIEWER))["data"]["viewer"]["language"] is None

    chosen = await as_token(api, own, SET, l="zh-CN")
    assert chosen["data"]["setMyLanguage"] == {
        "user": {"username": user["username"], "language": "zh-CN"}, "userErrors": []}
    again = await token(api, user["username"], "a-long-new-password")
    assert (await as_token(api, again, VIEWER))["data"]["viewer"]["language"] == "zh-CN"

    changes = [c for e in await trail(client, user["id"]) for c in e["changes"]
               if c["field"] == "language"]
    assert changes == [{"field": "language", "before": None, "after": '"zh-CN"'}]  # JSON values


async def test_an_unknown_language_is_refused_and_nothing_changes(client: Client, api) -> None:
    _, own = await _own_account(client, api)
    await as_token(api, own, SET, l="en")
    refused = (await as_token(api, own, SET, l="fr"))["data"]["setMyLanguage"]
    assert refused["user"] is None
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [("INVALID", ["language"])]
    assert (await as_token(api, own, VIEWER))["data"]["viewer"]["language"] == "en"


async def test_anonymous_cannot_choose_a_language(api) -> None:
    answer = (await api.post("/graphql", json={"query": SET, "variables": {"l": "en"}})).json()
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
