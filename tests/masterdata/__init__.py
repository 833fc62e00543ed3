"""Master data kept in the app: customers, suppliers, products, warehouses, price lists."""
