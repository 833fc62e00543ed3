import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { enumLabel } from "../../i18n/enumLabel";
import { errorAt, type UserError } from "../../lib/errors";
import { Dialog } from "../finance/Dialog";
import { ATTACHABLE_KINDS, attachDocument, type AttachedDocument } from "./documentQueries";

/**
 * Attaches one file to a node (lot, order, shipment, supplier). After a refusal the chosen
 * file, kind and title stay as they were and the error stands at the field the server names.
 */
export function AttachDocumentDialog({
  nodeId,
  defaultKind = "OTHER",
  onClose,
  onAttached,
}: {
  nodeId: string;
  defaultKind?: string;
  onClose: () => void;
  onAttached: (document: AttachedDocument) => void;
}) {
  const { t } = useTranslation("documents");
  const { session } = useAuth();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState(defaultKind);
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const at = (name: string) => errorAt(errors, "input", name);
  const placed = ["file", "kind", "title"];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!file) {
      setErrors([{ field: ["input", "file"], message: t("attach.chooseFile"), code: "REQUIRED" }]);
      return;
    }
    setBusy(true);
    const result = await attachDocument(session?.token ?? "", { file, kind, title, attachTo: [nodeId] });
    setBusy(false);
    setErrors(result.userErrors);
    setFailure(result.failure);
    if (result.document) onAttached(result.document);
  };

  return (
    <Dialog title={t("attach.title")} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label={t("attach.title")}>
        <div className="grid-form">
          <TextField
            label={t("attach.file")}
            type="file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            error={at("file")}
            hint={t("attach.hint")}
          />
          <SelectField label={t("attach.kind")} value={kind} onChange={(e) => setKind(e.target.value)} error={at("kind")}>
            {ATTACHABLE_KINDS.map((k) => (
              <option key={k} value={k}>
                {enumLabel(k)}
              </option>
            ))}
          </SelectField>
          <TextField label={t("attach.docTitle")} value={title} onChange={(e) => setTitle(e.target.value)} error={at("title")} />
        </div>
        <FormErrors
          messages={[
            ...errors.filter((e) => !placed.includes(e.field?.[1] ?? "")).map((e) => e.message),
            ...(failure ? [failure] : []),
          ]}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("attach.busy") : t("attach.attach")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
