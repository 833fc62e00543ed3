import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { errorAt, type UserError } from "../lib/errors";
import { FormErrors, TextField } from "./Field";

export type SignatureInput = { password: string; meaning: string };

/**
 * An electronic signature (21 CFR Part 11 style): the signer types their password
 * again and states what the signature means. Both go to the server with the action.
 */
export function SignatureDialog({
  title,
  signer,
  meanings,
  children,
  busy,
  errors = [],
  failure,
  onSign,
  onCancel,
}: {
  title: string;
  signer: string;
  meanings: string[];
  children?: ReactNode;
  busy?: boolean;
  errors?: readonly UserError[];
  failure?: string | null;
  onSign: (signature: SignatureInput) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(["components", "common"]);
  const [password, setPassword] = useState("");
  const [meaning, setMeaning] = useState(meanings[0] ?? "");
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => passwordRef.current?.focus(), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && !busy && onCancel();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, onCancel]);

  const passwordError =
    errorAt(errors, "input", "signature", "password") ??
    errors.find((e) => e.code === "SIGNATURE_INVALID")?.message;
  const meaningError = errorAt(errors, "input", "signature", "meaning");
  const other = errors
    .filter((e) => e.message !== passwordError && e.message !== meaningError)
    .map((e) => e.message);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password && meaning.trim()) onSign({ password, meaning: meaning.trim() });
  };

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="signature-title">
        <form onSubmit={submit}>
          <h2 id="signature-title">{title}</h2>
          {children}
          <p className="muted">
            <Trans t={t} i18nKey="signature.signingAs" values={{ signer }} components={{ b: <strong /> }} />
          </p>
          <TextField
            ref={passwordRef}
            label={t("signature.password")}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={passwordError}
          />
          <TextField
            label={t("signature.meaning")}
            list="signature-meanings"
            required
            value={meaning}
            onChange={(e) => setMeaning(e.target.value)}
            error={meaningError}
          />
          <datalist id="signature-meanings">
            {meanings.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          <FormErrors messages={[...other, ...(failure ? [failure] : [])]} />
          <div className="actions">
            <button type="button" onClick={onCancel} disabled={busy}>
              {t("common:action.cancel")}
            </button>
            <button type="submit" className="primary" disabled={busy || !password || !meaning.trim()}>
              {busy ? t("signature.signing") : t("signature.sign")}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
