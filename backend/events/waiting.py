"""Waiting on an event with a timeout, without losing a cancellation.

On Python 3.11 `asyncio.wait_for` returns normally when it is cancelled just as the
awaited event is set (python/cpython#86296): a background loop cancelled at shutdown
while a NOTIFY wakes it would run on, and the shutdown awaiting it would hang.
`asyncio.timeout` delivers both the timeout and the cancellation.
"""

import asyncio


async def wait_set(event: asyncio.Event, seconds: float) -> bool:
    """True if `event` was set within `seconds`, False when the time ran out."""
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True

