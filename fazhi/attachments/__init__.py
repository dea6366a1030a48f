"""Evidence files attached to any record, checked by content, hashed, scoped and audited."""
