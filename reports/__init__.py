"""Conformance reports built from grade records."""
