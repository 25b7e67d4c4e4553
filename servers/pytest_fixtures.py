"""A pytest fixture that starts script servers and always stops them.

    from servers.pytest_fixtures import script_server  # noqa: F401 (re-export)

    def test_something(script_server):
        srv = script_server("status-http11-ok")   # a case's name, or a Script
        ...connect to srv.host, srv.port...

Every server started through the fixture is closed at teardown (threads
joined, sockets closed), even when the test failed half-way.
"""

from typing import Callable, Iterator, List, Union

import pytest

from servers.runtime import ScriptServer
from servers.script import Script

Factory = Callable[..., ScriptServer]


def make_factory(started: List[ScriptServer]) -> Factory:
    """A function that starts a ScriptServer and remembers it in ``started``."""

    def start(
        script: Union[Script, str], host: str = "127.0.0.1", **options: object
    ) -> ScriptServer:
        server = ScriptServer(script, host=host, **options)  # type: ignore[arg-type]
        server.start()
        started.append(server)
        return server

    return start


@pytest.fixture
def script_server() -> Iterator[Factory]:
    """Factory fixture: ``script_server(script_or_case_name, host=...)``."""
    started: List[ScriptServer] = []
    try:
        yield make_factory(started)
    finally:
        for server in reversed(started):
            server.close()
