"""The answer of a mutation that is not available yet."""

from typing import Any

from backend.schema.errors import NotImplementedYet


async def pending(info: Any, name: str) -> Any:
    info.context.principal  # noqa: B018 - authentication comes first, as for every operation
    raise NotImplementedYet(name)
