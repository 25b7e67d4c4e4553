"""The reference client: the executable specification of the documented http.client API.

Standard library only. Two public modules over one shared core:

* ``reference.seed``: the seed edition (``spec/http.client-seed-edition.txt``);
* ``reference.client``: the modern edition (today's CPython documentation).

Where the editions disagree, see ``CONTRADICTIONS.md`` beside this file.
The core, one job per module: ``_status`` (ports, codes, phrases),
``_errors`` (exceptions), ``_reader`` (the receive buffer over the file
``sock.makefile("rb")`` gives), ``_grammar`` (the RFC 9112 grammar a
response is read by: the one line reader and one pattern per element; no
other module parses bytes), ``_headers`` (field sections, ``HTTPMessage``),
``_body`` (body framings), ``_request`` (request writing and validation),
``_response`` (status line, framing choice, read API), ``_connection`` (the
state machine as a transition table, tunnels, HTTPS), ``_tls`` (TLS
contexts).
"""
