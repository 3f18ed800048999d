"""Readers that know a file format."""
