"""Supervision during and after the work (事中事后监管): inspectors, inspections, findings,
rectification notices, re-inspections and stop-work orders."""
