from tests.declarations.conftest import frozen_clock, world

__all__ = ["frozen_clock", "world"]
