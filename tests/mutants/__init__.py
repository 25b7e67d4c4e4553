"""Deliberately broken copies of the reference client ("mutants").

Each mutant is the reference package with exactly one realistic fault; the
conformance suite must grade at least one check of each clause the mutant
lists as non-pass, while the unmutated copy passes those same checks.
``catalogue`` holds the faults as data, ``loader`` builds the copies,
``select`` is the pytest plugin that runs only the checks naming given
clauses, and ``impl`` is the one ``--impl`` adapter (it becomes the mutant
named by the ``HTTPCLIENT_MUTANT`` environment variable).
"""
