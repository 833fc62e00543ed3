import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { graphql, type ResultOf } from "../../graphql";
import { errorAt } from "../../lib/errors";
import { ReceiptAgainstOrder } from "../purchasing/PurchaseOrderReceipt";

const ReceiptFormQuery = graphql(`
  query ReceiptForm {
    suppliers(first: 100) {
      edges {
        node {
          id
          code
          name
          approved
        }
      }
    }
    warehouses {
      id
      code
      name
    }
    products(first: 100) {
      edges {
        node {
          id
          sku
          name
          trackingMode
        }
      }
    }
  }
`);

const ReceiveGoodsMutation = graphql(`
  mutation ReceiveGoods($input: ReceiveGoodsInput!) {
    receiveGoods(input: $input) {
      lots {
        id
        lotNumber
        status
        product {
          id
          sku
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

type Received = NonNullable<ResultOf<typeof ReceiveGoodsMutation>["receiveGoods"]>["lots"];
type Line = { key: number; productId: string; lotNumber: string; quantity: string; manufacturedOn: string; expiresOn: string; serials: string };

let nextKey = 1;
const emptyLine = (): Line => ({ key: nextKey++, productId: "", lotNumber: "", quantity: "", manufacturedOn: "", expiresOn: "", serials: "" });

/** Goods in against a purchase order, or without one from an approved supplier: every
 * received lot starts in quarantine. */
export default function GoodsReceipt() {
  const { t } = useTranslation("warehouse");
  return (
    <section aria-labelledby="receipt-title">
      <h1 id="receipt-title">{t("receipt.title")}</h1>
      <ReceiptAgainstOrder otherwise={<DeliveryReceipt />} />
    </section>
  );
}

/** A delivery received without a purchase order. */
function DeliveryReceipt() {
  const { t } = useTranslation(["warehouse", "common"]);
  const [{ data, error }] = useQuery({ query: ReceiptFormQuery });
  const [supplierId, setSupplierId] = useState("");
  const [warehouseId, setWarehouseId] = useState("");
  const [reference, setReference] = useState("");
  const [lines, setLines] = useState<Line[]>([emptyLine()]);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [received, setReceived] = useState<Received | null>(null);
  const action = useAction(ReceiveGoodsMutation);

  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading label={t("receipt.loading")} />;
  const products = data.products.edges.map((e) => e.node);
  const at = (...path: (string | number)[]) => errorAt(action.userErrors, "input", ...path);
  const update = (key: number, change: Partial<Line>) => setLines((c) => c.map((l) => (l.key === key ? { ...l, ...change } : l)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run({
      input: {
        supplierId,
        warehouseId,
        reference: reference.trim() || null,
        idempotencyKey,
        lines: lines.map((l) => ({
          productId: l.productId,
          lotNumber: l.lotNumber.trim(),
          quantity: Number(l.quantity),
          manufacturedOn: l.manufacturedOn || null,
          expiresOn: l.expiresOn || null,
          serialNumbers: l.serials.trim() ? l.serials.split(/\s+/).filter(Boolean) : null,
        })),
      },
    });
    if (result) {
      setReceived(result.lots);
      setLines([emptyLine()]);
      setReference("");
      setIdempotencyKey(crypto.randomUUID());
    }
  };

  return (
    <form onSubmit={submit} aria-labelledby="receipt-title" noValidate>
      {received && (
        <div className="card success" role="status">
          {t("receipt.receivedIntoQuarantine")}{" "}
          {received.map((lot) => (
            <span key={lot.id}>
              <Link to={`/lots/${lot.id}`}>
                {lot.product.sku} {lot.lotNumber}
              </Link>{" "}
              <StatusChip status={lot.status} />{" "}
            </span>
          ))}
        </div>
      )}
      <Section title={t("receipt.delivery")}>
        <div className="grid-form">
          <SelectField label={t("common:field.supplier")} required value={supplierId} onChange={(e) => setSupplierId(e.target.value)} error={at("supplierId")}>
            <option value="">{t("receipt.chooseSupplier")}</option>
            {data.suppliers.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.code} — {node.name}
                {node.approved ? "" : t("receipt.notApproved")}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("common:field.warehouse")} required value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)} error={at("warehouseId")}>
            <option value="">{t("receipt.chooseWarehouse")}</option>
            {data.warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.code} — {w.name}
              </option>
            ))}
          </SelectField>
          <TextField label={t("receipt.reference")} value={reference} onChange={(e) => setReference(e.target.value)} error={at("reference")} />
        </div>
      </Section>
      <Section title={t("receipt.lotsReceived")}>
        {lines.map((line, i) => {
          const product = products.find((p) => p.id === line.productId);
          return (
            <fieldset key={line.key} className="line-editor" data-testid={`receipt-line-${i}`}>
              <legend>{t("receipt.line", { n: i + 1 })}</legend>
              <SelectField label={t("common:field.product")} value={line.productId} onChange={(e) => update(line.key, { productId: e.target.value })} error={at("lines", i, "productId")}>
                <option value="">{t("receipt.chooseProduct")}</option>
                {products.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.sku} — {p.name}
                  </option>
                ))}
              </SelectField>
              <TextField label={t("receipt.lotNumber")} value={line.lotNumber} onChange={(e) => update(line.key, { lotNumber: e.target.value })} error={at("lines", i, "lotNumber")} />
              <TextField label={t("common:field.quantity")} type="number" min={1} value={line.quantity} onChange={(e) => update(line.key, { quantity: e.target.value })} error={at("lines", i, "quantity")} />
              <TextField label={t("receipt.manufacturedOn")} type="date" value={line.manufacturedOn} onChange={(e) => update(line.key, { manufacturedOn: e.target.value })} error={at("lines", i, "manufacturedOn")} />
              <TextField label={t("receipt.expiresOn")} type="date" value={line.expiresOn} onChange={(e) => update(line.key, { expiresOn: e.target.value })} error={at("lines", i, "expiresOn")} />
              {product?.trackingMode === "SERIAL" && (
                <TextField
                  label={t("receipt.serialNumbers")}
                  value={line.serials}
                  onChange={(e) => update(line.key, { serials: e.target.value })}
                  error={at("lines", i, "serialNumbers")}
                />
              )}
              {lines.length > 1 && (
                <button type="button" className="link" onClick={() => setLines((c) => c.filter((l) => l.key !== line.key))}>
                  {t("receipt.removeLine", { n: i + 1 })}
                </button>
              )}
            </fieldset>
          );
        })}
        <button type="button" onClick={() => setLines((c) => [...c, emptyLine()])}>
          {t("common:action.addLine")}
        </button>
      </Section>
      <FormErrors
        messages={[
          ...action.userErrors.filter((e) => !e.field || e.field.length < 2 || (e.field[1] === "lines" && e.field.length < 4)).map((e) => e.message),
          ...(action.failure ? [action.failure] : []),
        ]}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? t("receipt.receiving") : t("receipt.submit")}
        </button>
      </div>
    </form>
  );
}
