"""What an import did, record by record: the one report the command and the admin upload show.

Each record read ends as exactly one of: **created** (a new review), **updated** (a draft
imported earlier, changed), **matched** (already here, nothing to change, or taken further by
a curator and left alone) or **skipped** (not imported; ``skipped`` says where and why).
``notes`` are values left out of records that were imported ("dateModified 'soon' is not a
date: left out"); ``rows`` counts every row written, by kind (claims, sources, speakers…).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Problem:
    """A record's place in its file (``dataFeedElement[3]``, ``line 57``) and what is said of
    it."""

    position: str
    text: str

    def __str__(self) -> str:
        return f"{self.position}: {self.text}"


@dataclass
class ImportReport:
    """One file's import (or several files', merged with ``add``)."""

    name: str = ""
    format: str = ""
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    matched: int = 0
    skipped: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)
    # (imported draft claim id, public claim id): a review of a statement already public.
    # The import never touches a public claim; an editor decides (curation turns these
    # into changes submitted for review).
    proposals: list[tuple[int, int]] = field(default_factory=list)
    # The file could not be read from some point on (it breaks off, or is not UTF-8 there).
    file_error: str = ""

    @property
    def records(self) -> int:
        """Records read, imported or not."""
        return self.created + self.updated + self.matched + len(self.skipped)

    @property
    def imported(self) -> int:
        """Records that are in the project after the import (new, changed or already there)."""
        return self.created + self.updated + self.matched

    def skip(self, position: str, reason: str) -> None:
        self.skipped.append(Problem(position, reason))

    def note(self, position: str, text: str) -> None:
        self.notes.append(Problem(position, text))

    def add(self, other: ImportReport) -> None:
        """Adds another file's report to this one (positions get the file's name)."""
        self.created += other.created
        self.updated += other.updated
        self.matched += other.matched
        self.rows.update(other.rows)
        self.proposals += other.proposals
        prefix = f"{other.name}: " if other.name else ""
        self.skipped += [Problem(prefix + p.position, p.text) for p in other.skipped]
        self.notes += [Problem(prefix + p.position, p.text) for p in other.notes]
        formats = [f for f in [*self.format.split("; "), other.format] if f]
        self.format = "; ".join(dict.fromkeys(formats))
        if other.file_error:
            error = f"{prefix}{other.file_error}"
            self.file_error = f"{self.file_error}\n{error}" if self.file_error else error

    def summary(self) -> str:
        """One paragraph: what was read, and what became of it."""
        rows = ", ".join(f"{n} {name}" for name, n in sorted(self.rows.items())) or "nothing"
        read_as = f" Read as {self.format}." if self.format else ""
        proposed = (
            f" {len(self.proposals)} matched a public claim: proposed to an editor."
            if self.proposals
            else ""
        )
        return (
            f"{self.records} reviews read.{read_as} Created {self.created}, updated "
            f"{self.updated}, matched {self.matched}, skipped {len(self.skipped)}. "
            f"Rows created: {rows}.{proposed}"
        )

    def lines(self, limit: int | None = None) -> list[str]:
        """The summary, then each skipped record and each note (the first ``limit`` of each,
        and how many more)."""
        out = [self.summary()]
        if self.file_error:
            out.append(f"The file could not be read to its end: {self.file_error}")
        for title, problems in (("Skipped", self.skipped), ("Imported without", self.notes)):
            if not problems:
                continue
            out.append(f"{title} ({len(problems)}):")
            shown = problems if limit is None else problems[:limit]
            out += [f"  {p}" for p in shown]
            if len(shown) < len(problems):
                out.append(f"  … and {len(problems) - len(shown)} more")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())
