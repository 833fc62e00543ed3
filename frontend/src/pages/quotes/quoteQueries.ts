import { graphql } from "../../graphql";

export const QuotesQuery = graphql(`
  query Quotes($after: String) {
    quotes(first: 50, after: $after) {
      totalCount
      edges {
        node {
          id
          number
          status
          validUntil
          total
          currency
          createdAt
          customer { id code name }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const QuoteFormQuery = graphql(`
  query QuoteForm {
    customers(first: 100) {
      edges { node { id code name } }
    }
  }
`);

export const QuoteQuery = graphql(`
  query Quote($id: ID!) {
    node(id: $id) {
      ... on Quote {
        id
        number
        status
        validUntil
        customerReference
        currency
        subtotal
        taxTotal
        total
        createdAt
        customer { id code name }
        lines { lineNumber quantity unitPrice discountPercent taxRate lineTotal product { id sku name } }
        order { id number status }
      }
    }
  }
`);

export const CreateQuoteMutation = graphql(`
  mutation CreateQuote($input: CreateQuoteInput!) {
    createQuote(input: $input) {
      quote { id number }
      userErrors { field message code }
    }
  }
`);

export const ConvertQuoteMutation = graphql(`
  mutation ConvertQuote($input: ConvertQuoteInput!) {
    convertQuoteToOrder(input: $input) {
      order { id number status }
      userErrors { field message code }
    }
  }
`);
