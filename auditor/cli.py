"""Command line: parse options, call the pipeline, write the report, exit 0 / 1 / 2."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import AuditorError
from .model import Audit, severity_rank
from .report import FORMATS, render
from .settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as for every other input error
        raise AuditorError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="auditor", description="Audit the versions of multilingual documents.")
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    audit = commands.add_parser("audit", help="audit one or more document families")
    audit.add_argument("paths", nargs="+", metavar="PATH", help="a family folder, a folder of families, or version files")
    audit.add_argument("--format", "-f", choices=sorted(FORMATS), default="terminal")
    audit.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    audit.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                       help="exit 1 when a finding is at or above this severity (default: error)")
    audit.add_argument("--source", metavar="ID", help="the reference version; default: the majority of siblings")
    audit.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")
    audit.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(fail_on=args.fail_on, source=args.source, cache=not args.no_cache)


def exit_code(audit: Audit, fail_on: str) -> int:
    if any(v.status == "fail" for f in audit.families for v in f.versions) and fail_on != "never":
        return EXIT_FINDINGS
    worst = audit.worst_severity()
    if fail_on == "never" or worst is None:
        return EXIT_OK
    return EXIT_FINDINGS if severity_rank(worst) >= severity_rank(fail_on) else EXIT_OK


def write_output(text: str, output: str, inputs: list[str]) -> None:
    target = Path(output)
    input_files = set()
    for raw in inputs:
        path = Path(raw)
        input_files |= {p.resolve() for p in path.rglob("*")} if path.is_dir() else {path.resolve()}
    if target.resolve() in input_files:
        raise AuditorError(f"{output}: is one of the input files; refusing to overwrite it")
    if target.is_dir():
        raise AuditorError(f"{output}: is a folder; give a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        raise AuditorError(f"{output}: cannot write: {exc.strerror or exc}") from None


def run_command(args: argparse.Namespace) -> int:
    from .audit import run_audit

    settings = settings_from(args)
    for path in args.paths:
        if not Path(path).exists():
            raise AuditorError(f"{path}: no such file or directory")
    audit = run_audit(args.paths, settings)
    color = args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    text = render(audit, args.format, color=color)
    if args.output:
        write_output(text, args.output, args.paths)
    else:
        sys.stdout.write(text)
    return exit_code(audit, settings.fail_on)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(argv)
        return run_command(args)
    except AuditorError as exc:
        print(f"auditor: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("auditor: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line unless --debug asks for the traceback
        if debug:
            raise
        print(f"auditor: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return EXIT_USAGE
