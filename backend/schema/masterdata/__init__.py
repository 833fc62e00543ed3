"""Master data an administrator keeps: customers, suppliers, products, warehouses, price lists."""
