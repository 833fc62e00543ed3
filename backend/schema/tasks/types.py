"""What the bell lists: one task, with where to do it, and the viewer's open tasks."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.api.ids import to_global_id
from backend.domain import tasks as domain
from backend.domain.tasks import TaskKind as TaskKindValue

TaskKind = strawberry.enum(TaskKindValue, name="TaskKind", description="What a task asks for.")


def _path(task: domain.Task) -> str:
    """The web app's page for the task (the screen where it is done)."""
    gid = to_global_id(task.subject_type, task.subject_id)
    match task.kind:
        case TaskKindValue.APPROVE_ORDER:
            return f"/orders/{task.reference}"
        case TaskKindValue.INSPECT_LOT | TaskKindValue.RELEASE_LOT:
            return f"/lots/{gid}"
        case TaskKindValue.ACKNOWLEDGE_RECALL:
            return "/portal/recalls"
        case TaskKindValue.OVERDUE_RECALL_NOTICE:
            return f"/recalls/{gid}"
        case TaskKindValue.OVERDUE_INVOICE:
            return f"/invoices/{gid}"


@strawberry.type(description="Something waiting for the viewer.")
class Task:
    kind: TaskKind  # type: ignore[valid-type]
    title: str
    reference: str = strawberry.field(description="The number of what it is about.")
    subject_id: strawberry.ID = strawberry.field(description="The global id of that.")
    path: str = strawberry.field(description="The web app's page where the task is done.")
    since: datetime | None
    due: datetime | None
    overdue: bool

    @classmethod
    def of(cls, task: domain.Task) -> Task:
        return cls(
            kind=task.kind,
            title=task.title,
            reference=task.reference,
            subject_id=strawberry.ID(to_global_id(task.subject_type, task.subject_id)),
            path=_path(task),
            since=task.since,
            due=task.due,
            overdue=task.overdue,
        )


@strawberry.type(description="The viewer's open tasks, oldest first within each kind.")
class ViewerTasks:
    count: int = strawberry.field(description="How many tasks are listed.")
    overdue_count: int
    tasks: list[Task]

    @classmethod
    def of(cls, found: list[domain.Task]) -> ViewerTasks:
        items = [Task.of(t) for t in found]
        return cls(count=len(items), overdue_count=sum(t.overdue for t in items), tasks=items)
