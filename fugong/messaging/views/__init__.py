"""Pages of messaging, one module per sub-domain."""
