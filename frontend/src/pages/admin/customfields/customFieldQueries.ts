import { graphql } from "../../../graphql";

export const ENTITIES = [
  { value: "SALES_ORDER", label: "Sales order" },
  { value: "SHIPMENT", label: "Shipment" },
  { value: "PRODUCT", label: "Product" },
  { value: "LOT", label: "Lot" },
  { value: "CUSTOMER", label: "Customer" },
  { value: "SUPPLIER", label: "Supplier" },
] as const;
export const TYPES = ["TEXT", "NUMBER", "DATE", "ENUM", "BOOLEAN"] as const;
export const DEVICE_CLASSES = ["I", "IIA", "IIB", "III"] as const;

export const entityLabel = (value: string) => ENTITIES.find((e) => e.value === value)?.label ?? value;

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
