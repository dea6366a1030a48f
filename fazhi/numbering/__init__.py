"""Document and case numbers: per-unit, per-year sequences without gaps or duplicates."""
