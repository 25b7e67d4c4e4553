"""A pytest fixture that starts scenario servers and always stops them.

    from servers.pytest_fixtures import scenario_server  # noqa: F401 (re-export)

    def test_something(scenario_server):
        srv = scenario_server("status-http11-ok")
        ...connect to srv.host, srv.port...

Every server started through the fixture is closed at teardown (threads
joined, sockets closed), even when the test failed half-way.
"""

from typing import Callable, Iterator, List, Union

import pytest

from servers.runtime import ScenarioServer
from servers.scenario import Scenario

Factory = Callable[..., ScenarioServer]


def make_factory(started: List[ScenarioServer]) -> Factory:
    """A function that starts a ScenarioServer and remembers it in ``started``."""

    def start(
        scenario: Union[Scenario, str], host: str = "127.0.0.1", **options: object
    ) -> ScenarioServer:
        server = ScenarioServer(scenario, host=host, **options)  # type: ignore[arg-type]
        server.start()
        started.append(server)
        return server

    return start


@pytest.fixture
def scenario_server() -> Iterator[Factory]:
    """Factory fixture: ``scenario_server(name_or_scenario, host=...)``."""
    started: List[ScenarioServer] = []
    try:
        yield make_factory(started)
    finally:
        for server in reversed(started):
            server.close()
