import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { TextField } from "../../components/Field";
import { graphql, type ResultOf } from "../../graphql";
import { describeError } from "../../lib/errors";

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

export type Product = ResultOf<typeof ProductSearchQuery>["products"]["edges"][number]["node"];

/** Search products by SKU or name; the datalist works with the keyboard and screen readers. */
export function ProductPicker({
  product,
  error,
  onPick,
}: {
  product: Product | null;
  error?: string;
  onPick: (product: Product | null) => void;
}) {
  const { t } = useTranslation("orders");
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
        label={t("picker.product")}
        list={listId}
        placeholder={t("picker.placeholder")}
        value={text}
        autoComplete="off"
        onChange={(e) => void search(e.target.value)}
        onFocus={() => !options.length && !product && void search(text)}
        error={error ?? failure ?? undefined}
        hint={
          product
            ? t(product.trackingMode === "SERIAL" ? "picker.serialTracked" : "picker.lotTracked", { name: product.name })
            : undefined
        }
      />
      <datalist id={listId}>
        {options.map((p) => (
          <option key={p.id} value={`${p.sku} — ${p.name}`} />
        ))}
      </datalist>
    </>
  );
}
