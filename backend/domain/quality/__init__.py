"""Quality and traceability: inspections, releases, documents, trace, recalls, EPCIS."""
