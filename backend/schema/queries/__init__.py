"""Query fields owned by one area, composed into `root.Query`."""
