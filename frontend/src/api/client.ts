import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";

export type LiveStatus = "connecting" | "live" | "reconnecting";

type Options = {
  token: string;
  onUnauthenticated: () => void;
  onLiveStatus: (status: LiveStatus) => void;
};

function websocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/graphql`;
}

/** A socket for subscriptions that reconnects forever and reports its state. */
export function createLiveSocket({ token, onLiveStatus }: Omit<Options, "onUnauthenticated">): WsClient {
  let opened = false;
  return createWsClient({
    url: websocketUrl(),
    lazy: true,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      // Capped exponential back-off with jitter, so a restarted server is not stampeded.
      const delay = Math.min(1000 * 2 ** retries, 15_000);
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
    },
    on: {
      connecting: () => onLiveStatus(opened ? "reconnecting" : "connecting"),
      connected: () => {
        opened = true;
        onLiveStatus("live");
      },
      closed: () => {
        if (opened) onLiveStatus("reconnecting");
      },
    },
  });
}

/** The GraphQL client: HTTP for queries and mutations, graphql-ws for subscriptions. */
export function createApiClient({ token, onUnauthenticated, onLiveStatus }: Options): {
  client: Client;
  socket: WsClient;
} {
  const socket = createLiveSocket({ token, onLiveStatus });
  const client = new Client({
    url: "/graphql",
    requestPolicy: "cache-and-network",
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED")) {
            onUnauthenticated();
          }
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return {
            subscribe(sink) {
              const dispose = socket.subscribe(input, sink);
              return { unsubscribe: dispose };
            },
          };
        },
      }),
    ],
  });
  return { client, socket };
}
