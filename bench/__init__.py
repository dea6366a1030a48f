"""Benchmarks (`make bench`): named scenarios timed on SQLite and, when configured, PostgreSQL."""
