import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A modal panel named by its title; Escape or Cancel closes it. */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation("common");
  const id = useId();
  return (
    <div className="dialog-backdrop">
      <div
        className="card dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        onKeyDown={(e) => e.key === "Escape" && onClose()}
      >
        <div className="section-head">
          <h2 id={id}>{title}</h2>
          <button type="button" onClick={onClose}>
            {t("action.cancel")}
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
