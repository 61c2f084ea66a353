"""Pages: frameworks (DfE admins manage, everyone on staff reads) and curricula (providers)."""
