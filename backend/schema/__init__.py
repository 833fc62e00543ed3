"""The public GraphQL graph: Strawberry types, inputs, enums and the schema object."""
