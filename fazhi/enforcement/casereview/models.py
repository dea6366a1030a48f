"""Models of casereview (written by its module)."""
