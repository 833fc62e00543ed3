"""The EPCIS schema the tests check against is GS1's, and it does refuse what breaks it."""

from tests.standards.validators import EpcisSchema

EVENT = {
    "type": "ObjectEvent", "eventID": "urn:uuid:0f4c9b4e-2d6e-4f57-9a43-3c1c1b8f3a11",
    "eventTime": "2026-11-01T10:00:00.000Z", "eventTimeZoneOffset": "+00:00", "action": "ADD",
    "epcList": ["https://id.gs1.org/01/08719990000014/21/S-1"], "bizStep": "receiving",
    "ilmd": {"cbvmda:lotNumber": "L-1"},
}


def _document(*events: dict) -> dict:
    return {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
            "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": "2026-11-01T10:00:00.000Z", "epcisBody": {"eventList": list(events)}}


def test_a_valid_document_passes_and_broken_ones_are_named(epcis_schema: EpcisSchema) -> None:
    assert epcis_schema.problems(_document(EVENT)) == []
    without_offset = {k: v for k, v in EVENT.items() if k != "eventTimeZoneOffset"}
    assert any("eventTimeZoneOffset" in p for p in epcis_schema.problems(_document(without_offset)))
    bad_time = {**EVENT, "eventTime": "yesterday"}
    assert any("eventTime" in p for p in epcis_schema.problems(_document(bad_time)))
    bad_action = {**EVENT, "action": "CREATE"}
    assert epcis_schema.problems(_document(bad_action))
    private_field = {**EVENT, "warehouse": "DE-LEJ"}
    assert epcis_schema.problems(_document(private_field))
