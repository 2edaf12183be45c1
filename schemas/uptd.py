"""Rules across columns of `raw.uptd`: one row per case of the UPTD PPA register. Every rule
of this register is about one column (declared in `sources.yml`)."""

from __future__ import annotations

from schemas.base import Rule

RULES: list[Rule] = []
