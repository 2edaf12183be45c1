"""What a reader or a schema says about one cell or row of a landing file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    """A cell that breaks a rule, or, when `check` names a reconciliation, a finding about a
    row that still loads (e.g. a NIP that contradicts it).

    `column` is the canonical column (the loader writes it as the file's header); `value` is
    the cell as read (the loader masks what looks personal before storing it); `reason`
    never repeats the value. `row_kept`: the defect is in an optional column (or a free text
    stored as its vocabulary's `Lainnya`), so the row loads and only the cell is flagged;
    `value_kept`: the flagged cell keeps the value read (`Lainnya`, an age's whole years),
    else it is stored empty."""

    row: int
    column: str
    value: str
    reason: str
    check: str | None = None
    row_kept: bool = False
    value_kept: bool = False

    @property
    def is_finding(self) -> bool:
        return self.check is not None


# A derive hook's boolean column of the typed frame: the row is a subtotal of other rows of
# the file (a budget tree's program row); the loader keeps it out of the field and rule
# checks (only its figures must be read), and the source's settle hook must drop or
# quarantine every such row: none loads.
SUBTOTAL = "_subtotal"


@dataclass
class RowsSettled:
    """What a source's settle hook decided about rows of a whole file once every chunk was
    read and validated (rows that only the file as a whole can judge): `subtotals`, rows that
    are the sum of other loaded rows (dropped like a JUMLAH row, and reconciled by that
    very test); `issues`, rows quarantined whole, one issue per row; `notes`, sentences for
    the ledger message; `findings`, findings (`Issue.check`) on rows that still load."""

    subtotals: list[int] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list[Issue] = field(default_factory=list)
