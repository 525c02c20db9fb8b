"""Benchmarks: ``python -m benchmarks`` (``make bench``) writes docs/benchmarks.md."""
