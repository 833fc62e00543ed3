import { useState, type FormEvent } from "react";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { errorAt, type UserError } from "../../lib/errors";
import { Dialog } from "../finance/Dialog";
import { ATTACHABLE_KINDS, attachDocument, type AttachedDocument } from "./documentQueries";

const TEXT = {
  title: "Attach document",
  file: "File",
  kind: "Kind",
  docTitle: "Title",
  attach: "Attach",
  busy: "Attaching…",
  chooseFile: "Choose a file to attach",
  hint: "PDF, image, office document or plain text",
};

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
      setErrors([{ field: ["input", "file"], message: TEXT.chooseFile, code: "REQUIRED" }]);
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
    <Dialog title={TEXT.title} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label={TEXT.title}>
        <div className="grid-form">
          <TextField
            label={TEXT.file}
            type="file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            error={at("file")}
            hint={TEXT.hint}
          />
          <SelectField label={TEXT.kind} value={kind} onChange={(e) => setKind(e.target.value)} error={at("kind")}>
            {ATTACHABLE_KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </SelectField>
          <TextField label={TEXT.docTitle} value={title} onChange={(e) => setTitle(e.target.value)} error={at("title")} />
        </div>
        <FormErrors
          messages={[
            ...errors.filter((e) => !placed.includes(e.field?.[1] ?? "")).map((e) => e.message),
            ...(failure ? [failure] : []),
          ]}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? TEXT.busy : TEXT.attach}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
