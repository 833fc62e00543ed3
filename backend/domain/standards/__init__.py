"""The industry's formats: GS1 identifiers and EPCIS 2.0 events built from the ERP's records."""
