"""Order-to-cash and lot/serial traceability for medical-device makers."""
