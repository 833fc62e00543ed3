import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { CustomFieldInputs, valuesInput, type FieldValues } from "../../components/CustomFields";
import { FieldDefinitionsQuery } from "../../components/CustomFieldsQueries";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { errorAt, localizeUserErrors, type UserError } from "../../lib/errors";
import { formatMoney, formatNumber } from "../../lib/format";
import { parseDecimal } from "../../lib/money";
import { LinePromises } from "./LinePromises";
import { OrderPreview } from "./OrderPreview";
import { previewedLine, usePreview, type PreviewLine, type PreviewRequest } from "./orderPreview";
import { SubmitOrderMutation } from "./orderQueries";
import { type Product, ProductPicker } from "./ProductPicker";

const OrderFormQuery = graphql(`
  query OrderForm {
    customers(first: 100) {
      edges {
        node {
          id
          code
          name
          minRemainingShelfLifeDays
        }
      }
    }
  }
`);

const CreateOrderMutation = graphql(`
  mutation CreateOrder($input: CreateSalesOrderInput!) {
    createSalesOrder(input: $input) {
      order {
        id
        number
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

type Line = { key: number; product: Product | null; quantity: string; discount: string; unitPrice: string };
type Fields = { customerId: string; reference: string; requested: string; lines: Line[] };

let nextKey = 1;
const emptyLine = (): Line => ({ key: nextKey++, product: null, quantity: "1", discount: "", unitPrice: "" });

const LINE_FIELDS = ["productId", "quantity", "unitPrice", "discountPercent"];
const ORDER_FIELDS = ["customerId", "customerReference", "requestedDeliveryDate"];

/** A user error the form shows beside a field (an order field, or a line's field). */
function placed(error: UserError): boolean {
  const [, name, , lineField] = error.field ?? [];
  if (name === "customFields") return (error.field?.length ?? 0) > 2; // beside its input
  return name === "lines" ? LINE_FIELDS.includes(lineField ?? "") : ORDER_FIELDS.includes(name ?? "");
}

const malformed = (line: Line, field: "discount" | "unitPrice") =>
  Boolean(line[field].trim()) && parseDecimal(line[field]) === null;

/** What the server is asked to price: the lines that are filled in, each remembered by its form line. */
function previewRequest({ customerId, reference, requested, lines }: Fields): PreviewRequest | null {
  const ready = lines.filter(
    (l) => l.product && /^-?\d+$/.test(l.quantity.trim()) && !malformed(l, "discount") && !malformed(l, "unitPrice"),
  );
  if (!customerId || !ready.length) return null;
  return {
    input: {
      customerId,
      customerReference: reference.trim() || null,
      requestedDeliveryDate: requested || null,
      lines: ready.map(lineInput),
    },
    lineKeys: ready.map((l) => l.key),
  };
}

const lineInput = (l: Line) => ({
  productId: l.product?.id ?? "",
  quantity: Number(l.quantity),
  unitPrice: l.unitPrice.trim() || null,
  discountPercent: l.discount.trim() || null,
});

export default function NewOrder() {
  const { t } = useTranslation(["orders", "common"]);
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: OrderFormQuery });
  const [customerId, setCustomerId] = useState("");
  const [reference, setReference] = useState("");
  const [requested, setRequested] = useState("");
  const [lines, setLines] = useState<Line[]>([emptyLine()]);
  const [{ data: fieldData }] = useQuery({ query: FieldDefinitionsQuery, variables: { entity: "SALES_ORDER" } });
  const customFields = fieldData?.customFieldDefinitions ?? [];
  const [fieldValues, setFieldValues] = useState<FieldValues>({});
  // One key per filled-in form: a double click or a retry cannot create two orders.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = useAction(CreateOrderMutation);
  const submit = useAction(SubmitOrderMutation);
  const preview = usePreview(previewRequest({ customerId, reference, requested, lines }));

  const customer = data?.customers.edges.find((e) => e.node.id === customerId)?.node;
  // The preview is a query, so its refusals come in English: shown in the user's language.
  const previewErrors = localizeUserErrors(preview.preview?.userErrors ?? []);
  // A saved order's refusals come first; until then, the preview's.
  const at = (...path: (string | number)[]) =>
    errorAt(create.userErrors, "input", ...path) ?? errorAt(previewErrors, "input", ...path);

  const save = async (event: FormEvent, andSubmit: boolean) => {
    event.preventDefault();
    const created = await create.run({
      input: {
        customerId,
        customerReference: reference.trim() || null,
        requestedDeliveryDate: requested || null,
        idempotencyKey,
        lines: lines.map(lineInput),
        customFields: valuesInput(customFields, fieldValues),
      },
    });
    const order = created?.order;
    if (!order) return;
    if (andSubmit) await submit.run({ orderId: order.id });
    navigate(`/orders/${order.number}`);
  };

  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading label={t("newOrder.loading")} />;

  const update = (key: number, change: Partial<Line>) =>
    setLines((current) => current.map((l) => (l.key === key ? { ...l, ...change } : l)));

  return (
    <form className="order-form" onSubmit={(e) => save(e, true)} aria-labelledby="new-order-title" noValidate>
      <h1 id="new-order-title">{t("newOrder.title")}</h1>
      <Section title={t("newOrder.customerSection")}>
        <div className="grid-form">
          <SelectField
            label={t("newOrder.customer")}
            required
            value={customerId}
            onChange={(e) => setCustomerId(e.target.value)}
            error={at("customerId")}
            hint={customer && t("newOrder.shelfLife", { days: customer.minRemainingShelfLifeDays })}
          >
            <option value="">{t("newOrder.chooseCustomer")}</option>
            {data.customers.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.code} — {node.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t("newOrder.reference")}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            error={at("customerReference")}
          />
          <TextField
            label={t("newOrder.requested")}
            type="date"
            value={requested}
            onChange={(e) => setRequested(e.target.value)}
            error={at("requestedDeliveryDate")}
          />
          <CustomFieldInputs fields={customFields} values={fieldValues} onChange={setFieldValues} errors={create.userErrors} />
        </div>
      </Section>

      <Section title={t("newOrder.lines")}>
        {lines.map((line, index) => {
          const priced = previewedLine(preview, line.key);
          return (
            <LineEditor
              key={line.key}
              index={index}
              line={line}
              priced={priced?.line}
              errorAt={(field) =>
                errorAt(create.userErrors, "input", "lines", index, field) ??
                (priced ? errorAt(previewErrors, "input", "lines", priced.index, field) : undefined)
              }
              onChange={(change) => update(line.key, change)}
              onRemove={lines.length > 1 ? () => setLines((c) => c.filter((l) => l.key !== line.key)) : undefined}
            />
          );
        })}
        <button type="button" onClick={() => setLines((c) => [...c, emptyLine()])}>
          {t("common:action.addLine")}
        </button>
        <LinePromises
          request={
            customerId
              ? {
                  customerId,
                  requestedDeliveryDate: requested || null,
                  lines: lines
                    .filter((l) => l.product && /^\d+$/.test(l.quantity.trim()))
                    .map((l) => ({ productId: l.product!.id, quantity: Number(l.quantity) })),
                }
              : null
          }
        />
      </Section>

      <Section title={t("newOrder.summary")}>
        <OrderPreview state={preview} notes={previewErrors.filter((e) => !placed(e))} />
        <FormErrors
          messages={[
            ...create.userErrors.filter((e) => !placed(e)).map((e) => e.message),
            ...(create.failure ? [create.failure] : []),
            ...submit.userErrors.map((e) => e.message),
            ...(submit.failure ? [submit.failure] : []),
          ]}
        />
        <div className="actions">
          <button type="button" disabled={create.busy} onClick={(e) => save(e, false)}>
            {t("newOrder.saveDraft")}
          </button>
          <button type="submit" className="primary" disabled={create.busy || submit.busy}>
            {create.busy || submit.busy ? t("common:state.saving") : t("newOrder.createAndSubmit")}
          </button>
        </div>
      </Section>
    </form>
  );
}

function LineEditor({
  index,
  line,
  priced,
  errorAt,
  onChange,
  onRemove,
}: {
  index: number;
  line: Line;
  /** The server's pricing of this line, once previewed. */
  priced?: PreviewLine;
  errorAt: (field: string) => string | undefined;
  onChange: (change: Partial<Line>) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation("orders");
  const available = priced?.availableQuantity ?? line.product?.availableQuantity;
  const formatError = (field: "discount" | "unitPrice") =>
    malformed(line, field) ? t(field === "discount" ? "newOrder.enterNumber" : "newOrder.enterAmount") : undefined;
  return (
    <fieldset className="line-editor" data-testid={`line-${index}`}>
      <legend>{t("newOrder.line", { number: index + 1 })}</legend>
      <ProductPicker product={line.product} error={errorAt("productId")} onPick={(product) => onChange({ product })} />
      <TextField
        label={t("newOrder.quantity")}
        type="number"
        min={1}
        step={1}
        inputMode="numeric"
        value={line.quantity}
        onChange={(e) => onChange({ quantity: e.target.value })}
        error={errorAt("quantity")}
        hint={line.product && available !== undefined && t("newOrder.available", { quantity: formatNumber(available) })}
      />
      <TextField
        label={t("newOrder.discount")}
        inputMode="decimal"
        placeholder="0"
        value={line.discount}
        onChange={(e) => onChange({ discount: e.target.value })}
        error={errorAt("discountPercent") ?? formatError("discount")}
      />
      <TextField
        label={t("newOrder.unitPrice")}
        inputMode="decimal"
        // Only the server's price for this customer: the catalogue price is not what it pays.
        placeholder={priced?.unitPrice ?? ""}
        value={line.unitPrice}
        onChange={(e) => onChange({ unitPrice: e.target.value })}
        error={errorAt("unitPrice") ?? formatError("unitPrice")}
        hint={line.product && <PriceHint line={line} priced={priced} />}
      />
      <p className="line-net" aria-label={t("newOrder.lineNet", { number: index + 1 })}>
        {priced ? formatMoney(priced.lineTotal) : "–"}
      </p>
      {onRemove && (
        <button type="button" className="link" onClick={onRemove}>
          {t("newOrder.removeLine", { number: index + 1 })}
        </button>
      )}
    </fieldset>
  );
}

function PriceHint({ line, priced }: { line: Line; priced?: PreviewLine }) {
  const { t } = useTranslation("orders");
  if (!priced) return <>{t("newOrder.priceLater")}</>;
  if (line.unitPrice.trim()) return <>{t("newOrder.listPrice", { list: formatMoney(priced.listPrice) })}</>;
  return <>{t("newOrder.customerPrice", { price: formatMoney(priced.unitPrice), list: formatMoney(priced.listPrice) })}</>;
}
