import { stringifyDocument } from "@urql/core";
import { graphql, type ResultOf } from "../../graphql";
import i18n from "../../i18n";
import { localizeUserErrors, type UserError } from "../../lib/errors";
import { DocumentFields } from "../../api/fragments";

export const AttachDocumentMutation = graphql(`
  mutation AttachDocument($input: AttachDocumentInput!) {
    attachDocument(input: $input) {
      document {
        ...DocumentFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`, [DocumentFields]);

export type AttachedDocument = NonNullable<ResultOf<typeof AttachDocumentMutation>["attachDocument"]["document"]>;
export type AttachInput = { file: File; kind: string; title: string; attachTo: string[] };
export type AttachResult = { document: AttachedDocument | null; userErrors: UserError[]; failure: string | null };

/**
 * Sends the file as a GraphQL multipart request (the spec the server follows). The extra
 * header is what the server's CSRF check asks of multipart requests.
 */
export async function attachDocument(token: string, input: AttachInput): Promise<AttachResult> {
  const body = new FormData();
  body.append(
    "operations",
    JSON.stringify({
      query: stringifyDocument(AttachDocumentMutation),
      variables: { input: { file: null, kind: input.kind, title: input.title, attachTo: input.attachTo } },
    }),
  );
  body.append("map", JSON.stringify({ "0": ["variables.input.file"] }));
  body.append("0", input.file, input.file.name);
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "graphql-require-preflight": "1" },
      body,
    });
  } catch {
    return { document: null, userErrors: [], failure: i18n.t("error.unreachable") };
  }
  const json = (await response.json().catch(() => null)) as {
    data?: ResultOf<typeof AttachDocumentMutation>;
    errors?: { message: string }[];
  } | null;
  if (!json?.data) {
    const failure = json?.errors?.[0]?.message ?? i18n.t("documents:uploadFailed", { status: response.status });
    return { document: null, userErrors: [], failure };
  }
  const payload = json.data.attachDocument;
  return { document: payload.document ?? null, userErrors: localizeUserErrors(payload.userErrors), failure: null };
}

/** The kinds a person attaches by hand; generated kinds (invoices, labels, ledger exports) are the system's. */
export const ATTACHABLE_KINDS: readonly string[] = [
  "CERTIFICATE_OF_CONFORMITY",
  "INSPECTION_REPORT",
  "SUPPLIER_CERTIFICATE",
  "BATCH_RECORD",
  "PACKING_LIST",
  "OTHER",
];
