"""Asset checks that read the marts: reconciliation findings are warnings, visible in the UI."""

from __future__ import annotations

import dagster as dg

from core.i18n import _
from dagster_project.resources import WarehouseResource
from report.warehouse import finding_message

FINDINGS = dg.AssetKey(["marts", "data_quality_findings"])


@dg.asset_check(asset=FINDINGS, name="no_open_findings", pool="duckdb",
                description=_("Reconciliation findings (total rows, UPTD vs SIMFONI-PPA, …) "
                              "are warnings: the pipeline goes on, the office looks at them."))
def no_open_findings(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as con:
        counts = con.execute(
            "select check_name, count(*) from marts.data_quality_findings group by 1 order by 1"
        ).fetchall()
        message = finding_message(con)  # the reader's language, whatever dbt built in
        examples = con.execute(
            f"select {message} from marts.data_quality_findings "
            f"order by check_name, {message} limit 10"
        ).fetchall()
    total = sum(n for _, n in counts)
    return dg.AssetCheckResult(
        passed=total == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "open_findings": total,
            "by_check": dg.MetadataValue.md("\n".join(f"- {c}: {n}" for c, n in counts) or
                                            _("none")),
            "examples": dg.MetadataValue.md("\n".join(f"- {m}" for (m,) in examples) or
                                            _("none")),
        },
    )


asset_checks = [no_open_findings]
