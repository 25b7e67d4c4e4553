"""``http.client`` as ``geventhttpclient.httplib.patch()`` leaves it, without patching.

Load with ``--impl conformance.adapters.geventhttpclient_patched``.

``geventhttpclient.httplib`` is not a whole ``http.client``: it defines only
``HTTPConnection``, ``HTTPSConnection`` and ``HTTPResponse`` and is meant to be
used through ``patch()``, which assigns those three into ``http.client``.
Graded as given (``--impl geventhttpclient.httplib``) every other documented
name (the exceptions, ``responses``, the status constants) is ``missing``, and
every check that expects an exception class cannot tell its grade.

This adapter builds the module a patched program sees, without mutating the
real ``http.client`` (the runner's own code keeps the stdlib):

* geventhttpclient's own (graded): ``HTTPConnection``, ``HTTPSConnection``
  (gevent sockets; ``putrequest``/``putheader``/``request``/``send`` are
  inherited from the interpreter's ``http.client``, ``connect`` and
  ``getresponse`` are geventhttpclient's) and ``HTTPResponse`` (its own
  llhttp-based parser).
* re-exported from the running interpreter's ``http.client``: every exception
  class, ``HTTPMessage``, ``parse_headers``, ``responses``, the ports and the
  status constants.  geventhttpclient's parser raises its own
  ``HTTPParseError``/``HTTPConnectionClosed`` (``HTTPException`` subclasses)
  where the documents name ``BadStatusLine`` or ``IncompleteRead``; checks
  expecting those exact classes grade it as a failure.

No gevent monkey-patching is done or needed: geventhttpclient uses
``gevent.socket`` directly, which blocks the calling thread's hub while the
script servers run in ordinary threads.
"""

import geventhttpclient
from geventhttpclient import httplib as _gevent_httplib

from conformance.adapters import stdlib_names

globals().update(stdlib_names())

__version__ = geventhttpclient.__version__

HTTPConnection = _gevent_httplib.HTTPConnection
HTTPSConnection = _gevent_httplib.HTTPSConnection
HTTPResponse = _gevent_httplib.HTTPResponse
