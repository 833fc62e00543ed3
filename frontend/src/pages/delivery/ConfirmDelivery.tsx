import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../api/useAction";
import { FormErrors, TextField } from "../../components/Field";
import { graphql } from "../../graphql";
import { errorAt } from "../../lib/errors";

const ConfirmDeliveryMutation = graphql(`
  mutation ConfirmDelivery($shipmentId: ID!, $deliveredAt: DateTime) {
    confirmDelivery(shipmentId: $shipmentId, deliveredAt: $deliveredAt) {
      shipment {
        id
        status
        deliveredAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** The local wall-clock time as a datetime-local value, to the second (a delivery cannot precede its shipping). */
function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

/**
 * Confirm delivery of a shipped shipment, with the time it arrived (now unless changed).
 * The time typed is the user's local time; the server receives it in UTC.
 */
export function ConfirmDelivery({ shipment, onDone }: { shipment: { id: string; number: string }; onDone: () => void }) {
  const { t } = useTranslation("delivery");
  const confirm = useAction(ConfirmDeliveryMutation);
  const [open, setOpen] = useState(false);
  const [when, setWhen] = useState(localNow);
  const [missing, setMissing] = useState(false);

  if (!open)
    return (
      <button
        type="button"
        className="primary"
        onClick={() => {
          setWhen(localNow());
          setOpen(true);
        }}
      >
        {t("confirm")}
      </button>
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const date = new Date(when);
    setMissing(!when || Number.isNaN(date.getTime()));
    if (!when || Number.isNaN(date.getTime())) return;
    if (await confirm.run({ shipmentId: shipment.id, deliveredAt: date.toISOString() })) {
      setOpen(false);
      onDone();
    }
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label={t("confirmOf", { shipment: shipment.number })}>
      <TextField
        label={t("deliveredAt")}
        type="datetime-local"
        step={1}
        value={when}
        onChange={(e) => setWhen(e.target.value)}
        error={missing ? t("missing") : errorAt(confirm.userErrors, "deliveredAt")}
      />
      <FormErrors
        messages={[
          ...confirm.userErrors.filter((e) => e.field?.[0] !== "deliveredAt").map((e) => e.message),
          ...(confirm.failure ? [confirm.failure] : []),
        ]}
      />
      <div className="actions">
        <button type="button" onClick={() => setOpen(false)}>
          {t("keepShipped")}
        </button>
        <button type="submit" className="primary" disabled={confirm.busy}>
          {t("confirm")}
        </button>
      </div>
    </form>
  );
}
