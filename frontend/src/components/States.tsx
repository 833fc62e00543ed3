import type { CombinedError } from "@urql/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../lib/errors";

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t("state.loading")}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

export function ErrorState({ error, retry }: { error: CombinedError | Error; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <p>{describeError(error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t("action.retry")}
        </button>
      )}
    </div>
  );
}

/** Renders loading / error / empty states around a query result, then its content. */
export function QueryState<T>({
  fetching,
  error,
  data,
  isEmpty,
  empty,
  retry,
  children,
}: {
  fetching: boolean;
  error?: CombinedError;
  data: T | undefined | null;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  retry?: () => void;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation("components");
  if (error && !data) return <ErrorState error={error} retry={retry} />;
  if (!data) return fetching ? <Loading /> : <Empty>{t("states.nothingToShow")}</Empty>;
  if (isEmpty?.(data)) return <Empty>{empty ?? t("states.nothingToShow")}</Empty>;
  return <>{children(data)}</>;
}
