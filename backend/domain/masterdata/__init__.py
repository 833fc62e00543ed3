"""Master data: the product catalogue, customers, suppliers and price lists."""
