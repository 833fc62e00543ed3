"""Users, customers and suppliers."""
