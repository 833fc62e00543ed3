"""Graph object types, one module per area of the business."""
