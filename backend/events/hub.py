"""In-process fan-out of outbox events to subscribers, with replay from a cursor.

The listener hands each batch of committed events to `EventHub.publish`, which
offers every event to the subscribers of its topic without waiting: each
subscriber has a bounded queue, and one that falls behind is not waited for.
It is marked as overflowed instead and, once it has drained its queue, reads
what it missed from the database; a slow subscriber therefore neither blocks
the others nor loses events.
"""

import asyncio
import contextlib
import time
from collections import defaultdict
from collections.abc import AsyncGenerator, Callable, Collection, Sequence
from contextlib import aclosing

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.events import store
from backend.events.store import Event

QUEUE_SIZE = 256


class CursorExpired(Exception):
    """Events after the cursor were pruned: resuming from it would miss some."""


class StreamExpired(Exception):
    """The stream's deadline (its caller's token expiry) has passed."""


class Subscriber:
    __slots__ = ("accepts", "expired", "overflowed", "queue", "topics")

    def __init__(
        self, topics: Collection[str], accepts: Callable[[Event], bool], queue_size: int
    ) -> None:
        self.topics = topics
        self.accepts = accepts
        # None in the queue wakes a waiting subscriber whose deadline has passed.
        self.queue: asyncio.Queue[Event | None] = asyncio.Queue(queue_size)
        self.overflowed = False
        self.expired = False

    def offer(self, event: Event) -> None:
        if self.overflowed or not self.accepts(event):
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True

    def expire(self) -> None:
        self.expired = True
        with contextlib.suppress(asyncio.QueueFull):  # if full, `next` sees the flag soon
            self.queue.put_nowait(None)

    async def next(self) -> Event:
        if not self.expired:
            event = await self.queue.get()
            if event is not None and not self.expired:
                return event
        raise StreamExpired()

    def restart(self) -> None:
        """Forget the queue; the caller reads everything after its position from the database."""
        while not self.queue.empty():
            self.queue.get_nowait()
        self.overflowed = False


class EventHub:
    def __init__(self, engine: AsyncEngine, *, queue_size: int = QUEUE_SIZE) -> None:
        self.engine = engine
        self.queue_size = queue_size
        # The id of the last event published: the "now" of a subscription without a cursor.
        self.position = 0
        self._subscribers: dict[str, set[Subscriber]] = defaultdict(set)

    def start_at(self, position: int) -> None:
        self.position = max(self.position, position)

    def publish(self, events: Sequence[Event]) -> None:
        for event in events:
            for subscriber in self._subscribers.get(event.topic, ()):
                subscriber.offer(event)
        if events:
            self.position = max(self.position, events[-1].id)

    async def stream(
        self,
        *,
        topics: Collection[str],
        accepts: Callable[[Event], bool],
        after: int | None = None,
        customer_id: int | None = None,
        until: float | None = None,
    ) -> AsyncGenerator[Event, None]:
        """Events of `topics` that `accepts` takes, in commit order, each exactly once.

        With `after`, every committed event after that id comes first (replayed
        from the database), then live ones. `customer_id` narrows the replay
        query; `accepts` must apply the same rule to live events. Past `until`
        (a `time.time()` value) the stream ends with StreamExpired.
        """
        subscriber = Subscriber(topics, accepts, self.queue_size)
        for topic in topics:
            self._subscribers[topic].add(subscriber)
        # One timer per stream rather than a timeout around every wait: this runs per event.
        deadline = (
            None
            if until is None
            else asyncio.get_running_loop().call_later(
                max(0.0, until - time.time()), subscriber.expire
            )
        )
        try:
            last = self.position if after is None else after
            catch_up = after is not None
            while True:
                if catch_up:
                    # Restart the queue first: every event published from here on is
                    # queued, and the replay covers all that was published before.
                    subscriber.restart()
                    replay = self._replay(last, topics, customer_id)
                    async with aclosing(replay):
                        async for event in replay:
                            last = event.id
                            if accepts(event):
                                yield event
                    catch_up = False
                if subscriber.overflowed and subscriber.queue.empty():
                    catch_up = True
                    continue
                event = await subscriber.next()
                if event.id > last:  # a replay may already have covered it
                    last = event.id
                    yield event
        finally:
            if deadline is not None:
                deadline.cancel()
            for topic in topics:
                self._subscribers[topic].discard(subscriber)

    async def _replay(
        self, after: int, topics: Collection[str], customer_id: int | None
    ) -> AsyncGenerator[Event, None]:
        async with self.engine.connect() as conn:
            if after < await store.pruned_through(conn):
                raise CursorExpired()
        while True:
            async with self.engine.connect() as conn:
                events = await store.read_after(conn, after, topics=topics, customer_id=customer_id)
            for event in events:
                yield event
            if len(events) < store.PAGE:
                return
            after = events[-1].id
