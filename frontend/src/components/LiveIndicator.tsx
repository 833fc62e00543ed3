import { useTranslation } from "react-i18next";
import type { LiveStatus } from "../api/client";

export type LiveState = LiveStatus | "unavailable";

export function LiveIndicator({ state, detail }: { state: LiveState; detail?: string | null }) {
  const { t } = useTranslation("components");
  return (
    <span className={`live live-${state}`} role="status" data-testid="live-indicator" data-state={state} title={detail ?? undefined}>
      <span className="dot" aria-hidden="true" /> {t(`live.${state}`)}
      {detail && state === "unavailable" && <span className="muted"> — {detail}</span>}
    </span>
  );
}
