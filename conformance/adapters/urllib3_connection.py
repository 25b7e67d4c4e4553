"""urllib3's connection classes under the ``http.client`` names.

Load with ``--impl conformance.adapters.urllib3_connection`` (or the path of
this file).  What is graded:

* urllib3's own: ``HTTPConnection`` and ``HTTPSConnection`` are thin
  subclasses of ``urllib3.connection.HTTPConnection`` / ``HTTPSConnection``.
  Every method except the constructors and ``request`` is urllib3's, unchanged:
  ``putrequest``, ``putheader``, ``connect``, ``close``, ``set_tunnel`` and
  ``getresponse``, which returns a ``urllib3.response.HTTPResponse`` (not the
  ``HTTPResponse`` exported below); it keeps urllib3's default
  ``decode_content=True`` (gzip/deflate/br bodies are decoded).
* re-exported from the running interpreter's ``http.client``, not urllib3's:
  ``HTTPResponse``, ``HTTPMessage``, ``parse_headers``, every exception class,
  ``responses``, ``HTTP_PORT``/``HTTPS_PORT`` and the status constants.
  Errors from the stdlib code urllib3 builds on are these stdlib classes;
  errors urllib3 raises itself (``urllib3.exceptions.ProtocolError``,
  ``ReadTimeoutError``, ``InvalidHeader``...) are not, and are graded as such.

The mapping (urllib3 2.x takes different arguments from ``http.client``):

* constructors accept the documented positional order
  ``(host, port, timeout, source_address)`` where urllib3 takes ``timeout`` and
  ``source_address`` by keyword only; ``socket._GLOBAL_DEFAULT_TIMEOUT`` (the
  stdlib's "no timeout given") becomes urllib3's own default marker;
  ``blocksize`` keeps urllib3's default (16384), not the documented 8192;
* ``HTTPSConnection`` derives from the adapter's ``HTTPConnection`` (as
  urllib3's derives from urllib3's), maps ``context`` to urllib3's ``ssl_context``,
  ``check_hostname=False`` to ``assert_hostname=False`` and passes
  ``key_file``/``cert_file`` through;
* ``request(method, url, body=None, headers=None, *, encode_chunked=False)``
  (``headers=None`` as urllib3 has it; http.client documents ``{}``) calls urllib3's
  ``request(method, url, body, headers, chunked=encode_chunked,
  preload_content=False)``.  ``preload_content=False`` because http.client
  documents that ``read()`` returns the body: with urllib3's default (True)
  the body is read inside ``getresponse`` into ``.data`` and ``read()`` then
  returns ``b""``, which would grade the adapter's choice, not urllib3.  urllib3's
  ``chunked=True`` adds ``Transfer-Encoding: chunked`` itself and, unlike
  ``http.client``, urllib3 also chunks when the caller supplied that header
  without ``encode_chunked``; it adds a ``User-Agent`` header too.  Those are
  urllib3's behaviours and are graded as such.

Because the constructors here are the adapter's, the signature checks of
``HTTPConnection``/``HTTPSConnection`` grade this mapping, not urllib3's
keyword-only constructor.
"""

import socket
import ssl
from typing import Any, Dict, Mapping, Optional, Tuple

import urllib3
import urllib3.connection
from urllib3.util.timeout import _DEFAULT_TIMEOUT

from conformance.adapters import stdlib_names

globals().update(stdlib_names())

__version__ = urllib3.__version__

# urllib3's default read/write block size (http.client documents 8192).
URLLIB3_BLOCKSIZE = 16384

_SourceAddress = Optional[Tuple[str, int]]


def _timeout(value: Any) -> Any:
    """The stdlib's "no timeout given" marker becomes urllib3's."""
    return _DEFAULT_TIMEOUT if value is socket._GLOBAL_DEFAULT_TIMEOUT else value


class _StdlibRequest:
    """``request`` with ``http.client``'s parameters, sent through urllib3's."""

    def request(self, method: str, url: str, body: Any = None,
                headers: Optional[Mapping[str, str]] = None, *,
                encode_chunked: bool = False) -> None:
        """http.client: ``request(method, url, body=None, headers={}, *, encode_chunked=False)``."""
        parent: Any = super()
        parent.request(method, url, body, dict(headers or {}), chunked=encode_chunked,
                       preload_content=False)


class HTTPConnection(_StdlibRequest, urllib3.connection.HTTPConnection):
    """``urllib3.connection.HTTPConnection`` taking http.client's positional arguments."""

    def __init__(self, host: str, port: Optional[int] = None,
                 timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,
                 source_address: _SourceAddress = None,
                 blocksize: int = URLLIB3_BLOCKSIZE) -> None:
        super().__init__(host, port, timeout=_timeout(timeout),
                         source_address=source_address, blocksize=blocksize)


class HTTPSConnection(HTTPConnection, urllib3.connection.HTTPSConnection):
    """``urllib3.connection.HTTPSConnection`` taking http.client's arguments.

    It also derives from the adapter's ``HTTPConnection``, as urllib3's derives
    from urllib3's; the constructor goes straight to urllib3's HTTPS one.
    """

    def __init__(self, host: str, port: Optional[int] = None,
                 key_file: Optional[str] = None, cert_file: Optional[str] = None,
                 timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,
                 source_address: _SourceAddress = None, *,
                 context: Optional[ssl.SSLContext] = None,
                 check_hostname: Optional[bool] = None,
                 blocksize: int = URLLIB3_BLOCKSIZE) -> None:
        options: Dict[str, Any] = {}
        if check_hostname is False:
            options["assert_hostname"] = False
        urllib3.connection.HTTPSConnection.__init__(
            self, host, port, timeout=_timeout(timeout), source_address=source_address,
            blocksize=blocksize, ssl_context=context, key_file=key_file, cert_file=cert_file,
            **options)
