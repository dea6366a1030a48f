"""Models of inspections (written by its module)."""
