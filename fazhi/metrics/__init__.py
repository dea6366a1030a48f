"""The metric catalog (METRICS.md): computed, typed-in and extracted figures in one vocabulary."""
