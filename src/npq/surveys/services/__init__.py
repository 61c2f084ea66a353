"""Survey use cases: questionnaires, sending, answering. Results are read in ``npq.surveys.results``."""
