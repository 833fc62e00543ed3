import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { errorAt } from "../../lib/errors";
import { enumLabel } from "../../i18n/enumLabel";
import { RecordRecallAcknowledgementMutation } from "./recallQueries";

// A partner acknowledging in the portal is PORTAL; staff record the other channels.
const CHANNELS = ["PHONE", "EMAIL", "LETTER", "FAX", "IN_PERSON"] as const;
type Channel = (typeof CHANNELS)[number];

/** Staff record how and by whom a customer acknowledged its recall notice. */
export function AcknowledgementForm({
  recallId,
  customer,
  onDone,
  onCancel,
}: {
  recallId: string;
  customer: { id: string; code: string };
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(["recalls", "common"]);
  const [channel, setChannel] = useState<Channel>("PHONE");
  const [contact, setContact] = useState("");
  const [note, setNote] = useState("");
  const record = useAction(RecordRecallAcknowledgementMutation);
  const contactError = errorAt(record.userErrors, "input", "contactName");
  return (
    <form
      className="inline-form"
      aria-label={t("ack.formLabel", { code: customer.code })}
      onSubmit={async (e) => {
        e.preventDefault();
        const input = { recallId, customerId: customer.id, channel, contactName: contact.trim(), note: note.trim() || null };
        if (await record.run({ input })) onDone();
      }}
    >
      <SelectField label={t("ack.channel")} value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
        {CHANNELS.map((c) => (
          <option key={c} value={c}>
            {enumLabel(c)}
          </option>
        ))}
      </SelectField>
      <TextField label={t("ack.contact")} value={contact} onChange={(e) => setContact(e.target.value)} error={contactError} />
      <TextField label={t("ack.note")} value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" className="primary" disabled={record.busy}>
        {t("ack.record")}
      </button>
      <button type="button" onClick={onCancel}>
        {t("common:action.cancel")}
      </button>
      <FormErrors
        messages={[
          ...record.userErrors.filter((e) => e.message !== contactError).map((e) => e.message),
          ...(record.failure ? [record.failure] : []),
        ]}
      />
    </form>
  );
}
