import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDate, isoDate } from "../../lib/format";
import { ScheduleQuery } from "./productionQueries";

const DAYS = 14;

function addDays(date: Date, days: number): Date {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
}

/** The planner's chart: a row per work centre, a column per day, a bar per booking. */
export default function Schedule() {
  const { t } = useTranslation("production");
  const start = new Date();
  const days = Array.from({ length: DAYS }, (_, i) => isoDate(addDays(start, i)));
  const [{ data, error }, refetch] = useQuery({
    query: ScheduleQuery,
    variables: { from: days[0], to: days[DAYS - 1] },
    requestPolicy: "cache-and-network",
  });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("schedule.loading")} />;
  return (
    <section aria-labelledby="schedule-title">
      <h1 id="schedule-title">{t("schedule.title")}</h1>
      {data.workCenters.length === 0 ? (
        <Empty>{t("schedule.empty")}</Empty>
      ) : (
        <table className="data gantt" aria-label={t("schedule.table")}>
          <thead>
            <tr>
              <th scope="col">{t("schedule.workCentre")}</th>
              {days.map((d) => (
                <th scope="col" key={d}>
                  {formatDate(d)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.workCenters.map((center) => (
              <tr key={center.id}>
                <th scope="row">
                  {t("schedule.centre", { code: center.code, hours: center.hoursPerDay })}
                </th>
                {days.map((d) => {
                  const bookings = data.productionSchedule.filter((b) => b.workCenter.id === center.id && b.date === d);
                  return (
                    <td key={d}>
                      {bookings.map((b) => (
                        <Link
                          key={`${b.workOrder.id}-${b.operationSequence}-${b.start}`}
                          className={`bar${b.workOrder.late ? " late" : ""}`}
                          to={`/work-orders/${b.workOrder.number}`}
                          title={t("schedule.minutes", { minutes: b.minutes })}
                          style={{ display: "block", width: `${Math.max(10, (b.minutes / (Number(center.hoursPerDay) * 60)) * 100)}%` }}
                        >
                          {b.workOrder.number}
                          {b.workOrder.late && ` ${t("schedule.late")}`}
                        </Link>
                      ))}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
