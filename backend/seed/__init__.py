"""Data loaders: the fixed demo data set and its invariant checks."""
