import { graphql } from "../graphql";

/** The custom fields of any record that has them, by its id. */
export const RecordCustomFieldsQuery = graphql(`
  query RecordCustomFields($id: ID!) {
    node(id: $id) {
      id
      ... on Product {
        customFields {
          key
          label
          type
          value
        }
      }
      ... on Lot {
        customFields {
          key
          label
          type
          value
        }
      }
      ... on Customer {
        customFields {
          key
          label
          type
          value
        }
      }
      ... on Supplier {
        customFields {
          key
          label
          type
          value
        }
      }
      ... on SalesOrder {
        customFields {
          key
          label
          type
          value
        }
      }
      ... on Shipment {
        customFields {
          key
          label
          type
          value
        }
      }
    }
  }
`);

export const FieldDefinitionsQuery = graphql(`
  query FieldDefinitions($entity: CustomFieldEntity) {
    customFieldDefinitions(entity: $entity) {
      id
      key
      label
      type
      required
      enumValues
      productLines
      deviceClasses
      helpText
    }
  }
`);

export const SetCustomFieldsMutation = graphql(`
  mutation SetCustomFields($input: SetCustomFieldsInput!) {
    setCustomFields(input: $input) {
      customFields {
        key
        label
        type
        value
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
