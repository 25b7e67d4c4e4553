"""A catalogue of scripted, misbehaving HTTP/1.x servers and the runtime that plays them.

* ``servers.scenario``: the scenario data model (steps, requests, expectations);
* ``servers.catalogue``: ``SCENARIOS`` and ``get(name)``, one module per category;
* ``servers.runtime``: ``ScenarioServer``, which plays a scenario on loopback;
* ``servers.pytest_fixtures``: the ``scenario_server`` fixture;
* ``python -m servers list | show NAME | serve``: the command line.
"""
