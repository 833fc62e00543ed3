import { graphql } from "../../graphql";

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
        id
        number
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const AddCapaActionMutation = graphql(`
  mutation AddCapaAction($input: AddCapaActionInput!) {
    addCapaAction(input: $input) {
      capa {
        id
        number
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const CompleteCapaActionMutation = graphql(`
  mutation CompleteCapaAction($input: CompleteCapaActionInput!) {
    completeCapaAction(input: $input) {
      capa {
        id
        number
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const RecordCapaEffectivenessMutation = graphql(`
  mutation RecordCapaEffectiveness($input: RecordCapaEffectivenessInput!) {
    recordCapaEffectiveness(input: $input) {
      capa {
        id
        number
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const CloseCapaMutation = graphql(`
  mutation CloseCapa($input: CloseCapaInput!) {
    closeCapa(input: $input) {
      capa {
        id
        number
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
