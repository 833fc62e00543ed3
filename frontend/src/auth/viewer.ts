import { Client, fetchExchange } from "@urql/core";
import { graphql, type ResultOf } from "../graphql";
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
  if (result.error) throw new LoginError(describeError(result.error) ?? "Your account could not be loaded.");
  if (!result.data?.viewer) throw new LoginError("Your session has ended. Please sign in again.");
  return result.data.viewer;
}
