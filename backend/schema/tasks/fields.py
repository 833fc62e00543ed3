"""`viewerTasks` and `viewerTasksChanged`: the same list, asked for or pushed when it changes."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from backend.domain.inventory.levels import STOCK_LEVEL_CHANGED
from backend.domain.quality.reminders import NOTICE_OVERDUE
from backend.domain.tasks import QA_ROLES, open_tasks
from backend.domain.trust import outbox
from backend.events.store import Event
from backend.resolvers.context import Context, Info
from backend.resolvers.live import events
from backend.schema.tasks.types import ViewerTasks

# The commits that can open or close a task; stock levels only matter to QA (lot status).
TOPICS = (outbox.ORDER_STATUS_CHANGED, outbox.ORDER_VERSION_CREATED, outbox.RECALL_INITIATED,
          outbox.INVOICE_CHANGED, NOTICE_OVERDUE)


async def _current(context: Context) -> ViewerTasks:
    async with context.engine.connect() as conn:
        return ViewerTasks.of(await open_tasks(conn, context.actor))


def _signature(tasks: ViewerTasks) -> tuple[tuple[str, str, bool], ...]:
    return tuple((t.kind, t.subject_id, t.overdue) for t in tasks.tasks)


@strawberry.field(description="The viewer's open tasks: approvals waiting for them, lots to "
                  "inspect or release, recall notices to acknowledge, overdue items.")
async def viewer_tasks(info: Info) -> ViewerTasks:
    return await _current(info.context)


@strawberry.subscription(description="The viewer's open tasks now, then again whenever a "
                         "commit changes them.")
async def viewer_tasks_changed(info: Info) -> AsyncGenerator[ViewerTasks, None]:
    context = info.context
    actor = context.actor
    topics = TOPICS + ((STOCK_LEVEL_CHANGED,) if actor.has_role(*QA_ROLES) else ())
    scope = actor.customer_scope

    def accepts(event: Event) -> bool:
        return scope is None or event.customer_id in (None, scope)

    latest = await _current(context)
    yield latest
    async for _event in events(context, topics=topics, accepts=accepts, customer_id=scope):
        now = await _current(context)
        if _signature(now) != _signature(latest):
            latest = now
            yield now
