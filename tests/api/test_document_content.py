"""Document bytes are served under the same visibility rules as the graph."""

import hashlib

import httpx

from tests.api.conftest import admin_query
from tests.helpers import gql, login

LOT_DOCUMENTS = "{ lots(first: 100) { edges { node { id documents { id kind sha256 sizeBytes contentType downloadUrl } } } } }"


async def test_partner_downloads_certificates_of_lots_it_received(api: httpx.AsyncClient) -> None:
    token = await login(api, "partner-a")
    body = await gql(api, LOT_DOCUMENTS, token=token)
    documents = [d for e in body["data"]["lots"]["edges"] for d in e["node"]["documents"]]
    assert documents, "partner-a received a released lot with a certificate"
    for document in documents:
        response = await api.get(
            document["downloadUrl"], headers={"authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == document["sha256"]
        assert len(response.content) == document["sizeBytes"]
        assert response.headers["content-type"].startswith(document["contentType"])


async def test_other_documents_are_not_found_for_a_partner(api: httpx.AsyncClient) -> None:
    data = await admin_query(api, LOT_DOCUMENTS)
    own = await gql(api, LOT_DOCUMENTS, token=await login(api, "partner-a"))
    visible = {d["id"] for e in own["data"]["lots"]["edges"] for d in e["node"]["documents"]}
    hidden = [
        d for e in data["lots"]["edges"] for d in e["node"]["documents"] if d["id"] not in visible
    ]
    assert hidden
    token = await login(api, "partner-a")
    for document in hidden:
        response = await api.get(
            document["downloadUrl"], headers={"authorization": f"Bearer {token}"}
        )
        assert response.status_code == 404
    staff = await login(api, "qa")
    response = await api.get(hidden[0]["downloadUrl"], headers={"authorization": f"Bearer {staff}"})
    assert response.status_code == 200


async def test_download_needs_a_token(api: httpx.AsyncClient) -> None:
    data = await admin_query(api, LOT_DOCUMENTS)
    url = next(d["downloadUrl"] for e in data["lots"]["edges"] for d in e["node"]["documents"])
    assert (await api.get(url)).status_code == 401
    assert (await api.get(url, headers={"authorization": "Bearer forged"})).status_code == 401
    assert (
        await api.get(
            "/documents/garbage/content",
            headers={"authorization": f"Bearer {await login(api, 'qa')}"},
        )
    ).status_code == 404
