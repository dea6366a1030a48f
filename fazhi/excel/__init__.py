"""Registers declare their columns once; export of scoped lists and all-or-nothing imports."""
