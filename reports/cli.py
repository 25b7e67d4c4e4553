"""``python -m reports``: build a report from records files, or merge records files.

    python -m reports build RECORDS... -o DIR    # DIR/index.html, summary.md, results.json,
                                                 # junit/<column>.xml, deviations.md
    python -m reports merge RECORDS... -o FILE   # one results.json

RECORDS are JSON Lines files written by ``conformance run --results`` or
``results.json`` arrays written by ``build``/``merge``. Exit status: 0 when
everything was read; 1 when some lines could not be read (they are listed on
stderr and in the report, which is still written); 2 on a usage error (a
missing file, records of another schema version, two different records with
one identity, a bad output path, a malformed explanations file): one line naming
the value, nothing written.
"""

import argparse
import os
import sys
from typing import List, NoReturn, Optional, Sequence

from reports.build import build, merge_files
from reports.explanations import load as load_explanations
from reports.merge import DuplicateRecord
from reports.records import RecordsError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A bad argument; one line naming the value."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m reports", description="conformance reports from records")
    commands = parser.add_subparsers(dest="command", metavar="{build,merge}")
    commands.required = True
    made = commands.add_parser("build", help="write a report directory from records files")
    made.add_argument("records", nargs="+", metavar="RECORDS")
    made.add_argument("-o", "--output", required=True, metavar="DIR")
    merged = commands.add_parser("merge", help="merge records files into one results.json")
    merged.add_argument("records", nargs="+", metavar="RECORDS")
    merged.add_argument("-o", "--output", required=True, metavar="FILE")
    for sub in (made, merged):
        sub.error = parser.error  # type: ignore[method-assign]
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        for path in args.records:
            if not os.path.isfile(path):
                raise UsageError(f"records file {path!r} does not exist")
        if args.command == "build":
            if os.path.exists(args.output) and not os.path.isdir(args.output):
                raise UsageError(f"-o {args.output!r} is a file, not a directory")
            if not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
                raise UsageError(f"-o {args.output!r}: its parent folder does not exist")
            try:
                explanations = load_explanations()
            except ValueError as exc:  # names the file and the bad key
                raise UsageError(f"explanations: {exc}") from None
            built = build(args.records, args.output, explanations)
            problems, last = built.problems, os.path.abspath(built.index)
        else:
            folder = os.path.dirname(os.path.abspath(args.output))
            if os.path.isdir(args.output) or not os.path.isdir(folder):
                raise UsageError(f"-o {args.output!r} is not a writable file path")
            problems, last = merge_files(args.records, args.output), os.path.abspath(args.output)
    except (UsageError, RecordsError, DuplicateRecord) as exc:
        print(f"python -m reports: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _say(problems)
    print(last)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _say(problems: List[str]) -> None:
    for problem in problems:
        print(f"left out: {problem}", file=sys.stderr)
