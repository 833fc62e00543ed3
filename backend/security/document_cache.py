"""Parsing and validating each distinct document once, not on every request.

Strawberry's ParserCache and ValidationCache overwrite what an earlier extension
decided: a stand-in document for one over the size limit (it would be parsed
anyway) and the refusal set as the operation's errors (it would be validated
away). These run only when no limit has spoken, and leave a syntax error to the
normal parse so that it is answered as one.
"""

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache

# Distinct documents kept: the SPA and integrations send a few hundred at most.
MAX_DOCUMENTS = 512


class CachedParse(ParserCache):
    def __init__(self) -> None:
        super().__init__(maxsize=MAX_DOCUMENTS)

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query:
            try:
                context.graphql_document = self.cached_parse_document(
                    context.query, **context.parse_options
                )
            except GraphQLError:
                pass  # parsed again by Strawberry, which answers the syntax error
        yield


class CachedValidation(ValidationCache):
    def __init__(self) -> None:
        super().__init__(maxsize=MAX_DOCUMENTS)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors is None and context.graphql_document is not None:
            errors = self.cached_validate_document(
                context.schema._schema, context.graphql_document,
                tuple(context.validation_rules),
            )
            # A list of its own: later steps may add to a request's errors.
            context.pre_execution_errors = list(errors)
        yield
