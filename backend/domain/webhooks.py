"""Registering webhook endpoints and retrying dead deliveries (ADMIN work)."""

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import OutboxEvent, WebhookDelivery, WebhookEndpoint
from backend.db.models.integrations import DeliveryStatus
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction

MIN_SECRET_LENGTH = 16
MAX_URL_LENGTH = 2000
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_RETRY_DELAY_SECONDS = 30.0
MAX_RETRY_DELAY_SECONDS = 3600.0


def _check(
    *,
    url: str | None,
    secret: str | None,
    event_types: Sequence[str] | None,
    max_attempts: int | None,
    retry_delay_seconds: float | None,
) -> None:
    """Every problem of the input at once; None means "not given"."""
    problems = []
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > MAX_URL_LENGTH:
            problems.append(Problem(
                ErrorCode.INVALID, "The URL must be an absolute http(s) URL.", ("input", "url")))
    if secret is not None and len(secret) < MIN_SECRET_LENGTH:
        problems.append(Problem(
            ErrorCode.INVALID,
            f"The secret must have at least {MIN_SECRET_LENGTH} characters.",
            ("input", "secret"),
        ))
    if event_types is not None:
        unknown = sorted(set(event_types) - set(outbox.TOPICS))
        if not event_types or unknown:
            problems.append(Problem(
                ErrorCode.INVALID,
                "Name at least one event type" + (f"; unknown: {', '.join(unknown)}." if unknown
                                                  else "."),
                ("input", "eventTypes"),
            ))
    if max_attempts is not None and not 1 <= max_attempts <= 50:
        problems.append(Problem(
            ErrorCode.INVALID, "Attempts must be between 1 and 50.", ("input", "maxAttempts")))
    if retry_delay_seconds is not None and not 0 < retry_delay_seconds <= MAX_RETRY_DELAY_SECONDS:
        problems.append(Problem(
            ErrorCode.INVALID,
            f"The retry delay must be over 0 and at most {MAX_RETRY_DELAY_SECONDS:g} seconds.",
            ("input", "retryDelaySeconds"),
        ))
    if problems:
        raise DomainError(problems)


async def create_endpoint(
    session: AsyncSession,
    *,
    actor: Actor,
    url: str,
    secret: str,
    event_types: Sequence[str],
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    retry_delay_seconds: float = DEFAULT_RETRY_DELAY_SECONDS,
) -> WebhookEndpoint:
    """An endpoint that receives the events committed after it was registered."""
    _check(url=url, secret=secret, event_types=event_types, max_attempts=max_attempts,
           retry_delay_seconds=retry_delay_seconds)
    # Outbox ids become visible in commit order: what is visible now is "before".
    last_event = await session.scalar(select(func.coalesce(func.max(OutboxEvent.id), 0)))
    endpoint = WebhookEndpoint(
        url=url,
        secret=secret,
        event_types=sorted(set(event_types)),
        active=True,
        max_attempts=max_attempts,
        retry_delay_seconds=retry_delay_seconds,
        starts_after_event_id=last_event,
        created_by_id=actor.user_id,
    )
    session.add(endpoint)
    await session.flush()
    await _audit(session, actor, AuditAction.WEBHOOK_ENDPOINT_CREATED, endpoint,
                 audit.created(**_snapshot(endpoint)))
    return endpoint


async def update_endpoint(
    session: AsyncSession,
    *,
    actor: Actor,
    endpoint_id: int,
    url: str | None = None,
    secret: str | None = None,
    event_types: Sequence[str] | None = None,
    max_attempts: int | None = None,
    retry_delay_seconds: float | None = None,
    active: bool | None = None,
) -> WebhookEndpoint:
    """Change what is given; a reactivated endpoint does not receive what it missed meanwhile."""
    _check(url=url, secret=secret, event_types=event_types, max_attempts=max_attempts,
           retry_delay_seconds=retry_delay_seconds)
    endpoint = await _endpoint(session, endpoint_id)
    before = _snapshot(endpoint)
    if url is not None:
        endpoint.url = url
    if secret is not None:
        endpoint.secret = secret
    if event_types is not None:
        endpoint.event_types = sorted(set(event_types))
    if max_attempts is not None:
        endpoint.max_attempts = max_attempts
    if retry_delay_seconds is not None:
        endpoint.retry_delay_seconds = retry_delay_seconds
    if active is not None and active != endpoint.active:
        endpoint.active = active
        if active:
            endpoint.starts_after_event_id = int(
                await session.scalar(select(func.coalesce(func.max(OutboxEvent.id), 0))) or 0
            )
    await session.flush()
    changes = audit.diff(before, _snapshot(endpoint))
    if secret is not None:
        changes["secret_changed"] = (None, True)  # the secret itself never goes into the trail
    await _audit(session, actor, AuditAction.WEBHOOK_ENDPOINT_UPDATED, endpoint, changes)
    return endpoint


async def delete_endpoint(session: AsyncSession, *, actor: Actor, endpoint_id: int) -> None:
    """Remove an endpoint with its delivery history."""
    endpoint = await _endpoint(session, endpoint_id)
    await _audit(session, actor, AuditAction.WEBHOOK_ENDPOINT_DELETED, endpoint,
                 audit.deleted(**_snapshot(endpoint)))
    await session.delete(endpoint)
    await session.flush()


async def retry_delivery(
    session: AsyncSession, *, actor: Actor, delivery_id: int
) -> WebhookDelivery:
    """Send a dead-lettered delivery again, once more than its endpoint's attempts allow."""
    delivery = await session.get(WebhookDelivery, delivery_id, with_for_update=True)
    if delivery is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "There is no such delivery.", ("deliveryId",))
    if delivery.status != DeliveryStatus.DEAD:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Delivery {delivery.id} is {delivery.status.value}; only DEAD deliveries are retried.",
            ("deliveryId",),
        )
    endpoint = await _endpoint(session, delivery.endpoint_id)
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = datetime.now(UTC)
    # One more attempt than the limit allows from here.
    delivery.attempts = max(0, endpoint.max_attempts - 1)
    await session.flush()
    await outbox.wake_listeners(session)  # the workers sleep until told something is due
    await audit.record(session, actor_id=actor.user_id,
                       action=AuditAction.WEBHOOK_DELIVERY_RETRIED,
                       entity_type="WebhookDelivery", entity_id=delivery.id,
                       changes={"status": (DeliveryStatus.DEAD, DeliveryStatus.PENDING)})
    return delivery


async def _endpoint(session: AsyncSession, endpoint_id: int) -> WebhookEndpoint:
    endpoint = await session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
    if endpoint is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "There is no such webhook endpoint.",
                                 ("id",))
    return endpoint


def _snapshot(endpoint: WebhookEndpoint) -> dict[str, object]:
    """The audited fields of an endpoint; the secret itself never goes into the trail."""
    return {
        "url": endpoint.url,
        "event_types": list(endpoint.event_types),
        "active": endpoint.active,
        "max_attempts": endpoint.max_attempts,
        "retry_delay_seconds": endpoint.retry_delay_seconds,
    }


async def _audit(
    session: AsyncSession, actor: Actor, action: AuditAction, endpoint: WebhookEndpoint,
    changes: dict[str, audit.Change],
) -> None:
    await audit.record(session, actor_id=actor.user_id, action=action,
                       entity_type="WebhookEndpoint", entity_id=endpoint.id, changes=changes)
