from tests.declarations.conftest import frozen_clock, world  # noqa: F401 - shared fixtures
