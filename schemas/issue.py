"""What a reader or a schema says about one cell or row of a landing file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """A cell that breaks a rule (the row is quarantined), or, when `check` names a
    reconciliation, a finding about a row that still loads (e.g. a NIP that contradicts it)."""

    row: int
    column: str
    value: str
    reason: str
    check: str | None = None

    @property
    def is_finding(self) -> bool:
        return self.check is not None
