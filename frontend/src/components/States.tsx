import type { CombinedError } from "@urql/core";
import type { ReactNode } from "react";
import { describeError } from "../lib/errors";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

export function ErrorState({ error, retry }: { error: CombinedError | Error; retry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>{describeError(error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Retry
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
  if (error && !data) return <ErrorState error={error} retry={retry} />;
  if (!data) return fetching ? <Loading /> : <Empty>Nothing to show.</Empty>;
  if (isEmpty?.(data)) return <Empty>{empty ?? "Nothing to show."}</Empty>;
  return <>{children(data)}</>;
}
