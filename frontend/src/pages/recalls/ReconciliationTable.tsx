import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../api/useAction";
import { FormErrors, TextField } from "../../components/Field";
import { Empty } from "../../components/States";
import { RecordRecallReconciliationMutation } from "./recallQueries";

export type ReconciliationLine = {
  customer: { id: string; code: string };
  lot: { id: string; lotNumber: string };
  shipped: number;
  returned: number;
  destroyed: number;
  used: number;
  confirmedOnHand: number;
  outstanding: number;
};

/**
 * Per customer and lot: shipped, returned, destroyed, used, on hand, outstanding. With
 * `editable`, each line's figures can be entered (staff for any customer, a partner for
 * its own); a figure entered replaces the one before.
 */
export function ReconciliationTable({
  recallId,
  lines,
  editable,
  partner = false,
  onSaved,
}: {
  recallId: string;
  lines: readonly ReconciliationLine[];
  editable: boolean;
  partner?: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation(["recalls", "common"]);
  const [editing, setEditing] = useState<string | null>(null);
  if (lines.length === 0) return <Empty>{t("reconciliation.empty")}</Empty>;
  return (
    <table className="data">
      <thead>
        <tr>
          {!partner && <th scope="col">{t("common:field.customer")}</th>}
          <th scope="col">{t("common:field.lot")}</th>
          <th scope="col" className="num">{t("reconciliation.col.shipped")}</th>
          <th scope="col" className="num">{t("reconciliation.col.returned")}</th>
          <th scope="col" className="num">{t("reconciliation.col.destroyed")}</th>
          <th scope="col" className="num">{t("reconciliation.col.used")}</th>
          <th scope="col" className="num">{t("reconciliation.col.onHand")}</th>
          <th scope="col" className="num">{t("reconciliation.col.outstanding")}</th>
          {editable && <th scope="col">{t("reconciliation.col.figures")}</th>}
        </tr>
      </thead>
      <tbody>
        {lines.map((r) => {
          const key = `${r.customer.id}-${r.lot.id}`;
          return (
            <Fragment key={key}>
              <tr data-testid="reconciliation-line" data-customer={r.customer.code} data-lot={r.lot.lotNumber}>
                {!partner && <td>{r.customer.code}</td>}
                <td>{r.lot.lotNumber}</td>
                <td className="num">{r.shipped}</td>
                <td className="num">{r.returned}</td>
                <td className="num" data-column="destroyed">{r.destroyed}</td>
                <td className="num" data-column="used">{r.used}</td>
                <td className="num" data-column="onHand">{r.confirmedOnHand}</td>
                <td className="num" data-column="outstanding">{r.outstanding}</td>
                {editable && (
                  <td>
                    <button type="button" onClick={() => setEditing(editing === key ? null : key)}>
                      {t("reconciliation.enterFigures")}
                    </button>
                  </td>
                )}
              </tr>
              {editing === key && (
                <tr>
                  <td colSpan={partner ? 8 : 9}>
                    <FiguresForm
                      recallId={recallId}
                      line={r}
                      partner={partner}
                      onDone={() => {
                        setEditing(null);
                        onSaved();
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

function FiguresForm({
  recallId,
  line,
  partner,
  onDone,
}: {
  recallId: string;
  line: ReconciliationLine;
  partner: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation("recalls");
  const [destroyed, setDestroyed] = useState(String(line.destroyed));
  const [used, setUsed] = useState(String(line.used));
  const [onHand, setOnHand] = useState(String(line.confirmedOnHand));
  const [evidence, setEvidence] = useState("");
  const save = useAction(RecordRecallReconciliationMutation);
  const number = (value: string) => (value.trim() === "" ? null : Number(value));
  return (
    <form
      className="inline-form"
      aria-label={t("reconciliation.formLabel", { customer: line.customer.code, lot: line.lot.lotNumber })}
      onSubmit={async (e) => {
        e.preventDefault();
        const input = {
          recallId,
          customerId: partner ? null : line.customer.id,
          lotId: line.lot.id,
          destroyed: number(destroyed),
          used: number(used),
          confirmedOnHand: number(onHand),
          evidence: evidence.trim() || null,
        };
        if (await save.run({ input })) onDone();
      }}
    >
      <TextField label={t("reconciliation.col.destroyed")} type="number" min={0} value={destroyed} onChange={(e) => setDestroyed(e.target.value)} />
      <TextField label={t("reconciliation.col.used")} type="number" min={0} value={used} onChange={(e) => setUsed(e.target.value)} />
      <TextField label={t("reconciliation.confirmedOnHand")} type="number" min={0} value={onHand} onChange={(e) => setOnHand(e.target.value)} />
      <TextField label={t("reconciliation.evidence")} value={evidence} onChange={(e) => setEvidence(e.target.value)} />
      <button type="submit" className="primary" disabled={save.busy}>
        {t("reconciliation.save")}
      </button>
      <FormErrors messages={[...save.userErrors.map((e) => e.message), ...(save.failure ? [save.failure] : [])]} />
    </form>
  );
}
