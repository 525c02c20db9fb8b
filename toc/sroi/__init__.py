"""Social value: an SROI value map computed from the logic model."""
