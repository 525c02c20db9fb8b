"""Alembic migrations of the store's schema; see :mod:`toc.store.migrate`."""
