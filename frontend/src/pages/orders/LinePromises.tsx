import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { formatDate } from "../../lib/format";
import { PromiseQuery } from "./changeQueries";

type Request = {
  customerId: string;
  requestedDeliveryDate: string | null;
  lines: { productId: string; quantity: number }[];
};

/** What can be promised for the lines being entered (the server's availableToPromise). */
export function LinePromises({ request }: { request: Request | null }) {
  const { t } = useTranslation("orders");
  const lines = request?.lines.filter((l) => l.productId && l.quantity > 0) ?? [];
  const [{ data }] = useQuery({
    query: PromiseQuery,
    variables: { input: { customerId: request?.customerId ?? "", requestedDeliveryDate: request?.requestedDeliveryDate ?? null, lines } },
    pause: !request || lines.length === 0,
  });
  const promise = data?.availableToPromise;
  if (!request || !promise || promise.userErrors.length) return null;
  return (
    <ul className="plain" data-testid="line-promises" aria-label={t("promises.label")}>
      {promise.lines.map((line, i) => (
        <li key={i}>
          {t("promises.line", { number: i + 1 })} <LinePromiseText line={line} />
        </li>
      ))}
    </ul>
  );
}

export function LinePromiseText({
  line,
}: {
  line: { quantity: number; fromStock: number; source: string; promisedDeliveryDate: string | null; late: boolean };
}) {
  const { t } = useTranslation("orders");
  const when = line.promisedDeliveryDate ? formatDate(line.promisedDeliveryDate) : null;
  const text =
    line.source === "NONE" || !when
      ? line.fromStock > 0
        ? t("promises.stockNoDate", { quantity: line.fromStock })
        : t("promises.noDate")
      : line.fromStock >= line.quantity
        ? t("promises.promised", { date: when })
        : t("promises.stockRestBy", { quantity: line.fromStock, date: when });
  return (
    <>
      {text}
      {line.late && (
        <>
          {" "}
          <strong className="late">{t("lines.late")}</strong>
        </>
      )}
    </>
  );
}
