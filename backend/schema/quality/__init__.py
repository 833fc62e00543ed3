"""Lots and serials, inspections, releases with e-signatures, documents, trace and scans."""
