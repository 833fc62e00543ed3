import type { LiveStatus } from "../api/client";

export type LiveState = LiveStatus | "unavailable";

const LABELS: Record<LiveState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  unavailable: "Live updates unavailable",
};

export function LiveIndicator({ state, detail }: { state: LiveState; detail?: string | null }) {
  return (
    <span className={`live live-${state}`} role="status" data-testid="live-indicator" data-state={state} title={detail ?? undefined}>
      <span className="dot" aria-hidden="true" /> {LABELS[state]}
      {detail && state === "unavailable" && <span className="muted"> — {detail}</span>}
    </span>
  );
}
