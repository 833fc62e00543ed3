import { useId, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { graphql, type ResultOf } from "../../graphql";
import { describeError } from "../../lib/errors";

export const ScanQuery = graphql(`
  query Scan($code: String!) {
    scan(code: $code) {
      gtin
      lotNumber
      serialNumber
      expiresOn
      product {
        id
        sku
        name
      }
      lot {
        id
        lotNumber
      }
      serial {
        id
        serialNumber
        status
      }
    }
  }
`);

export type ScanResult = NonNullable<ResultOf<typeof ScanQuery>["scan"]>;

/**
 * A barcode field: a hand scanner types the GS1 element string and presses
 * Enter; the server parses and resolves it with `scan`.
 */
export function ScanField({
  label,
  onResolved,
  hint,
}: {
  label: string;
  onResolved: (result: ScanResult) => string | null | void;
  hint?: string;
}) {
  const { t } = useTranslation("warehouse");
  const client = useClient();
  const id = useId();
  const [code, setCode] = useState("");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const resolve = async () => {
    const value = code.trim();
    if (!value) return;
    setBusy(true);
    const result = await client.query(ScanQuery, { code: value }, { requestPolicy: "network-only" }).toPromise();
    setBusy(false);
    if (result.error) return setMessage({ text: describeError(result.error) ?? t("scan.failed"), error: true });
    const scanned = result.data?.scan;
    if (!scanned) return setMessage({ text: t("scan.unknown"), error: true });
    const refusal = onResolved(scanned);
    if (refusal) return setMessage({ text: refusal, error: true });
    setMessage({
      text: [
        scanned.product?.sku,
        scanned.lotNumber && t("scan.lot", { lot: scanned.lotNumber }),
        scanned.serialNumber && t("scan.serial", { serial: scanned.serialNumber }),
      ]
        .filter(Boolean)
        .join(" · "),
      error: false,
    });
    setCode("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      void resolve();
    }
  };

  return (
    <div className={`field scan-field${message?.error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={code}
        autoComplete="off"
        spellCheck={false}
        placeholder="(01)…(10)…(21)…"
        onChange={(e) => setCode(e.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={`${id}-note`}
        aria-busy={busy}
      />
      <p id={`${id}-note`} className={message?.error ? "field-error" : "field-hint"} role="status">
        {busy ? t("scan.lookingUp") : (message?.text ?? hint ?? t("scan.hint"))}
      </p>
    </div>
  );
}
