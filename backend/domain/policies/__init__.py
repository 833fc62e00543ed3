"""Configuration policies: values per product line, device class and delivery region."""
