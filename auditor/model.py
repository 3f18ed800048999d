"""The plain data model every stage passes forward and every report view renders.

Nothing here knows about rendering or about how a finding was computed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]
Status = Literal["pass", "warn", "fail"]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
KINDS = (
    "mt_notice",
    "stray_language",
    "boilerplate",
    "addition",
    "omission",
    "number_mismatch",
    "entity_mismatch",
    "duplicate",
    "markup_mismatch",
    "placeholder_mismatch",
    "untranslated",
)
RelationKind = Literal["original", "translation", "near_copy", "rewrite", "other"]


def severity_rank(severity: str) -> int:
    """error = 3, warning = 2, info = 1: higher is worse."""
    return {"error": 3, "warning": 2, "info": 1}[severity]


@dataclass(frozen=True)
class Invariant:
    """Something of a version that every version of the page must keep as it is (a link target, a code block),
    which its reader kept aside from the text audited."""

    kind: str  # link, image, code, code_block, anchor, list, table, heading (see auditor/formats/markdown.py)
    line: int
    value: str
    info: str = ""  # a code block's language ("bash"), a link's text


@dataclass(frozen=True)
class Version:
    """One file of a family. ``lines[i]`` is the text audited on line ``i + 1`` of the file (blank lines kept): the
    line as read for plain text; for Markdown, what a translator translates there (a block's text on its first line;
    code, markup and URLs blanked, kept in ``invariants``)."""

    id: str
    path: Path
    lines: tuple[str, ...]
    encoding: str = "utf-8"
    language: str | None = None  # the language the version must be in, where its layout says (docs/de/...)
    invariants: tuple[Invariant, ...] | None = None  # None: the format keeps nothing aside (plain text)
    block_separator: str | None = None  # between several blocks of one line (table cells); segmentation cuts there
    units: tuple[Unit, ...] | None = None  # a localisation catalogue's units, in file order; None for a document

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def headings(self) -> dict[int, str]:
        """Line -> level ("h2", "admonition" for a box's title) of the page's titles, where its reader knows them."""
        return {i.line: i.value for i in self.invariants or () if i.kind == "heading"}

    @property
    def heading_lines(self) -> frozenset[int]:
        return frozenset(self.headings)

    @property
    def page_titles(self) -> tuple[str, ...]:
        """The texts of the page's links to pages of its own site (relative targets): titles of pages, such as
        "Deployment" in "See [Deployment](deploy.md)", not names."""
        return tuple(i.info for i in self.invariants or () if i.kind == "link" and i.info and ":" not in i.value)

    @property
    def structured(self) -> bool:
        """Read by a reader that knows the page's structure (Markdown): its text is what an author wrote, its
        markup kept aside, not a scraped page."""
        return self.invariants is not None


@dataclass(frozen=True)
class MissingVersion:
    """A page the family's source has and a language of its layout lacks: where the layout expects it."""

    id: str
    path: Path
    language: str | None


@dataclass(frozen=True)
class Unit:
    """One string of a localisation catalogue (a PO entry, an XLIFF unit, a JSON key), as its reader found it.

    ``source`` is the text in the source language where the file carries it (PO, XLIFF, TMX); a monolingual file
    (JSON, YAML, Android, .strings, .properties) carries only ``target``, its own language's text. Plural forms are
    by category (CLDR "one", "few", "other") or by gettext index ("0", "1"); ``target`` is then the last form."""

    key: str
    line: int | None  # the target's line where the file has one, else the unit's
    target: str
    source: str | None = None
    flags: tuple[str, ...] = ()  # format flags (python-format, c-format ...), as the file writes them
    notes: tuple[str, ...] = ()
    state: str | None = None  # None for a finished translation; else "fuzzy", "needs-review", "new", "obsolete" ...
    plurals: tuple[tuple[str, str], ...] = ()  # (category or index, text) of the target, in order
    source_plurals: tuple[str, ...] = ()  # the source's forms (msgid, msgid_plural)
    plural_count: int | None = None  # on a gettext plural unit: nplurals of its file's Plural-Forms header


@dataclass(frozen=True)
class Family:
    """One document and its versions (original, translations, rewrites)."""

    id: str
    path: Path
    versions: tuple[Version, ...]
    notes: tuple[str, ...] = ()  # what loading had to say: files skipped, encodings guessed, bytes repaired
    source: str | None = None  # the version the layout names as the original (--source-language, a .pot)
    layout: str | None = None  # the layout the family was found by, for the report
    missing: tuple[MissingVersion, ...] = ()  # versions the layout expects and the tree lacks

    def version(self, version_id: str) -> Version:
        return next(v for v in self.versions if v.id == version_id)

    @property
    def ends_together(self) -> bool:
        """Every version is a structured page (Markdown): pages of a site end together as they start together,
        where scraped text may have a story appended."""
        return all(v.structured for v in self.versions)


@dataclass(frozen=True)
class Sentence:
    """The unit that is embedded and aligned; it never spans more than one line."""

    version: str
    line: int
    text: str
    index: int = 0  # position of the sentence within its line


@dataclass(frozen=True)
class Quote:
    """Text of a sibling version, shown as evidence."""

    version: str
    line: int | None
    text: str


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: Severity
    message: str
    line: int | None = None
    end_line: int | None = None
    text: str | None = None
    language: str | None = None
    source: Quote | None = None
    score: float | None = None
    key: str | None = None  # the catalogue unit's key, for findings on a keyed unit

    def sort_key(self) -> tuple:
        return (self.line or 0, self.end_line or 0, self.kind, self.message)


@dataclass(frozen=True)
class Relation:
    """What a version is to its family: the original, a translation of ``of``, a near copy of ``of``, a rewrite
    of the same subject, or another text."""

    kind: RelationKind
    of: tuple[str, ...] = ()


@dataclass(frozen=True)
class VersionReport:
    id: str
    path: str
    language: str
    line_count: int
    fidelity: float | None
    status: Status
    findings: tuple[Finding, ...]
    encoding: str = "utf-8"
    relation: Relation | None = None
    lines: tuple[str, ...] = field(default=(), repr=False, compare=False)  # the version as read, for the HTML view

    @property
    def below_min_fidelity(self) -> bool:
        """Failed with no error finding: only the fidelity floor (--min-fidelity) can do that."""
        return self.status == "fail" and not any(f.severity == "error" for f in self.findings)


@dataclass(frozen=True)
class PairScore:
    a: str
    b: str
    similarity: float
    chrf: float | None = None


CoverageState = Literal["present", "changed", "missing"]


@dataclass(frozen=True)
class CoverageCell:
    """How one version carries one block: its lines that carry it (none when missing)."""

    state: CoverageState
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class CoverageRow:
    """One content block of the family: lines line..end_line of one version, and how every version carries it."""

    version: str
    line: int
    end_line: int
    text: str  # the block's first line
    cells: tuple[CoverageCell, ...]  # one per version, in the order of Coverage.versions


@dataclass(frozen=True)
class Coverage:
    """The coverage matrix: the reference version's paragraphs in its order, then blocks that the
    reference lacks, by the first version that carries them."""

    reference: str
    versions: tuple[str, ...]
    rows: tuple[CoverageRow, ...]


@dataclass(frozen=True)
class FamilyReport:
    id: str
    path: str
    versions: tuple[VersionReport, ...]
    pairs: tuple[PairScore, ...]
    notes: tuple[str, ...] = ()
    coverage: Coverage | None = None  # None when there is nothing to compare (one version)


@dataclass(frozen=True)
class Signature:
    """What produced the numbers: enough to reproduce any score in a report."""

    tool: str
    tool_version: str
    model: str
    settings: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        parts = [f"{self.tool} {self.tool_version}", f"model={self.model}"]
        parts += [f"{key}={value}" for key, value in self.settings]
        return "|".join(parts)


@dataclass(frozen=True)
class Summary:
    families: int
    versions: int
    errors: int
    warnings: int
    failed_versions: int


@dataclass(frozen=True)
class Audit:
    """What every report view renders."""

    families: tuple[FamilyReport, ...]
    signature: Signature
    summary: Summary = field(init=False)

    def __post_init__(self) -> None:
        versions = [v for f in self.families for v in f.versions]
        findings = [x for v in versions for x in v.findings]
        object.__setattr__(
            self,
            "summary",
            Summary(
                families=len(self.families),
                versions=len(versions),
                errors=sum(x.severity == "error" for x in findings),
                warnings=sum(x.severity == "warning" for x in findings),
                failed_versions=sum(v.status == "fail" for v in versions),
            ),
        )

    def worst_severity(self) -> Severity | None:
        ranks = [severity_rank(x.severity) for f in self.families for v in f.versions for x in v.findings]
        return SEVERITIES[3 - max(ranks)] if ranks else None
