import type { TFunction } from "i18next";
import { graphql } from "../../../graphql";

export const UsersQuery = graphql(`
  query AdminUsers($search: String, $includeInactive: Boolean) {
    users(first: 100, search: $search, includeInactive: $includeInactive) {
      totalCount
      edges {
        node {
          id
          username
          displayName
          email
          roles
          active
          lockedAt
          failedLoginCount
          passwordChangeRequired
          lastLoginAt
          customer {
            id
            code
          }
        }
      }
    }
    customers(first: 100) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
  }
`);


export const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      user { id username }
      userErrors { field message code }
    }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation DeactivateUser($input: DeactivateUserInput!) {
    deactivateUser(input: $input) {
      user { id active }
      userErrors { field message code }
    }
  }
`);

export const ReactivateUserMutation = graphql(`
  mutation ReactivateUser($userId: ID!) {
    reactivateUser(userId: $userId) {
      user { id active }
      userErrors { field message code }
    }
  }
`);

export const UnlockUserMutation = graphql(`
  mutation UnlockUser($userId: ID!) {
    unlockUser(userId: $userId) {
      user { id lockedAt failedLoginCount }
      userErrors { field message code }
    }
  }
`);

export const ResetUserPasswordMutation = graphql(`
  mutation ResetUserPassword($input: ResetUserPasswordInput!) {
    resetUserPassword(input: $input) {
      user { id lockedAt passwordChangeRequired }
      userErrors { field message code }
    }
  }
`);


/** Every role, in the order the screens list them; their words are in the catalogue. */
export const ROLES = [
  "SALES", "SALES_MANAGER", "WAREHOUSE", "QA_INSPECTOR", "QA_MANAGER", "FINANCE", "BUYER", "PLANNER", "OPERATOR",
  "PARTNER", "ADMIN",
] as const;

export type RoleName = (typeof ROLES)[number];

export function roleLabel(t: TFunction<"admin">, role: string): string {
  return (ROLES as readonly string[]).includes(role) ? t(`roleNames.${role as RoleName}`) : role;
}
