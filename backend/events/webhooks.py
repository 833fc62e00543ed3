"""Delivering outbox events to webhook endpoints: at least once, signed, retried, dead-lettered.

Two steps, both safe to run in several processes at once:

- dispatch: under a row lock on the dispatcher's position (SKIP LOCKED: one
  dispatcher at a time, the others move on), one delivery row per new event and
  subscribed endpoint is created and the position advanced, in one transaction.
  Outbox ids become visible in commit order, so "after my position" misses nothing.
- send: due pending deliveries are claimed with FOR UPDATE SKIP LOCKED and stay
  locked while they are sent, so no two workers send the same delivery; the
  attempt and its outcome are written in that same transaction.

A worker that dies after the receiver answered but before its commit leaves the
delivery pending, and it is sent again: receivers deduplicate on X-ERP-Event-Id.

When nothing is due the worker sleeps until the outbox listener wakes it
(LISTEN/NOTIFY: something was committed) or the next retry falls due, not on a
one-second poll. One cheap statement (outside a transaction) says whether any
endpoint is active and when the next pending delivery is due; without active
endpoints nothing else is read. A burst of commits wakes it once (`coalesce_seconds`).
"""

import asyncio
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.api.ids import to_global_id
from backend.db.models.integrations import DeliveryStatus
from backend.domain.rules.webhooks import gives_up, retry_delay, sign
from backend.events.waiting import wait_set

log = logging.getLogger(__name__)

DISPATCH_POSITION = "webhooks"
DISPATCH_PAGE = 1000
SEND_BATCH = 20
# A safety net only: the worker is woken by NOTIFY, or when the next retry falls due.
POLL_SECONDS = 60.0
COALESCE_SECONDS = 0.1
TIMEOUT_SECONDS = 10.0
USER_AGENT = "erp-webhooks/1"
# Payload keys holding database ids, shown to receivers as the graph's global ids.
GLOBAL_IDS = {
    "customer_id": "Customer",
    "lot_id": "Lot",
    "move_id": "StockMove",
    "order_id": "SalesOrder",
    "product_id": "Product",
    "recall_id": "Recall",
    "warehouse_id": "Warehouse",
}

START_POSITION = text(
    """
    INSERT INTO outbox_positions (name, event_id)
    SELECT :name, coalesce(
        (SELECT min(starts_after_event_id) FROM webhook_endpoints WHERE active),
        (SELECT max(id) FROM outbox_events), 0)
    ON CONFLICT (name) DO NOTHING
    """
)
LOCK_POSITION = text(
    "SELECT event_id FROM outbox_positions WHERE name = :name FOR UPDATE SKIP LOCKED"
)
PAGE_END = text(
    "SELECT max(id) FROM (SELECT id FROM outbox_events WHERE id > :after ORDER BY id LIMIT :n) s"
)
CREATE_DELIVERIES = text(
    """
    INSERT INTO webhook_deliveries (endpoint_id, event_id)
    SELECT e.id, o.id
    FROM outbox_events o
    JOIN webhook_endpoints e
      ON e.active AND o.topic = ANY(e.event_types) AND o.id > e.starts_after_event_id
    WHERE o.id > :after AND o.id <= :upto
    ORDER BY o.id, e.id
    ON CONFLICT DO NOTHING
    """
)
STATE = text(
    """
    SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE active) AS endpoints,
           (SELECT min(d.next_attempt_at) FROM webhook_deliveries d
            JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.active
            WHERE d.status = 'PENDING') AS next_due,
           now() AS now
    """
)
MOVE_POSITION = text("UPDATE outbox_positions SET event_id = :upto WHERE name = :name")
CLAIM_DUE = text(
    """
    SELECT d.id, d.attempts, d.event_id, e.url, e.secret, e.max_attempts, e.retry_delay_seconds,
           o.topic, o.occurred_at, o.payload
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.id = d.endpoint_id
    JOIN outbox_events o ON o.id = d.event_id
    WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND e.active
    ORDER BY d.next_attempt_at, d.id
    LIMIT :n
    FOR UPDATE OF d SKIP LOCKED
    """
)
RECORD_ATTEMPT = text(
    """
    INSERT INTO webhook_attempts
        (delivery_id, attempted_at, succeeded, response_status, error, duration_ms)
    VALUES (:delivery_id, :attempted_at, :succeeded, :response_status, :error, :duration_ms)
    """
)
SETTLE = text(
    """
    UPDATE webhook_deliveries
    SET attempts = attempts + 1, status = :status, next_attempt_at = :next_attempt_at,
        delivered_at = :delivered_at
    WHERE id = :id
    """
)


def body_of(event_id: int, topic: str, occurred_at: datetime, payload: Mapping[str, Any]) -> bytes:
    data = {
        _camel(key): to_global_id(GLOBAL_IDS[key], value)
        if key in GLOBAL_IDS and isinstance(value, int)
        else value
        for key, value in payload.items()
    }
    return orjson.dumps(
        {
            "id": str(event_id),
            "type": topic,
            "occurredAt": occurred_at.astimezone(UTC).isoformat(),
            "data": data,
        }
    )


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class WebhookWorker:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        poll_seconds: float = POLL_SECONDS,
        timeout_seconds: float = TIMEOUT_SECONDS,
        batch: int = SEND_BATCH,
        coalesce_seconds: float = COALESCE_SECONDS,
    ) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
        self.poll_seconds = poll_seconds
        self.coalesce_seconds = min(coalesce_seconds, poll_seconds)
        self.timeout_seconds = timeout_seconds
        self.batch = batch
        self._wake = asyncio.Event()
        self._position_known = False

    def wake(self) -> None:
        """New events were committed: dispatch and send without waiting for the next poll."""
        self._wake.set()

    async def run(self) -> None:
        async with httpx.AsyncClient(
            timeout=self.timeout_seconds, headers={"user-agent": USER_AGENT}
        ) as client:
            while True:
                self._wake.clear()
                sleep = self.poll_seconds
                try:
                    endpoints, due_in = await self.state()
                    if endpoints:
                        while await self.dispatch() or await self.send_due(client):
                            pass  # more may be waiting
                        endpoints, due_in = await self.state()
                    if endpoints and due_in is not None:
                        sleep = min(sleep, max(due_in, 0.0))
                except Exception:
                    log.exception("webhook worker failed; trying again shortly")
                    sleep = min(sleep, 1.0)
                await wait_set(self._wake, sleep)
                await asyncio.sleep(self.coalesce_seconds)  # one round for a burst of commits

    async def state(self) -> tuple[bool, float | None]:
        """Whether any endpoint is active, and in how many seconds the next delivery is due."""
        async with self.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            row = (await conn.execute(STATE)).one()
        due_in = None if row.next_due is None else (row.next_due - row.now).total_seconds()
        return bool(row.endpoints), due_in

    async def dispatch(self) -> int:
        """Create the deliveries of the next page of events; the number of events passed."""
        params = {"name": DISPATCH_POSITION}
        if not self._position_known:
            async with self.sessionmaker() as session, session.begin():
                await session.execute(START_POSITION, params)
            self._position_known = True
        async with self.sessionmaker() as session, session.begin():
            after = await session.scalar(LOCK_POSITION, params)
            if after is None:
                return 0  # another worker is dispatching
            upto = await session.scalar(PAGE_END, {"after": after, "n": DISPATCH_PAGE})
            if upto is None:
                return 0
            await session.execute(CREATE_DELIVERIES, {"after": after, "upto": upto})
            await session.execute(MOVE_POSITION, {**params, "upto": upto})
            return int(upto - after)

    async def send_due(self, client: httpx.AsyncClient) -> int:
        """Send a batch of due deliveries; the number sent (successfully or not)."""
        async with self.sessionmaker() as session, session.begin():
            due = (await session.execute(CLAIM_DUE, {"n": self.batch})).all()
            if not due:
                return 0
            outcomes = await asyncio.gather(*(self._send(client, row) for row in due))
            for row, outcome in zip(due, outcomes, strict=True):
                await self._settle(session, row, outcome)
            return len(due)

    async def _send(self, client: httpx.AsyncClient, row: Any) -> dict[str, Any]:
        body = body_of(row.event_id, row.topic, row.occurred_at, row.payload)
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "x-erp-event": row.topic,
            "x-erp-event-id": str(row.event_id),
            "x-erp-delivery-id": str(row.id),
            "x-erp-timestamp": str(timestamp),
            "x-erp-signature": sign(row.secret, timestamp, body),
        }
        attempted_at = datetime.now(UTC)
        started = time.perf_counter()
        status: int | None = None
        error: str | None = None
        try:
            response = await client.post(row.url, content=body, headers=headers)
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        return {
            "delivery_id": row.id,
            "attempted_at": attempted_at,
            "succeeded": error is None,
            "response_status": status,
            "error": error,
            "duration_ms": int((time.perf_counter() - started) * 1000),
        }

    async def _settle(self, session: AsyncSession, row: Any, outcome: dict[str, Any]) -> None:
        await session.execute(RECORD_ATTEMPT, outcome)
        attempts = row.attempts + 1
        now = datetime.now(UTC)
        if outcome["succeeded"]:
            status, next_at, delivered_at = DeliveryStatus.DELIVERED, now, now
        elif gives_up(attempts, row.max_attempts):
            status, next_at, delivered_at = DeliveryStatus.DEAD, now, None
            log.warning("webhook delivery %s dead after %d attempts", row.id, attempts)
        else:
            status, delivered_at = DeliveryStatus.PENDING, None
            next_at = now + retry_delay(attempts, row.retry_delay_seconds)
        await session.execute(
            SETTLE,
            {
                "id": row.id,
                "status": status.value,
                "next_attempt_at": next_at,
                "delivered_at": delivered_at,
            },
        )
