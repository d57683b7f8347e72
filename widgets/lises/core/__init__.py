"""Shared building blocks with no feature of their own: model types, safe YAML, data-file errors in
Danish, atomic files, JSON schemas, paths."""
