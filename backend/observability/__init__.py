"""What operators see: structured logs tied to requests, and Prometheus metrics."""
