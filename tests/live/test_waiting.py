"""Background loops stop when cancelled, even as a NOTIFY wakes them."""

import asyncio

from backend.events.waiting import wait_set


async def test_a_loop_cancelled_just_as_it_is_woken_stops() -> None:
    woken = asyncio.Event()

    async def worker() -> None:
        while True:
            await wait_set(woken, 60)
            woken.clear()

    task = asyncio.create_task(worker())
    for _ in range(3):
        await asyncio.sleep(0)
    woken.set()
    # The wait inside has finished but the worker has not yet run on: the moment
    # asyncio.wait_for (3.11) would swallow the cancellation and keep the loop alive.
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=2)
    assert done and task.cancelled()


async def test_a_wait_reports_whether_the_event_came() -> None:
    event = asyncio.Event()
    assert await wait_set(event, 0.01) is False
    event.set()
    assert await wait_set(event, 0.01) is True
