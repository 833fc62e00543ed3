import { useState, type ChangeEvent } from "react";
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
      if (!response.ok) setFailure(body.message ?? `The check failed (HTTP ${response.status}).`);
      else setVerdict(body as Verdict);
    } catch {
      setFailure("The server could not be reached.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="verify-title">
      <h1 id="verify-title">Verify a document</h1>
      <p className="muted">
        Choose a PDF this installation generated (a certificate, packing list, invoice, notice or label). Its
        signature is checked, and the file is matched with the stored document.
      </p>
      <TextField label="PDF file" type="file" accept="application/pdf,.pdf" onChange={check} disabled={busy} />
      {busy && <p role="status">Checking…</p>}
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      {verdict && (
        <div className="card" role="status" data-testid="verdict">
          {verdict.valid ? (
            <>
              <h2>Signature valid</h2>
              <p>
                {verdict.document?.title} (version {verdict.document?.version}), signed{" "}
                {verdict.signedAt ? formatDateTime(verdict.signedAt) : ""} by {verdict.signer}.
              </p>
            </>
          ) : (
            <>
              <h2>Signature not valid</h2>
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
