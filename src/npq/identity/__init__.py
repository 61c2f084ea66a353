"""Participant identity across apps: merging a duplicate person into the one kept."""
