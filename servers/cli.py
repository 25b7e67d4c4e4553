"""The command line: ``list``, ``show NAME`` and ``serve``.

    python -m servers list
    python -m servers show status-http09-simple-response
    python -m servers serve [--host 127.0.0.1] [--port N] [--case NAME] [--allow-remote]

Without ``--case``, ``serve`` picks the case from the request path:
``GET /NAME`` plays the script of case NAME (its first ExpectRequest is that
request) and ``GET /`` answers with the catalogue as text/plain, so curl can
drive it. Bad input (an unknown case, a non-loopback host) gets one line on
stderr and exit status 2.
"""

import argparse
import signal
import sys
import threading
from typing import Dict, Optional, Sequence, Tuple

from servers import catalogue, render
from servers.case import Case
from servers.channel import Channel, deadline_in
from servers.runtime import ScriptServer
from servers.script import Close, ExpectRequest, Receive, Send, Step
from servers.wire import ParsedRequest, read_body, read_head

USAGE_ERROR = 2


class CliError(Exception):
    """Bad input from the command line: one line, exit status 2."""


def _text_response(status: str, text: str) -> bytes:
    body = text.encode("utf-8")
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def _reply(status: str, text: str) -> Tuple[Sequence[Step], None]:
    return (Send(_text_response(status, text)), Close()), None


class PathRouter:
    """Chooses a case from the path of the first request (``GET /NAME``)."""

    def __init__(self) -> None:
        self._counts: Dict[str, int] = {}
        self._lock = threading.Lock()

    def __call__(
        self, index: int, channel: Channel
    ) -> Tuple[Optional[Sequence[Step]], Optional[ParsedRequest]]:
        request = read_head(channel, deadline_in(10.0))
        name = request.target.split("?", 1)[0].strip("/")
        if not name:
            read_body(channel, request, deadline_in(10.0))
            return _reply("200 OK", render.listing(catalogue.CASES.values()))
        try:
            case = catalogue.get(name)
        except catalogue.UnknownCase as exc:
            read_body(channel, request, deadline_in(10.0))
            return _reply("404 Not Found", f"{exc}\n")
        if not _path_playable(case):
            read_body(channel, request, deadline_in(10.0))
            return _reply(
                "400 Bad Request",
                f"case {name!r} does not start with a plain HTTP request; "
                f"use: python -m servers serve --case {name}\n",
            )
        with self._lock:
            count = self._counts.get(name, 0)
            self._counts[name] = count + 1
        connections = case.script.connections
        return connections[count % len(connections)], request


def _path_playable(case: Case) -> bool:
    """Whether the first request of each connection can be the dispatching GET."""
    if case.script.uses_tls():
        return False
    for steps in case.script.connections:
        first = steps[0] if steps else None
        if isinstance(first, Receive):
            return False
    return any(isinstance(s, ExpectRequest) for s in case.script.connections[0])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m servers", description="Scripted misbehaving HTTP/1.x servers."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    commands.add_parser("list", help="one line per case: name, category, description")
    show = commands.add_parser("show", help="a case's steps and the exact bytes it sends")
    show.add_argument("name")
    show.add_argument("--max-bytes", type=int, default=0, metavar="N",
                      help="cut each byte string after N bytes (0: show everything)")
    serve = commands.add_parser("serve", help="serve cases' scripts until SIGINT or SIGTERM")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve.add_argument("--case", metavar="NAME",
                       help="play NAME on every connection (default: GET /NAME picks it)")
    serve.add_argument("--allow-remote", action="store_true",
                       help="allow binding an address that is not loopback")
    return parser


def _get(name: str) -> Case:
    try:
        return catalogue.get(name)
    except catalogue.UnknownCase as exc:
        raise CliError(str(exc)) from None


def _serve(args: argparse.Namespace) -> int:
    case = _get(args.case) if args.case else None
    try:
        server = ScriptServer(
            case.script if case else None,
            host=args.host,
            port=args.port,
            cycle=True,
            router=None if case else PathRouter(),
            allow_remote=args.allow_remote,
            keep_records=False,
        )
        server.start()
    except (ValueError, OSError) as exc:
        raise CliError(f"cannot serve on {args.host!r} port {args.port}: {exc}") from None
    stop = threading.Event()

    def _on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    what = f"case {case.name}" if case else "GET /NAME plays case NAME, GET / lists them"
    print(f"serving on {server.url}/ ({what}); stop with Ctrl-C", flush=True)
    reported = 0
    try:
        while not stop.wait(0.2):
            reported = _report_errors(server.errors, reported)
    finally:
        server.close()
        _report_errors(server.errors, reported)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("stopped", flush=True)
    return 0


def _report_errors(errors: Sequence[object], reported: int) -> int:
    for line in errors[reported:]:
        print(f"servers: {line}", file=sys.stderr, flush=True)
    return len(errors)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            sys.stdout.write(render.listing(catalogue.CASES.values()))
            return 0
        if args.command == "show":
            if args.max_bytes < 0:
                raise CliError(f"--max-bytes must be 0 or more, not {args.max_bytes}")
            sys.stdout.write(render.show(_get(args.name), args.max_bytes))
            return 0
        return _serve(args)
    except CliError as exc:
        print(f"servers: {exc}", file=sys.stderr)
        return USAGE_ERROR
