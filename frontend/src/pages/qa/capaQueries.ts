import { UserErrorFields } from "../../api/fragments";
import { graphql } from "../../graphql";

/** What a CAPA mutation answers with: the list and the page refetch the rest. */
const CapaSummary = graphql(`
  fragment CapaSummary on Capa {
    id
    number
    status
  }
`);

export const CapaQuery = graphql(`
  query Capa($id: ID!) {
    node(id: $id) {
      ... on Capa {
        id
        number
        title
        problemStatement
        status
        dueOn
        overdue
        openedAt
        closedAt
        owner {
          id
          displayName
        }
        nonconformances {
          id
          number
          title
          status
        }
        actions {
          id
          kind
          description
          dueOn
          status
          evidence
          completedAt
          owner {
            id
            displayName
          }
          completedBy {
            id
            displayName
          }
        }
        effectivenessCheck {
          effective
          evidence
          checkedAt
          checkedBy {
            id
            displayName
          }
        }
        closureSignature {
          meaning
          signedAt
        }
      }
    }
    viewer {
      id
      displayName
    }
    approvalDelegateCandidates {
      id
      displayName
    }
  }
`);

export const NewCapaQuery = graphql(`
  query NewCapa {
    nonconformances(first: 100, status: [OPEN, DISPOSITIONED, CLOSED]) {
      edges {
        node {
          id
          number
          title
          status
        }
      }
    }
    viewer {
      id
      displayName
    }
    approvalDelegateCandidates {
      id
      displayName
    }
  }
`);

export const CreateCapaMutation = graphql(`
  mutation CreateCapa($input: CreateCapaInput!) {
    createCapa(input: $input) {
      capa {
        ...CapaSummary
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields, CapaSummary]);

export const AddCapaActionMutation = graphql(`
  mutation AddCapaAction($input: AddCapaActionInput!) {
    addCapaAction(input: $input) {
      capa {
        ...CapaSummary
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields, CapaSummary]);

export const CompleteCapaActionMutation = graphql(`
  mutation CompleteCapaAction($input: CompleteCapaActionInput!) {
    completeCapaAction(input: $input) {
      capa {
        ...CapaSummary
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields, CapaSummary]);

export const RecordCapaEffectivenessMutation = graphql(`
  mutation RecordCapaEffectiveness($input: RecordCapaEffectivenessInput!) {
    recordCapaEffectiveness(input: $input) {
      capa {
        ...CapaSummary
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields, CapaSummary]);

export const CloseCapaMutation = graphql(`
  mutation CloseCapa($input: CloseCapaInput!) {
    closeCapa(input: $input) {
      capa {
        ...CapaSummary
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields, CapaSummary]);
