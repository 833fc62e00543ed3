"""What the GraphQL schema and its resolvers both need: ids, errors, pagination, context."""
