"""A catalogue of scripted, misbehaving HTTP/1.x servers and the runtime that plays them.

* ``servers.script``: the script language (steps, one tuple per connection);
* ``servers.case``: cases (a script, the client's requests, the expected outcomes);
* ``servers.catalogue``: ``CASES`` and ``get(name)``, one module per category;
* ``servers.runtime``: ``ScriptServer``, which plays a script on loopback;
* ``servers.pytest_fixtures``: the ``script_server`` fixture;
* ``python -m servers list | show NAME | serve``: the command line.
"""
