"""A live server whose requests run in the test's own database transaction.

pytest-django's ``live_server`` answers from other threads with their own connections, so a browser
test had to commit what it built (``transaction=True``) and empty every table afterwards; the next
test then reloaded the reference data. Here each request runs on the test's connection instead, in
the test's transaction, which pytest-django rolls back as it does for any ``db`` test: nothing is
committed and nothing needs emptying. Django does the same for in-memory SQLite
(``LiveServerThread``'s ``connections_override``); for PostgreSQL three more things are needed:

- one request at a time: a re-entrant lock is held from the moment the application is called until
  the server has closed its response, and the test thread's own queries take it too, so the test
  never queries in the middle of a request and the two never share the connection's savepoints;
- the connection stays open: the server does not close connections after a request, and Django's
  end-of-request check (which would drop a connection found inside a transaction) is switched off on
  this connection while it is shared;
- ``transaction.on_commit`` callbacks a request registers run when the request ends, as they would
  have when its transaction committed (none of the browser tests' pages registers one today: the
  console email of development is the one user).

A request that arrives while no test is attached is answered 503 without touching the database.
"""

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings

# Long enough for the slowest page on a shared machine; a request still holding the lock after it
# means the server is stuck, and the test fails rather than waiting for ever.
LOCK_TIMEOUT = 120


class _Closing:
    """A response's body that, once the server closes it, runs ``finish``."""

    def __init__(self, body: Iterable[bytes], finish: Callable[[], None]) -> None:
        self.body = body
        self.finish = finish

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.finish()


class _KeepConnections(ThreadedWSGIServer):
    """The threaded server, except that it leaves database connections open after each request."""

    def _close_connections(self) -> None:
        pass


def _as_served(application: Any) -> Any:
    return application


class _Thread(LiveServerThread):
    server_class = _KeepConnections

    def __init__(self, host: str, shared: "SharedServer") -> None:
        # Assets are served as the service serves them, by WhiteNoise's middleware with its caching
        # headers, not by Django's StaticFilesHandler (no caching headers): a browser context fetches
        # the stylesheets, scripts and fonts once, not again with every page.
        super().__init__(host, _as_served)
        self.shared = shared

    def _create_server(self, connections_override: Any = None) -> Any:
        server = super()._create_server(connections_override)
        set_app = server.set_app
        server.set_app = lambda app: set_app(self.shared.wrap(app))
        return server


class SharedServer:
    """The running server; :meth:`attached` lends it a test's connection for the test's duration."""

    def __init__(self, host: str = "localhost") -> None:
        self.lock = threading.RLock()
        self.connection: Any = None
        self.thread = _Thread(host, self)
        self.thread.daemon = True
        self.hosts = modify_settings(ALLOWED_HOSTS={"append": host})

    @property
    def url(self) -> str:
        return f"http://{self.thread.host}:{self.thread.port}"

    def __str__(self) -> str:
        return self.url

    def start(self) -> None:
        self.hosts.enable()
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error

    def stop(self) -> None:
        self.thread.terminate()
        self.hosts.disable()

    def _acquire(self) -> None:
        if not self.lock.acquire(timeout=LOCK_TIMEOUT):
            raise RuntimeError(f"A request to the live server held the database for over {LOCK_TIMEOUT} s")

    @contextmanager
    def attached(self, connection: Any) -> Iterator["SharedServer"]:
        """Serve requests on ``connection`` (the test's, taken in the test's own context)."""

        def one_at_a_time(execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
            self._acquire()
            try:
                return execute(sql, params, many, context)
            finally:
                self.lock.release()

        self._acquire()
        try:
            connection.inc_thread_sharing()
            connection.close_if_unusable_or_obsolete = _keep_open
            connection.execute_wrappers.append(one_at_a_time)
            self.connection = connection
        finally:
            self.lock.release()
        try:
            yield self
        finally:
            # Wait for a request still being answered (a page the browser was leaving, say).
            self._acquire()
            try:
                self.connection = None
                connection.execute_wrappers.remove(one_at_a_time)
                del connection.close_if_unusable_or_obsolete
                connection.dec_thread_sharing()
            finally:
                self.lock.release()

    def wrap(self, app: Any) -> Callable[..., Iterable[bytes]]:
        """The WSGI application, one request at a time, on the attached test's connection."""

        def serve(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            self._acquire()
            connection = self.connection
            if connection is None:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")])
                return _Closing([b"No test is attached to this server.\n"], self.lock.release)
            connections[DEFAULT_DB_ALIAS] = connection
            registered = len(connection.run_on_commit)

            def finish() -> None:
                try:
                    # The request's own transaction would have committed here: run what it left for then.
                    callbacks = connection.run_on_commit[registered:]
                    del connection.run_on_commit[registered:]
                    for _savepoints, callback, _robust in callbacks:
                        callback()
                finally:
                    del connections[DEFAULT_DB_ALIAS]
                    self.lock.release()

            try:
                body = app(environ, start_response)
            except BaseException:
                finish()
                raise
            return _Closing(body, finish)

        return serve


def _keep_open() -> None:
    """Django's end-of-request check, while the connection is shared: it would close a connection
    found inside a transaction, and a test's connection always is."""
