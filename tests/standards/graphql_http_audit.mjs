// Runs graphql-http's server audits (GraphQL over HTTP conformance) against a URL and prints
// one JSON array: {id, name, status, reason} per audit. With a token, every request the
// audits send carries `Authorization: Bearer <token>`.
//   node graphql_http_audit.mjs http://127.0.0.1:8000/graphql [token]
import { serverAudits } from 'graphql-http';

const [url, token] = process.argv.slice(2);
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

const results = [];
for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  results.push({
    id: result.id,
    name: result.name,
    status: result.status,
    reason: result.status === 'ok' ? null : result.reason,
  });
}
process.stdout.write(JSON.stringify(results));
