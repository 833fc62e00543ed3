"""Attaching documents: typed by their bytes, limited in size, versioned per node, served scoped."""

import hashlib
import json

import httpx

from backend.api.ids import to_global_id
from backend.domain.quality.certificates import render_pdf
from backend.domain.rules.content_types import MAX_DOCUMENT_BYTES
from tests.support.builders import unique
from tests.support.client import Client
from tests.support.flows import Quality

ATTACH = """mutation($input: AttachDocumentInput!) { attachDocument(input: $input) {
  document { id kind title fileName contentType sizeBytes sha256 version downloadUrl }
  userErrors { field message code } } }"""
LOT_DOCUMENTS = """query($id: ID!) { node(id: $id) { ... on Lot {
  documents { id title version sha256 } } } }"""
FILE_MAP = json.dumps({"0": ["variables.input.file"]})


async def attach(client: Client, username: str, content: bytes, file_name: str, *,
                 title: str, attach_to: list[str], kind: str = "CERTIFICATE_OF_CONFORMITY") -> dict:
    operations = {"query": ATTACH, "variables": {"input": {
        "file": None, "kind": kind, "title": title, "attachTo": attach_to}}}
    response = await client.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": FILE_MAP},
        files={"0": (file_name, content, "application/octet-stream")},
        headers={"authorization": f"Bearer {await client.token(username)}",
                 "apollo-require-preflight": "true"},
    )
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    return body["data"]["attachDocument"]


async def download(api: httpx.AsyncClient, url: str, token: str) -> httpx.Response:
    return await api.get(url, headers={"authorization": f"Bearer {token}"})


async def test_attach_new_versions_and_keep_old_ones(quality: Quality, client: Client) -> None:
    lot = await quality.receive(await quality.product(), 5)
    title = unique("CoC")
    first_bytes, second_bytes = render_pdf(title, ["rev 1"]), render_pdf(title, ["rev 2"])
    first = await attach(client, "warehouse", first_bytes, "coc.bin", title=title,
                         attach_to=[lot["id"]])
    assert first["userErrors"] == []
    document = first["document"]
    assert (document["contentType"], document["version"], document["fileName"]) == (
        "application/pdf", 1, "coc.bin")
    assert document["sha256"] == hashlib.sha256(first_bytes).hexdigest()
    second = (await attach(client, "qa", second_bytes, "coc-v2.pdf", title=title,
                           attach_to=[lot["id"]]))["document"]
    assert second["version"] == 2

    listed = (await client.call("qa", LOT_DOCUMENTS, {"id": lot["id"]}))["node"]["documents"]
    assert [(d["title"], d["version"]) for d in listed] == [(title, 2), (title, 1)]
    token = await client.token("qa")
    old = await download(client.http, document["downloadUrl"], token)
    assert old.status_code == 200 and old.content == first_bytes
    assert (await download(client.http, second["downloadUrl"], token)).content == second_bytes

    other_lot = await quality.receive(await quality.product(), 5)
    elsewhere = (await attach(client, "qa", second_bytes, "coc.pdf", title=title,
                              attach_to=[other_lot["id"]]))["document"]
    assert elsewhere["version"] == 1  # the same title on another node is another document


async def test_content_type_comes_from_the_bytes(quality: Quality, client: Client) -> None:
    lot = await quality.receive(await quality.product(), 5)
    text = await attach(client, "inspector", b"Visual check: no damage.\n", "report.pdf",
                        title=unique("Note"), attach_to=[lot["id"]], kind="INSPECTION_REPORT")
    assert text["document"]["contentType"] == "text/plain"
    exe = await attach(client, "inspector", b"MZ\x90\x00" + bytes(200), "report.pdf",
                       title=unique("Note"), attach_to=[lot["id"]])
    assert [(e["code"], e["field"]) for e in exe["userErrors"]] == [("INVALID", ["input", "file"])]


async def test_files_over_25_mb_are_refused_clearly(quality: Quality, client: Client) -> None:
    lot = await quality.receive(await quality.product(), 5)
    big = b"%PDF-1.4\n" + b"0" * MAX_DOCUMENT_BYTES
    payload = await attach(client, "qa", big, "big.pdf", title=unique("Big"),
                           attach_to=[lot["id"]])
    assert payload["document"] is None
    (error,) = payload["userErrors"]
    assert error["code"] == "INVALID" and "25 MB" in error["message"]


async def test_attaching_needs_a_known_node_and_a_staff_role(
    quality: Quality, client: Client
) -> None:
    pdf = render_pdf("x", ["y"])
    product = await quality.product()
    payload = await attach(client, "qa", pdf, "x.pdf", title="x", attach_to=["not-an-id"])
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID"]
    payload = await attach(client, "qa", pdf, "x.pdf", title="x",
                           attach_to=[to_global_id("Product", 10**12)])
    assert [e["code"] for e in payload["userErrors"]] == ["NOT_FOUND"]
    operations = {"query": ATTACH, "variables": {"input": {
        "file": None, "kind": "OTHER", "title": "x", "attachTo": [product["id"]]}}}
    response = await client.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": FILE_MAP},
        files={"0": ("x.pdf", pdf, "application/pdf")},
        headers={"authorization": f"Bearer {await client.token('partner-a')}",
                 "apollo-require-preflight": "true"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_partner_cannot_read_documents_of_lots_it_did_not_receive(
    quality: Quality, client: Client
) -> None:
    lot = await quality.released_lot(await quality.product(), 5)
    certificate_url = (await client.call("qa", """query($id: ID!) { node(id: $id) { ... on Lot {
        release { certificate { downloadUrl } } } } }""", {"id": lot["id"]}))["node"]["release"][
        "certificate"]["downloadUrl"]
    partner = await client.token("partner-a")
    assert (await download(client.http, certificate_url, partner)).status_code == 404
    staff = await client.token("sales")
    assert (await download(client.http, certificate_url, staff)).status_code == 200
