"""The training status of an application (pure: shared by registration's models and training's rules)."""

from enum import StrEnum


class TrainingStatus(StrEnum):
    ACTIVE = "active"
    DEFERRED = "deferred"
    WITHDRAWN = "withdrawn"
