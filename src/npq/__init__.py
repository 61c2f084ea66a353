"""The NPQ Platform."""
