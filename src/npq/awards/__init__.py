"""Qualification awards: certificates, verifiable credentials, verification and revocation."""
