from tests.declarations.fixtures import frozen_clock, world  # noqa: F401 - shared fixtures
