import { graphql } from "../../../graphql";
import { enumLabel } from "../../../i18n/enumLabel";

export const CustomersQuery = graphql(`
  query AdminCustomers($search: String) {
    customers(first: 100, search: $search) {
      totalCount
      edges { node {
        id code name kind region latitude longitude creditLimit active
        minRemainingShelfLifeDays paymentTermsDays
        priceList { id code }
        contacts { id name role email phone }
        addresses { id kind name street postalCode city country region }
      } }
    }
    priceLists(first: 100) { edges { node { id code name } } }
  }
`);

export const CreateCustomerMutation = graphql(`
  mutation AdminCreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) { customer { id code } userErrors { field message code } }
  }
`);

export const UpdateCustomerMutation = graphql(`
  mutation AdminUpdateCustomer($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) { customer { id code creditLimit } userErrors { field message code } }
  }
`);

export const ProductsQuery = graphql(`
  query AdminProducts($search: String) {
    products(first: 100, search: $search) {
      totalCount
      edges { node {
        id sku gtin name deviceClass trackingMode shelfLifeDays unitPrice taxRate productLine sellable active
      } }
    }
  }
`);

export const CreateProductMutation = graphql(`
  mutation AdminCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) { product { id sku } userErrors { field message code } }
  }
`);

export const UpdateProductMutation = graphql(`
  mutation AdminUpdateProduct($input: UpdateProductInput!) {
    updateProduct(input: $input) { product { id sku } userErrors { field message code } }
  }
`);

export const SuppliersQuery = graphql(`
  query AdminSuppliers {
    suppliers(first: 100) {
      totalCount
      edges { node { id code name country address approved qualificationStatus } }
    }
  }
`);

export const CreateSupplierMutation = graphql(`
  mutation AdminCreateSupplier($input: CreateSupplierInput!) {
    createSupplier(input: $input) { supplier { id code } userErrors { field message code } }
  }
`);

export const UpdateSupplierMutation = graphql(`
  mutation AdminUpdateSupplier($input: UpdateSupplierInput!) {
    updateSupplier(input: $input) { supplier { id code } userErrors { field message code } }
  }
`);

export const WarehousesQuery = graphql(`
  query AdminWarehouses {
    warehouses { id code name region latitude longitude gln address active transitLanes { region transitDays carrier } }
  }
`);

export const CreateWarehouseMutation = graphql(`
  mutation AdminCreateWarehouse($input: CreateWarehouseInput!) {
    createWarehouse(input: $input) { warehouse { id code } userErrors { field message code } }
  }
`);

export const UpdateWarehouseMutation = graphql(`
  mutation AdminUpdateWarehouse($input: UpdateWarehouseInput!) {
    updateWarehouse(input: $input) { warehouse { id code } userErrors { field message code } }
  }
`);

export const PriceListsQuery = graphql(`
  query AdminPriceLists {
    priceLists(first: 100) {
      totalCount
      edges { node { id code name currency validFrom validTo isDefault prices(first: 1) { totalCount } } }
    }
  }
`);

export const PriceListQuery = graphql(`
  query AdminPriceList($id: ID!, $after: String) {
    node(id: $id) {
      ... on PriceList {
        id code name currency validFrom validTo isDefault
        prices(first: 100, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { unitPrice product { id sku name } } }
        }
      }
    }
    products(first: 100) { edges { node { id sku name } } }
  }
`);

export const CreatePriceListMutation = graphql(`
  mutation AdminCreatePriceList($input: CreatePriceListInput!) {
    createPriceList(input: $input) { priceList { id code } userErrors { field message code } }
  }
`);

export const UpdatePriceListMutation = graphql(`
  mutation AdminUpdatePriceList($input: UpdatePriceListInput!) {
    updatePriceList(input: $input) { priceList { id code } userErrors { field message code } }
  }
`);

export const SetPricesMutation = graphql(`
  mutation AdminSetPrices($input: SetPriceListPricesInput!) {
    setPriceListPrices(input: $input) { priceList { id } userErrors { field message code } }
  }
`);

// Device classes are shown by their regulatory names, the same in every language.
export const DEVICE_CLASSES = [["I", "I"], ["IIA", "IIa"], ["IIB", "IIb"], ["III", "III"]] as const;
export const TRACKING = ["LOT", "SERIAL"] as const;
export const CUSTOMER_KINDS = ["HOSPITAL", "CLINIC", "DISTRIBUTOR"] as const;
export const ADDRESS_KINDS = ["SHIPPING", "BILLING"] as const;

/** Select options for enum values, labelled in the user's language when the form renders. */
export function enumOptions(values: readonly string[]): (readonly [string, string])[] {
  return values.map((v) => [v, enumLabel(v)] as const);
}
