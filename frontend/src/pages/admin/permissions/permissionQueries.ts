import { graphql } from "../../../graphql";

export const PermissionsQuery = graphql(`
  query RolesAndPermissions {
    permissions {
      code
      description
      business
    }
    rolePermissions {
      role
      permissions
    }
    separationOfDutiesRules(includeInactive: true) {
      id
      code
      description
      firstPermission
      secondPermission
      active
    }
  }
`);

export const SetRolePermissionsMutation = graphql(`
  mutation SetRolePermissions($input: SetRolePermissionsInput!) {
    setRolePermissions(input: $input) {
      rolePermissions {
        role
        permissions
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const CreateSeparationRuleMutation = graphql(`
  mutation CreateSeparationOfDutiesRule($input: CreateSeparationOfDutiesRuleInput!) {
    createSeparationOfDutiesRule(input: $input) {
      rule {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const UpdateSeparationRuleMutation = graphql(`
  mutation UpdateSeparationOfDutiesRule($input: UpdateSeparationOfDutiesRuleInput!) {
    updateSeparationOfDutiesRule(input: $input) {
      rule {
        id
        active
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
