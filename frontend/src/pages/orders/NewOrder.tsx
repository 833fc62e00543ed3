import { useId, useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useClient, useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { graphql, type ResultOf } from "../../graphql";
import { describeError, errorAt } from "../../lib/errors";
import { formatMoney, formatNumber } from "../../lib/format";
import { compareDecimals, lineNet, parseDecimal, sumDecimals } from "../../lib/money";
import { SubmitOrderMutation } from "./orderQueries";

const DISCOUNT_APPROVAL_ABOVE = "10";

const OrderFormQuery = graphql(`
  query OrderForm {
    customers(first: 100) {
      edges {
        node {
          id
          code
          name
          creditLimit
          receivableBalance
          minRemainingShelfLifeDays
        }
      }
    }
  }
`);

const ProductSearchQuery = graphql(`
  query ProductSearch($search: String) {
    products(first: 20, search: $search) {
      edges {
        node {
          id
          sku
          name
          unitPrice
          taxRate
          trackingMode
          availableQuantity
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

type Product = ResultOf<typeof ProductSearchQuery>["products"]["edges"][number]["node"];
type Line = { key: number; product: Product | null; quantity: string; discount: string; unitPrice: string };

let nextKey = 1;
const emptyLine = (): Line => ({ key: nextKey++, product: null, quantity: "1", discount: "", unitPrice: "" });

export default function NewOrder() {
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: OrderFormQuery });
  const [customerId, setCustomerId] = useState("");
  const [reference, setReference] = useState("");
  const [requested, setRequested] = useState("");
  const [lines, setLines] = useState<Line[]>([emptyLine()]);
  // One key per filled-in form: a double click or a retry cannot create two orders.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = useAction(CreateOrderMutation);
  const submit = useAction(SubmitOrderMutation);

  const customer = data?.customers.edges.find((e) => e.node.id === customerId)?.node;
  const nets = lines.map((l) =>
    l.product ? lineNet(l.unitPrice || l.product.unitPrice, Number(l.quantity), l.discount || "0") : null,
  );
  const subtotal = sumDecimals(nets.filter((n): n is string => n !== null));
  const overCredit =
    customer &&
    compareDecimals(sumDecimals([customer.receivableBalance, subtotal]), customer.creditLimit) > 0;
  const needsDiscountApproval = lines.some((l) => compareDecimals(l.discount || "0", DISCOUNT_APPROVAL_ABOVE) > 0);

  const at = (...path: (string | number)[]) => errorAt(create.userErrors, "input", ...path);
  const placedFields = new Set(["customerId", "customerReference", "requestedDeliveryDate", "lines"]);
  const unplaced = create.userErrors.filter((e) => !e.field || !placedFields.has(e.field[1] ?? "") || (e.field[1] === "lines" && e.field.length < 4));

  const save = async (event: FormEvent, andSubmit: boolean) => {
    event.preventDefault();
    const created = await create.run({
      input: {
        customerId,
        customerReference: reference.trim() || null,
        requestedDeliveryDate: requested || null,
        idempotencyKey,
        lines: lines.map((l) => ({
          productId: l.product?.id ?? "",
          quantity: Number(l.quantity),
          unitPrice: l.unitPrice.trim() || null,
          discountPercent: l.discount.trim() || null,
        })),
      },
    });
    const order = created?.order;
    if (!order) return;
    if (andSubmit) await submit.run({ orderId: order.id });
    navigate(`/orders/${order.number}`);
  };

  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading label="Loading customers…" />;

  const update = (key: number, change: Partial<Line>) =>
    setLines((current) => current.map((l) => (l.key === key ? { ...l, ...change } : l)));

  return (
    <form className="order-form" onSubmit={(e) => save(e, true)} aria-labelledby="new-order-title" noValidate>
      <h1 id="new-order-title">New order</h1>
      <Section title="Customer and delivery">
        <div className="grid-form">
          <SelectField
            label="Customer"
            required
            value={customerId}
            onChange={(e) => setCustomerId(e.target.value)}
            error={at("customerId")}
            hint={
              customer && (
                <>
                  Receivables {formatMoney(customer.receivableBalance)} of {formatMoney(customer.creditLimit)} credit
                  limit · needs ≥ {customer.minRemainingShelfLifeDays} days shelf life
                </>
              )
            }
          >
            <option value="">Choose a customer…</option>
            {data.customers.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.code} — {node.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Customer reference (PO number)"
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            error={at("customerReference")}
          />
          <TextField
            label="Requested delivery date"
            type="date"
            value={requested}
            onChange={(e) => setRequested(e.target.value)}
            error={at("requestedDeliveryDate")}
          />
        </div>
      </Section>

      <Section title="Lines">
        {lines.map((line, index) => (
          <LineEditor
            key={line.key}
            index={index}
            line={line}
            net={nets[index]}
            errorAt={(field) => at("lines", index, field)}
            onChange={(change) => update(line.key, change)}
            onRemove={lines.length > 1 ? () => setLines((c) => c.filter((l) => l.key !== line.key)) : undefined}
          />
        ))}
        <button type="button" onClick={() => setLines((c) => [...c, emptyLine()])}>
          Add line
        </button>
      </Section>

      <Section title="Summary">
        <p>
          Subtotal before tax: <strong data-testid="order-subtotal">{formatMoney(subtotal)}</strong>{" "}
          <span className="muted">(at list prices; the price list of the customer applies when saved)</span>
        </p>
        {needsDiscountApproval && (
          <p className="hint-warn">A discount above {DISCOUNT_APPROVAL_ABOVE} % needs a sales manager's approval.</p>
        )}
        {overCredit && <p className="hint-warn">This order takes the customer over its credit limit: finance must approve it.</p>}
        <FormErrors
          messages={[
            ...unplaced.map((e) => e.message),
            ...(create.failure ? [create.failure] : []),
            ...submit.userErrors.map((e) => e.message),
            ...(submit.failure ? [submit.failure] : []),
          ]}
        />
        <div className="actions">
          <button type="button" disabled={create.busy} onClick={(e) => save(e, false)}>
            Save draft
          </button>
          <button type="submit" className="primary" disabled={create.busy || submit.busy}>
            {create.busy || submit.busy ? "Saving…" : "Create and submit"}
          </button>
        </div>
      </Section>
    </form>
  );
}

function LineEditor({
  index,
  line,
  net,
  errorAt,
  onChange,
  onRemove,
}: {
  index: number;
  line: Line;
  net: string | null;
  errorAt: (field: string) => string | undefined;
  onChange: (change: Partial<Line>) => void;
  onRemove?: () => void;
}) {
  const quantity = Number(line.quantity);
  const short = line.product && quantity > line.product.availableQuantity;
  return (
    <fieldset className="line-editor" data-testid={`line-${index}`}>
      <legend>Line {index + 1}</legend>
      <ProductPicker product={line.product} error={errorAt("productId")} onPick={(product) => onChange({ product })} />
      <TextField
        label="Quantity"
        type="number"
        min={1}
        step={1}
        inputMode="numeric"
        value={line.quantity}
        onChange={(e) => onChange({ quantity: e.target.value })}
        error={errorAt("quantity")}
        hint={
          line.product &&
          (short ? (
            <span className="hint-warn">Only {formatNumber(line.product.availableQuantity)} available now</span>
          ) : (
            `${formatNumber(line.product.availableQuantity)} available`
          ))
        }
      />
      <TextField
        label="Discount %"
        inputMode="decimal"
        placeholder="0"
        value={line.discount}
        onChange={(e) => onChange({ discount: e.target.value })}
        error={errorAt("discountPercent") ?? (line.discount && parseDecimal(line.discount) === null ? "Enter a number, e.g. 15" : undefined)}
      />
      <TextField
        label="Unit price"
        inputMode="decimal"
        placeholder={line.product?.unitPrice ?? ""}
        value={line.unitPrice}
        onChange={(e) => onChange({ unitPrice: e.target.value })}
        error={errorAt("unitPrice")}
        hint={line.product ? `List price ${formatMoney(line.product.unitPrice)}; leave empty to use it` : undefined}
      />
      <p className="line-net" aria-label={`Line ${index + 1} net`}>
        {net ? formatMoney(net) : "–"}
      </p>
      {onRemove && (
        <button type="button" className="link" onClick={onRemove}>
          Remove line {index + 1}
        </button>
      )}
    </fieldset>
  );
}

/** Search products by SKU or name; the datalist works with the keyboard and screen readers. */
function ProductPicker({
  product,
  error,
  onPick,
}: {
  product: Product | null;
  error?: string;
  onPick: (product: Product | null) => void;
}) {
  const client = useClient();
  const [text, setText] = useState(product ? `${product.sku} — ${product.name}` : "");
  const [options, setOptions] = useState<Product[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const listId = useId();
  const latest = useRef(0);

  const search = async (value: string) => {
    setText(value);
    const picked = options.find((p) => `${p.sku} — ${p.name}` === value);
    if (picked) return onPick(picked);
    onPick(null);
    const term = value.split(" — ")[0].trim();
    const request = ++latest.current;
    const result = await client.query(ProductSearchQuery, { search: term || null }).toPromise();
    if (request !== latest.current) return; // a later keystroke's answer wins
    setFailure(result.error ? describeError(result.error) : null);
    const found = result.data?.products.edges.map((e) => e.node) ?? [];
    setOptions(found);
    const exact = found.find((p) => p.sku.toLowerCase() === term.toLowerCase() && `${p.sku} — ${p.name}` === value);
    if (exact) onPick(exact);
  };

  return (
    <>
      <TextField
        label="Product"
        list={listId}
        placeholder="Search SKU or name"
        value={text}
        autoComplete="off"
        onChange={(e) => void search(e.target.value)}
        onFocus={() => !options.length && !product && void search(text)}
        error={error ?? failure ?? undefined}
        hint={product ? `${product.name} · ${product.trackingMode === "SERIAL" ? "serial-tracked" : "lot-tracked"}` : undefined}
      />
      <datalist id={listId}>
        {options.map((p) => (
          <option key={p.id} value={`${p.sku} — ${p.name}`} />
        ))}
      </datalist>
    </>
  );
}
