"""API of 行政复议 (mounted at /api/reconsideration/)."""
