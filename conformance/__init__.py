"""The conformance suite: clause catalogue, checks and grades for any http.client implementation.

One job per module:

* ``plugin``   -- the pytest plugin (``--impl``, ``--edition``, ``--results``...), idle without
  ``--impl``; turns each check's outcome into a grade and records.
* ``grading``  -- the grades and the exceptions a check raises to choose one.
* ``impl``     -- loading ``--impl`` (dotted module or ``.py`` adapter).
* ``drive``    -- playing a scenario against the implementation, with deadline and transcript.
* ``drivers``  -- the clients for the catalogue's special drivers (tls, injection, pipeline...).
* ``expect``   -- grading what a client observed against a scenario's expectation.
* ``local``    -- small scenarios the checks build themselves.
* ``context``  -- what the running check has played (for its record) and the timing settings.
* ``schema``   -- the grade record format (versioned) and ``validate_record``.
* ``results``  -- reading and atomically writing JSON Lines result files.
* ``baseline`` -- known deviations, and splitting records into known and new.
* ``summary``  -- plain-text summaries; ``cli`` -- ``python -m conformance``.
* ``checks/``  -- the checks; ``clauses/`` -- the clause catalogue.
"""
