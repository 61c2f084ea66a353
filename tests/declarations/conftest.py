from tests.declarations.fixtures import frozen_clock, world

__all__ = ["frozen_clock", "world"]
