import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { useNavigate } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { errorAt, type UserError } from "../../lib/errors";
import { formatMoney } from "../../lib/format";
import { OrderPreview } from "../orders/OrderPreview";
import { previewedLine, usePreview, type PreviewRequest } from "../orders/orderPreview";
import { type Product, ProductPicker } from "../orders/ProductPicker";
import { CreateQuoteMutation, QuoteFormQuery } from "./quoteQueries";

type Line = { key: number; product: Product | null; quantity: string; discount: string };
let nextKey = 1;
const emptyLine = (): Line => ({ key: nextKey++, product: null, quantity: "1", discount: "" });
const PLACED = ["customerId", "validUntil", "customerReference", "lines"];

const lineInput = (l: Line) => ({
  productId: l.product?.id ?? "",
  quantity: Number(l.quantity),
  discountPercent: l.discount.trim() || null,
});

/** What the form itself can tell before asking the server: the ids and the date left empty. */
function missing(t: TFunction<"quotes">, customerId: string, validUntil: string, lines: Line[]): UserError[] {
  const found: UserError[] = [];
  if (!customerId) found.push({ field: ["input", "customerId"], message: t("new.missingCustomer"), code: "REQUIRED" });
  if (!validUntil) found.push({ field: ["input", "validUntil"], message: t("new.missingValidUntil"), code: "REQUIRED" });
  lines.forEach((l, i) => {
    if (!l.product)
      found.push({ field: ["input", "lines", String(i), "productId"], message: t("new.missingProduct"), code: "REQUIRED" });
  });
  return found;
}

export default function NewQuote() {
  const { t } = useTranslation("quotes");
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: QuoteFormQuery });
  const [customerId, setCustomerId] = useState("");
  const [validUntil, setValidUntil] = useState("");
  const [reference, setReference] = useState("");
  const [lines, setLines] = useState<Line[]>([emptyLine()]);
  const [attempted, setAttempted] = useState(false);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = useAction(CreateQuoteMutation);

  const customers = data?.customers.edges.map((e) => e.node) ?? [];
  const chosen = customerId;

  const ready = lines.filter((l) => l.product && /^\d+$/.test(l.quantity.trim()));
  const request: PreviewRequest | null =
    chosen && ready.length
      ? { input: { customerId: chosen, lines: ready.map(lineInput) }, lineKeys: ready.map((l) => l.key) }
      : null;
  const preview = usePreview(request);

  // Once the user has tried to save, what is still missing shows (and clears as it is filled in).
  const local = attempted ? missing(t, chosen, validUntil, lines) : [];
  const errors = [...local, ...create.userErrors];
  const at = (...path: (string | number)[]) => errorAt(errors, "input", ...path);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (missing(t, chosen, validUntil, lines).length) return;
    const created = await create.run({
      input: {
        customerId: chosen,
        validUntil,
        customerReference: reference.trim() || null,
        idempotencyKey,
        lines: lines.map(lineInput),
      },
    });
    if (created?.quote) navigate(`/quotes/${created.quote.id}`);
  };

  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading label={t("new.loading")} />;
  const update = (key: number, change: Partial<Line>) =>
    setLines((current) => current.map((l) => (l.key === key ? { ...l, ...change } : l)));

  return (
    <form className="order-form" onSubmit={save} aria-labelledby="new-quote-title" noValidate>
      <h1 id="new-quote-title">{t("new.title")}</h1>
      <Section title={t("new.customerSection")}>
        <div className="grid-form">
          <SelectField label={t("new.customer")} value={chosen} onChange={(e) => setCustomerId(e.target.value)} error={at("customerId")}>
            <option value="">{t("new.chooseCustomer")}</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.code} — {c.name}
              </option>
            ))}
          </SelectField>
          <TextField label={t("new.validUntil")} type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} error={at("validUntil")} />
          <TextField label={t("new.reference")} value={reference} onChange={(e) => setReference(e.target.value)} error={at("customerReference")} />
        </div>
      </Section>
      <Section title={t("new.lines")}>
        {lines.map((line, index) => {
          const priced = previewedLine(preview, line.key)?.line;
          return (
            <fieldset key={line.key} className="line-editor" data-testid={`line-${index}`}>
              <legend>{t("new.line", { number: index + 1 })}</legend>
              <ProductPicker product={line.product} error={at("lines", index, "productId")} onPick={(product) => update(line.key, { product })} />
              <TextField
                label={t("new.quantity")}
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                value={line.quantity}
                onChange={(e) => update(line.key, { quantity: e.target.value })}
                error={at("lines", index, "quantity")}
              />
              <TextField
                label={t("new.discount")}
                inputMode="decimal"
                placeholder="0"
                value={line.discount}
                onChange={(e) => update(line.key, { discount: e.target.value })}
                error={at("lines", index, "discountPercent")}
                hint={priced && t("new.price", { price: formatMoney(priced.unitPrice) })}
              />
              <p className="line-net">{priced ? formatMoney(priced.lineTotal) : "–"}</p>
              {lines.length > 1 && (
                <button type="button" className="link" onClick={() => setLines((c) => c.filter((l) => l.key !== line.key))}>
                  {t("new.removeLine", { number: index + 1 })}
                </button>
              )}
            </fieldset>
          );
        })}
        <button type="button" onClick={() => setLines((c) => [...c, emptyLine()])}>
          {t("new.addLine")}
        </button>
      </Section>
      <Section title={t("new.summary")}>
        <OrderPreview state={preview} notes={[]} />
        <FormErrors
          messages={[
            ...create.userErrors.filter((e) => !PLACED.includes(e.field?.[1] ?? "")).map((e) => e.message),
            ...(create.failure ? [create.failure] : []),
          ]}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy}>
            {create.busy ? t("new.saving") : t("new.save")}
          </button>
        </div>
      </Section>
    </form>
  );
}
