"""The conformance suite: clause catalogue, checks and grades for any http.client implementation.

One job per module:

* ``plugin``   -- the pytest plugin (``--impl``, ``--edition``, ``--results``...), idle without
  ``--impl``; turns each check's outcome into a grade and records.
* ``grading``  -- the grades and the exceptions a check raises to choose one.
* ``impl``     -- loading ``--impl`` (dotted module or ``.py`` adapter).
* ``drive``    -- playing a case or a script against the implementation, with deadline and
  transcript.
* ``drivers``  -- the client actions: one request observed, and the drivers cases name
  (generic, tls, injection, pipeline...).
* ``deadline`` -- running a callable under a deadline (the one worker-thread pattern).
* ``expect``   -- grading what a client observed (and sent) against a case's expectation.
* ``local``    -- small scripts the checks build themselves.
* ``context``  -- what the running check has played (for its record) and the timing settings.
* ``schema``   -- the grade record format (versioned) and ``validate_record``.
* ``results``  -- reading and atomically writing JSON Lines result files.
* ``baseline`` -- known deviations with their outcomes; sorting a run into new, changed,
  known and fixed.
* ``cli``      -- ``python -m conformance`` (its text summaries are ``reports.summary``).
* ``checks/``  -- the checks; ``clauses/`` -- the clause catalogue.
"""
