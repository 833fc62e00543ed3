"""Each distinct document is parsed and validated once; refusals stay refusals when cached."""

import httpx

from backend.security.document_cache import CachedParse, CachedValidation
from tests.support.client import codes, gql, login

PRODUCTS = "{ products(first: 2) { edges { node { sku } } } }"


async def test_a_repeated_document_is_parsed_and_validated_once(api: httpx.AsyncClient) -> None:
    token = await login(api, "sales")
    parse = CachedParse().cached_parse_document
    validate = CachedValidation().cached_validate_document
    await gql(api, PRODUCTS, token=token)
    parsed, validated = parse.cache_info().hits, validate.cache_info().hits
    first = await gql(api, PRODUCTS, token=token)
    second = await gql(api, PRODUCTS, token=token)
    assert first["data"] == second["data"] and first["data"]["products"]["edges"]
    assert parse.cache_info().hits == parsed + 2
    assert validate.cache_info().hits == validated + 2


async def test_refusals_are_the_same_the_second_time(api: httpx.AsyncClient) -> None:
    token = await login(api, "sales")
    deep = "{ viewer { customer { " + "orders(first: 1) { edges { node { customer { " * 4 \
        + "code" + " } } } }" * 4 + " } } }"
    refused = {
        "{ products(first: 1) { edges { node { noSuchField } } } }": "GRAPHQL_VALIDATION_FAILED",
        "{ products(first: 1) { edges { node { sku } }": "GRAPHQL_PARSE_FAILED",
        deep: "MAX_DEPTH_EXCEEDED",
        "{ " + " ".join(f"a{i}: viewer {{ username }}" for i in range(40)) + " }":
            "MAX_ALIASES_EXCEEDED",
        "{ viewer { username } }" + " " * 40_000: "MAX_SIZE_EXCEEDED",
    }
    for _ in range(2):
        for document, code in refused.items():
            body = await gql(api, document, token=token, expect_errors=True)
            assert codes(body) == [code], document[:60]
            assert "data" not in body or body["data"] is None
