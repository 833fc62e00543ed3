"""Mutation fields, one module per area; `root.Mutation` composes them."""
