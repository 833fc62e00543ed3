import { Client, fetchExchange } from "@urql/core";
import { graphql, type ResultOf } from "../graphql";
import i18n from "../i18n";
import { describeError } from "../lib/errors";
import { LoginError } from "./token";

/** Who the server says the signed-in user is; `isPartner` is its answer, not a reading of the roles. */
export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      username
      displayName
      roles
      isPartner
      passwordChangeRequired
      permissions
      language
    }
  }
`);

export type Viewer = NonNullable<ResultOf<typeof ViewerQuery>["viewer"]>;

/** Asks the server who holds `token`; used right after sign-in, before the app's client exists. */
export async function requestViewer(token: string): Promise<Viewer> {
  const client = new Client({
    url: "/graphql",
    exchanges: [fetchExchange],
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
  });
  const result = await client.query(ViewerQuery, {}, { requestPolicy: "network-only" }).toPromise();
  if (result.error) throw new LoginError(describeError(result.error) ?? i18n.t("auth:accountNotLoaded"));
  if (!result.data?.viewer) throw new LoginError(i18n.t("error.sessionEnded"));
  return result.data.viewer;
}
