"""Command line: parse options, call the pipeline, write the report, exit 0 / 1 / 2."""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from . import __version__, baseline
from .config import load_config
from .errors import AuditorError
from .model import Audit, severity_rank
from .progress import ProgressBar
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
    audit.add_argument("-o", "--output", metavar="FILE",
                       help="write the report to FILE instead of stdout; for markdown, a folder (ending in /, or an "
                            "existing one) gets one <family>.md per family")
    audit.add_argument("--fail-on", choices=("error", "warning", "never"),
                       help="exit 1 when a finding is at or above this severity (default: error)")
    audit.add_argument("--min-fidelity", type=_fraction, metavar="X", help="a version with fidelity below X fails")
    audit.add_argument("--baseline", metavar="FILE", help="fail only on findings that FILE does not record")
    audit.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE (then exit 0)")
    audit.add_argument("--source", metavar="ID", help="the reference version; default: the majority of siblings")
    audit.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")
    audit.add_argument("--model", metavar="NAME_OR_PATH",
                       help="embed with this sentence-transformers model (a folder or a model name; needs the st extra)")
    audit.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"),
                       help="where the --model runs (default auto: a GPU when torch finds one)")
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
             "model": args.model, "device": args.device}
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
    with ProgressBar() as progress:
        audit = run_audit(args.paths, settings, progress=progress)
    if args.write_baseline:
        write_output(baseline.to_json(audit), args.write_baseline, args.paths)
        audit = baseline.apply(audit, baseline.read(args.write_baseline), settings.min_fidelity)
    elif args.baseline:
        audit = baseline.apply(audit, baseline.read(args.baseline), settings.min_fidelity)
    color = args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if args.output and _names_folder(args.output):
        if args.format != "markdown":
            raise AuditorError(f"{args.output}: is a folder; only --format markdown writes one report per family there")
        for family in audit.families:
            text = render(replace(audit, families=(family,)), args.format)
            write_output(text, str(Path(args.output) / f"{family.id}.md"), args.paths)
    elif args.output:
        write_output(render(audit, args.format), args.output, args.paths)
    else:
        sys.stdout.write(render(audit, args.format, color=color))
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(argv)
        commands = {"audit": run_command, "cache": run_cache_command, "model": run_model_command}
        return commands[args.command](args)
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
