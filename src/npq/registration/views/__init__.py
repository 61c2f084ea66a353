"""Registration pages: the journey, the funding check, the participant's status, DfE review, caps."""
