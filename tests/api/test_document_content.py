"""Document bytes are served under the same visibility rules as the graph."""

import hashlib

from tests.support.client import Client

LOT_DOCUMENTS = "{ lots(first: 100) { edges { node { id documents { id kind sha256 sizeBytes contentType downloadUrl } } } } }"


async def test_partner_downloads_certificates_of_lots_it_received(client: Client) -> None:
    data = await client.call("partner-a", LOT_DOCUMENTS)
    documents = [d for e in data["lots"]["edges"] for d in e["node"]["documents"]]
    assert documents, "partner-a received a released lot with a certificate"
    for document in documents:
        response = await client.http.get(
            document["downloadUrl"], headers=await client.headers("partner-a")
        )
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == document["sha256"]
        assert len(response.content) == document["sizeBytes"]
        assert response.headers["content-type"].startswith(document["contentType"])


async def test_other_documents_are_not_found_for_a_partner(client: Client) -> None:
    data = await client.call("admin", LOT_DOCUMENTS)
    own = await client.call("partner-a", LOT_DOCUMENTS)
    visible = {d["id"] for e in own["lots"]["edges"] for d in e["node"]["documents"]}
    assert visible, "partner-a sees the certificates of lots it received"
    hidden = [
        d for e in data["lots"]["edges"] for d in e["node"]["documents"] if d["id"] not in visible
    ]
    assert hidden
    for document in hidden:
        response = await client.http.get(
            document["downloadUrl"], headers=await client.headers("partner-a")
        )
        assert response.status_code == 404
    response = await client.http.get(hidden[0]["downloadUrl"], headers=await client.headers("qa"))
    assert response.status_code == 200


async def test_download_needs_a_token(client: Client) -> None:
    api = client.http
    data = await client.call("admin", LOT_DOCUMENTS)
    url = next(d["downloadUrl"] for e in data["lots"]["edges"] for d in e["node"]["documents"])
    assert (await api.get(url)).status_code == 401
    assert (await api.get(url, headers={"authorization": "Bearer forged"})).status_code == 401
    assert (
        await api.get(
            "/documents/garbage/content",
            headers=await client.headers("qa"),
        )
    ).status_code == 404
