import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { useQuery, useSubscription } from "urql";
import { graphql, type ResultOf } from "../graphql";
import { enumLabel } from "../i18n/enumLabel";
import { formatDateTime } from "../lib/format";

const ViewerTasksQuery = graphql(`
  query ViewerTasks {
    viewerTasks {
      count
      overdueCount
      tasks { kind title reference subjectId path since due overdue }
    }
  }
`);

const ViewerTasksChanged = graphql(`
  subscription ViewerTasksChanged {
    viewerTasksChanged {
      count
      overdueCount
      tasks { kind title reference subjectId path since due overdue }
    }
  }
`);

type Tasks = ResultOf<typeof ViewerTasksQuery>["viewerTasks"];

/** The header's bell: the viewer's open tasks, counted live, each a link to its page. */
export function TaskBell() {
  const { t, i18n } = useTranslation("components");
  const [{ data }] = useQuery({ query: ViewerTasksQuery });
  const [live] = useSubscription({ query: ViewerTasksChanged }, (_previous, event) => event);
  const tasks: Tasks | undefined = live.data?.viewerTasksChanged ?? data?.viewerTasks;
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const location = useLocation();

  // Following a task closes the menu; so do Escape and a click elsewhere.
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    const onClick = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const count = tasks?.count ?? 0;
  // The server words its titles in English (with the customer or product); other
  // languages name the task by its kind and reference.
  const taskTitle = (task: Tasks["tasks"][number]) =>
    i18n.language === "en" ? task.title : t("taskBell.task", { kind: enumLabel(task.kind), reference: task.reference });
  return (
    <div className="task-bell" ref={root}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t("taskBell.button", { count })}
        data-testid="task-bell"
        data-count={tasks ? count : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {count > 0 && (
          <span className={`task-count${tasks?.overdueCount ? " task-count-overdue" : ""}`} aria-hidden="true">
            {count}
          </span>
        )}
      </button>
      {open && (
        <div className="task-panel" id={panelId} role="region" aria-label={t("taskBell.title")}>
          <h2>{t("taskBell.title")}</h2>
          {count === 0 ? (
            <p className="muted">{t("taskBell.none")}</p>
          ) : (
            <ul>
              {tasks!.tasks.map((task) => (
                <li key={`${task.kind}:${task.subjectId}`} className={task.overdue ? "task-overdue" : undefined}>
                  <Link to={task.path}>{taskTitle(task)}</Link>
                  {task.overdue && <strong className="task-overdue-label"> {t("taskBell.overdue")}</strong>}
                  {task.due && !task.overdue && <span className="muted"> {t("taskBell.due", { when: formatDateTime(task.due) })}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function BellIcon() {
  return (
    <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
