"""Custom fields: definitions an administrator adds per record kind, and their values.

`definitions.py` creates and changes definitions, `typed.py` parses and normalises one
value by its type, `applicable.py` says which definitions apply to which records,
`values.py` validates and stores the values a create input or `setCustomFields` gives
(`apply_values`), and `matching.py` turns filters into typed SQL predicates.
"""
