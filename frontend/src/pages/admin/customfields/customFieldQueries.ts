import { graphql } from "../../../graphql";
import { enumLabel } from "../../../i18n/enumLabel";

export const ENTITIES = ["SALES_ORDER", "SHIPMENT", "PRODUCT", "LOT", "CUSTOMER", "SUPPLIER"] as const;
export const TYPES = ["TEXT", "NUMBER", "DATE", "ENUM", "BOOLEAN"] as const;
export const DEVICE_CLASSES = ["I", "IIA", "IIB", "III"] as const;

/** A kind of record in the user's language ("Sales order"). */
export const entityLabel = (value: string) => enumLabel(value);

/** "a, b ,c" as ["a", "b", "c"]. */
export const splitList = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export const DefinitionsQuery = graphql(`
  query AdminCustomFieldDefinitions {
    customFieldDefinitions(includeInactive: true) {
      id
      entity
      key
      label
      type
      required
      enumValues
      productLines
      deviceClasses
      visibleToPartners
      helpText
      active
    }
  }
`);

export const CreateDefinitionMutation = graphql(`
  mutation CreateCustomFieldDefinition($input: CreateCustomFieldDefinitionInput!) {
    createCustomFieldDefinition(input: $input) {
      definition {
        id
        key
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const UpdateDefinitionMutation = graphql(`
  mutation UpdateCustomFieldDefinition($input: UpdateCustomFieldDefinitionInput!) {
    updateCustomFieldDefinition(input: $input) {
      definition {
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
