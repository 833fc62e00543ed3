import { useEffect, useState } from "react";
import { useClient } from "urql";
import { graphql, type ResultOf, type VariablesOf } from "../../graphql";
import i18n from "../../i18n";
import { describeError } from "../../lib/errors";

export const PreviewOrderQuery = graphql(`
  query PreviewOrder($input: CreateSalesOrderInput!) {
    previewSalesOrder(input: $input) {
      lines {
        product {
          id
        }
        quantity
        unitPrice
        listPrice
        discountPercent
        taxRate
        lineTotal
        availableQuantity
      }
      subtotal
      taxTotal
      total
      approvalsNeeded {
        rule
        requiredRole
        reason
      }
      creditExposureAfter
      creditLimit
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export type Preview = ResultOf<typeof PreviewOrderQuery>["previewSalesOrder"];
export type PreviewLine = Preview["lines"][number];
export type PreviewInput = VariablesOf<typeof PreviewOrderQuery>["input"];

/** What to price: the order input, and which form line each input line came from. */
export type PreviewRequest = { input: PreviewInput; lineKeys: number[] };

export type PreviewState = {
  /** The last answer, kept while a newer one loads, and what it answered. */
  preview: Preview | null;
  request: PreviewRequest | null;
  loading: boolean;
  failure: string | null;
};

export const PREVIEW_DELAY_MS = 300;

/**
 * Asks the server to price the order the user is typing, PREVIEW_DELAY_MS after
 * the last change; a later answer always replaces an earlier one.
 */
export function usePreview(request: PreviewRequest | null): PreviewState {
  const client = useClient();
  const [state, setState] = useState<PreviewState>({ preview: null, request: null, loading: false, failure: null });
  const wanted = request && JSON.stringify(request);

  useEffect(() => {
    if (!wanted) {
      setState({ preview: null, request: null, loading: false, failure: null });
      return;
    }
    const asked = JSON.parse(wanted) as PreviewRequest;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(async () => {
      const result = await client.query(PreviewOrderQuery, { input: asked.input }, { requestPolicy: "network-only" }).toPromise();
      if (!current) return;
      const preview = result.data?.previewSalesOrder;
      if (result.error || !preview)
        setState((s) => ({ ...s, loading: false, failure: describeError(result.error) ?? i18n.t("orders:preview.noPreview") }));
      else setState({ preview, request: asked, loading: false, failure: null });
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, wanted]);

  return state;
}

type Requested = { productId: string; quantity: number };

/**
 * Which preview line prices each requested line (undefined: none). The server
 * leaves out the lines it has a problem with, and its lines carry no index, so:
 * every line when none is left out; else the lines without a problem when they
 * match; else, in order, the next preview line of the same product and quantity.
 */
export function matchLines(requested: readonly Requested[], preview: Preview): (PreviewLine | undefined)[] {
  const priced = preview.lines;
  const same = (r: number, p: number) =>
    requested[r].productId === priced[p].product.id && requested[r].quantity === priced[p].quantity;
  const fits = (chosen: number[]) => chosen.length === priced.length && chosen.every((r, p) => same(r, p));
  const all = requested.map((_, i) => i);
  const hasProblem = (i: number) => preview.userErrors.some((e) => e.field?.[1] === "lines" && e.field[2] === String(i));
  const clean = all.filter((i) => !hasProblem(i));
  const chosen = fits(all) ? all : fits(clean) ? clean : null;
  if (chosen) return requested.map((_, r) => priced[chosen.indexOf(r)]);
  let next = 0;
  return requested.map((_, r) => (next < priced.length && same(r, next) ? priced[next++] : undefined));
}

/** The last preview's pricing of one form line, and that line's index in the preview's input. */
export function previewedLine(state: PreviewState, key: number): { line?: PreviewLine; index: number } | null {
  const { preview, request } = state;
  const index = request?.lineKeys.indexOf(key) ?? -1;
  if (!preview || !request || index < 0) return null;
  return { line: matchLines(request.input.lines, preview)[index], index };
}
