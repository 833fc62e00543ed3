"""Executing a subscription event once for every subscriber that would get the same answer.

A thousand clients subscribed to the same document would otherwise have the
event's selection set executed, and its result encoded, a thousand times. The
per-event answer depends only on the event, the document and operation, the
variables used below the root field (those in the root field's arguments only
choose which events arrive, e.g. `after` or `productId`) and who asks: the
partner's customer (None for staff) and the roles. Subscriptions agreeing on
all of these form a group; the first of them to reach an event executes it and
the others await and reuse its result, `data` object included, so that the
WebSocket layer encodes the `next` payload once per group (see SharedData).

An event is recognised by its payload object (the root value the subscription
resolver yields), which must therefore be the same object for every subscriber
of the event; see `shared_payload` in backend/schema/subscriptions.py. Each
subscriber keeps its own source stream: its filter, cursor, replay and token
expiry are untouched.
"""

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, cast

import orjson
from graphql import ExecutionResult, FieldNode, Node, OperationType, Visitor, visit
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# Results kept for subscribers still to reach an event. One that arrives after its
# entry has gone executes the event itself: slower, never wrong.
RECENT_RESULTS = 4096


class SharedData(dict[str, Any]):
    """The `data` of a result shared by a group; its `next` payload is encoded once."""

    __slots__ = ("_payload_json",)

    def payload_json(self, encode: Callable[[object], bytes | str]) -> str:
        """`{"data": ...}` as JSON text: per-event results carry no extensions."""
        try:
            return self._payload_json
        except AttributeError:
            encoded = encode({"data": self})
            self._payload_json: str = encoded.decode() if isinstance(encoded, bytes) else encoded
            return self._payload_json


class _Shared:
    __slots__ = ("future", "payload")

    def __init__(self, payload: object, future: asyncio.Future[ExecutionResult]) -> None:
        self.payload = payload  # held so that its id() stays unique while the entry lives
        self.future = future


_recent: OrderedDict[tuple[int, Hashable], _Shared] = OrderedDict()


class SharedEventExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core executor whose per-event executions are shared by identical subscriptions."""

    # Set on a subscription's executor the first time it builds a per-event executor,
    # and copied to each of those: the key of its group, or None if it shares nothing.
    group: Hashable | None = None
    group_known = False

    def build_per_event_executor(self, payload: Any) -> Any:
        if not self.group_known:
            self.group = self._group_key()
            self.group_known = True
        if self.group is not None:
            shared = _recent.get((id(payload), self.group))
            if shared is not None and shared.payload is payload and _succeeded(shared.future):
                return _Executed(shared.future.result())  # the common case: no copy, no await
        return super().build_per_event_executor(payload)

    def execute_operation(self, serially: bool | None = None) -> Any:
        if self.group is None or self.root_value is None:
            return super().execute_operation(serially)
        key = (id(self.root_value), self.group)
        shared = _recent.get(key)
        if shared is not None and shared.payload is self.root_value:
            return self._follow(shared.future, serially)
        future: asyncio.Future[ExecutionResult] = asyncio.get_running_loop().create_future()
        future.add_done_callback(_retrieve)
        _recent[key] = _Shared(self.root_value, future)
        while len(_recent) > RECENT_RESULTS:
            _recent.popitem(last=False)
        try:
            result = super().execute_operation(serially)
        except BaseException as exc:
            future.set_exception(exc)
            raise
        if self.is_awaitable(result):
            return self._lead(result, future)
        future.set_result(_shareable(cast(ExecutionResult, result)))
        return future.result()

    async def _lead(
        self, result: Awaitable[ExecutionResult], future: asyncio.Future[ExecutionResult]
    ) -> ExecutionResult:
        try:
            value = await result
        except asyncio.CancelledError:
            future.cancel()  # the group's next subscriber executes the event instead
            raise
        except BaseException as exc:
            future.set_exception(exc)
            raise
        future.set_result(_shareable(value))
        return future.result()

    async def _follow(
        self, future: asyncio.Future[ExecutionResult], serially: bool | None
    ) -> ExecutionResult:
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if not future.cancelled() or (task is not None and task.cancelling()):
                raise
        # The subscriber executing the event went away before finishing it.
        result = super().execute_operation(serially)
        return cast(ExecutionResult, await result if self.is_awaitable(result) else result)

    def _group_key(self) -> Hashable | None:
        if self.operation.operation is not OperationType.SUBSCRIPTION:
            return None
        context = self.context_value
        claims = getattr(context, "claims", None)
        loc = self.operation.loc
        if claims is None or loc is None:
            return None
        used = _variables_below_root_fields(self.operation, self.fragment_definitions.values())
        variables = {k: v for k, v in self.variable_values.coerced.items() if k in used}
        name = self.operation.name.value if self.operation.name else None
        return (
            loc.source.body,
            name,
            orjson.dumps(variables, option=orjson.OPT_SORT_KEYS, default=repr),
            context.actor.customer_scope,
            frozenset(claims.roles),
        )


class _Executed:
    """Stands in for a per-event executor when the group's result is already there."""

    __slots__ = ("result",)

    def __init__(self, result: ExecutionResult) -> None:
        self.result = result

    def execute_operation(self, serially: bool | None = None) -> ExecutionResult:
        return self.result


def _shareable(result: ExecutionResult) -> ExecutionResult:
    if not isinstance(result.data, dict):
        return result
    return ExecutionResult(SharedData(result.data), result.errors, result.extensions)


def _succeeded(future: asyncio.Future[ExecutionResult]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _variables_below_root_fields(operation: Any, fragments: Any) -> set[str]:
    """Variables an event's result can depend on: all but the root fields' arguments."""
    nodes: list[Node] = [*(operation.directives or ()), *fragments]
    for selection in operation.selection_set.selections:
        if isinstance(selection, FieldNode):
            nodes.extend(selection.directives or ())
            if selection.selection_set is not None:
                nodes.append(selection.selection_set)
        else:
            nodes.append(selection)
    collector = _VariableNames()
    for node in nodes:
        visit(node, collector)
    return collector.names


class _VariableNames(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_variable(self, node: Any, *_args: Any) -> None:
        self.names.add(node.name.value)


def _retrieve(future: asyncio.Future[ExecutionResult]) -> None:
    # Nobody may be left to await a failed execution; its exception is not "unretrieved".
    if not future.cancelled():
        future.exception()
