"""The one way a lower app asks something of a higher one.

Apps form layers (``docs/conventions.md``): an app imports only the apps below it. When a lower
app needs an answer or an action that a higher app owns (training asks finance whether a contract
exists; declarations tell finance and assessment that a declaration was voided), the lower app
declares a :class:`Hook` with the signature it needs, and the higher app registers the function
that answers it in its ``AppConfig.ready()``. The lower app never imports the higher one.

A hook either *asks* (exactly one answer is registered: :meth:`Hook.ask`) or *tells* (any number
of listeners, called in registration order: :meth:`Hook.tell`). Each hook says what it returns
when nobody has registered, so a lower app works (and is testable) on its own.
"""

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class HookNotAnswered(LookupError):
    """A hook that must be answered was asked before any app registered an answer."""


class Hook(Generic[P, R]):
    """A named question or notice, typed by the signature of the functions that answer it."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self._functions: list[Callable[P, R]] = []

    def register(self, fn: Callable[P, R]) -> Callable[P, R]:
        """Add ``fn`` (idempotent, so ``ready()`` may run twice in tests); usable as a decorator."""
        if fn not in self._functions:
            self._functions.append(fn)
        return fn

    def answer(self, fn: Callable[P, R]) -> Callable[P, R]:
        """Make ``fn`` the single answer to an asking hook (replacing any earlier one)."""
        self._functions[:] = [fn]
        return fn

    def ask(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if not self._functions:
            raise HookNotAnswered(f"Nothing answers the hook {self.name!r}: is its app installed?")
        return self._functions[-1](*args, **kwargs)

    def tell(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        return [fn(*args, **kwargs) for fn in self._functions]

    @property
    def answered(self) -> bool:
        return bool(self._functions)

    def __repr__(self) -> str:
        return f"Hook({self.name!r}, {len(self._functions)} registered)"
