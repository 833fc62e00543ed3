import { useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../auth/AuthProvider";
import { TextField } from "../../components/Field";
import { formatDateTime } from "../../lib/format";

type Verdict = {
  valid: boolean;
  document: { id: string; kind: string; title: string; version: number } | null;
  signedAt: string | null;
  signer: string | null;
  problems: string[];
};

/** Checks a PDF's signature with the server: intact, by this installation, one of its documents. */
export default function VerifyDocument() {
  const { t } = useTranslation("standards");
  const { session } = useAuth();
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setVerdict(null);
    setFailure(null);
    if (!file) return;
    setBusy(true);
    try {
      const response = await fetch("/documents/verify", {
        method: "POST",
        headers: { authorization: `Bearer ${session?.token}`, "content-type": "application/pdf" },
        body: file,
      });
      const body = await response.json();
      if (!response.ok) setFailure(body.message ?? t("verify.failedHttp", { status: response.status }));
      else setVerdict(body as Verdict);
    } catch {
      setFailure(t("verify.unreachable"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="verify-title">
      <h1 id="verify-title">{t("verify.title")}</h1>
      <p className="muted">{t("verify.intro")}</p>
      <TextField label={t("verify.file")} type="file" accept="application/pdf,.pdf" onChange={check} disabled={busy} />
      {busy && <p role="status">{t("verify.checking")}</p>}
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      {verdict && (
        <div className="card" role="status" data-testid="verdict">
          {verdict.valid ? (
            <>
              <h2>{t("verify.valid")}</h2>
              <p>
                {t("verify.signedBy", {
                  title: verdict.document?.title ?? "",
                  version: verdict.document?.version ?? "",
                  signedAt: verdict.signedAt ? formatDateTime(verdict.signedAt) : "",
                  signer: verdict.signer ?? "",
                })}
              </p>
            </>
          ) : (
            <>
              <h2>{t("verify.invalid")}</h2>
              <ul>
                {verdict.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
