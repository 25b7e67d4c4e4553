"""The conformance checks: pytest functions graded by ``conformance.plugin``.

Run them with ``python -m pytest --pyargs conformance.checks --impl MODULE``
or ``python -m conformance run --impl MODULE``.
"""
