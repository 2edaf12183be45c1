"""Regenerate every shipped sample landing file: `python -m data.generators`."""

from pathlib import Path

from data.generators import anggaran, cases, staff_kla_indikator

LANDING = Path(__file__).resolve().parents[1] / "sample" / "landing"

if __name__ == "__main__":
    for module in (cases, anggaran, staff_kla_indikator):
        for path in module.generate(LANDING):
            print(path.relative_to(LANDING.parents[2]))
