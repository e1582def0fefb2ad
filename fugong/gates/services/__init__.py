"""Every write of gates: checkpoints, passages, contact tracing, retention."""
