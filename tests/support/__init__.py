"""What the tests share, in one place.

- `client`: signing in (`login`), one GraphQL request (`gql`), and `Client`, which
  signs each demo user in once and calls the graph as them.
- `ids`: global ids of rows (`gid`) and back (`pk`).
- `documents`: GraphQL documents more than one test module sends.
- `builders`: test data made through the domain functions (customers, products,
  released lots, orders, shipments, live-update stock), beside the demo data.
- `flows`: test data made through the API, as the demo users would (orders at a
  stage; goods received, inspected and released).
- `server`: the test signing secret, a uvicorn server in a thread, `LiveServer`.
- `database`: databases of a test's own (fresh, migrated, dropped afterwards).
- `sql`: counting the SQL statements a request costs.
- `ws`: a small graphql-transport-ws client for subscriptions.
"""
