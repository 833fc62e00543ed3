import { graphql } from "../../graphql";
import { DocumentFields } from "../../api/fragments";

export const GraphLotFields = graphql(`
  fragment GraphLotFields on Lot {
    id
    lotNumber
    status
    product {
      id
      sku
    }
    supplier {
      id
      code
      name
    }
    shipments {
      id
      number
      status
      order {
        id
        number
        customer {
          id
          code
          name
        }
      }
    }
  }
`);

export const LotQuery = graphql(
  `
    query LotPage($id: ID!) {
      node(id: $id) {
        ... on Lot {
          ...GraphLotFields
          manufacturedOn
          expiresOn
          workOrder {
            id
            number
            batchRecord {
              id
              status
            }
          }
          product {
            id
            sku
            name
            gtin
            trackingMode
            deviceClass
          }
          inspections {
            id
            kind
            result
            sampleSize
            defectsFound
            notes
            inspectedAt
            inspector {
              id
              displayName
            }
          }
          release {
            id
            signature {
              meaning
              signedAt
              signer {
                id
                displayName
              }
            }
            certificate {
              id
              title
              fileName
              downloadUrl
            }
          }
          documents {
            ...DocumentFields
          }
          stock {
            onHand
            reserved
            available
            warehouse {
              id
              code
              name
            }
          }
          serials(first: 50) {
            totalCount
            edges {
              node {
                id
                serialNumber
                status
                udi
                warehouse {
                  id
                  code
                }
                shipment {
                  id
                  number
                }
              }
            }
          }
          components {
            ...GraphLotFields
            components {
              ...GraphLotFields
              components {
                ...GraphLotFields
              }
            }
          }
          consumedBy {
            ...GraphLotFields
            consumedBy {
              ...GraphLotFields
              consumedBy {
                ...GraphLotFields
              }
            }
          }
        }
      }
    }
  `,
  [GraphLotFields, DocumentFields],
);

export const RecordInspectionMutation = graphql(`
  mutation RecordInspection($input: RecordInspectionInput!) {
    recordInspection(input: $input) {
      inspection {
        id
        result
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const ReleaseLotMutation = graphql(`
  mutation ReleaseLot($input: ReleaseLotInput!) {
    releaseLot(input: $input) {
      lot {
        id
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

export const RejectLotMutation = graphql(`
  mutation RejectLot($lotId: ID!, $reason: String!) {
    rejectLot(lotId: $lotId, reason: $reason) {
      lot {
        id
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
