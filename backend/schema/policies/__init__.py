"""Configuration policies: values keyed by product line, device class and region."""
