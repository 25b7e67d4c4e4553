"""Adapters: modules that present another library under the ``http.client`` names.

An adapter is what ``--impl`` loads when a library does not expose the whole
``http.client`` name set itself.  Each adapter's docstring says which names
are the library's own (and therefore graded) and which are re-exported from
the running interpreter's ``http.client`` (graded only as context).
"""

import http.client
from typing import Any, Dict

# Documented names that ``http.client.__all__`` leaves out.
_DOCUMENTED_EXTRAS = ("HTTPMessage", "parse_headers", "HTTP_PORT", "HTTPS_PORT")


def stdlib_names() -> Dict[str, Any]:
    """The public ``http.client`` names: ``__all__``, the status constants, the extras."""
    names: Dict[str, Any] = {name: getattr(http.client, name) for name in http.client.__all__}
    for name in _DOCUMENTED_EXTRAS:
        if hasattr(http.client, name):
            names[name] = getattr(http.client, name)
    for status in http.HTTPStatus:
        names[status.name] = getattr(http.client, status.name, status)
    return names
