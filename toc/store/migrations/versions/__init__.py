"""One module per schema migration, oldest first."""
