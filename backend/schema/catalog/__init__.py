"""Products, warehouses, stock balances and stock moves."""
