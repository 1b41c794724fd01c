"""Shipped JSON Schemas (data files)."""
