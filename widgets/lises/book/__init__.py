"""What the book's Sphinx extensions call: the self-checks' payload."""
