"""One asset per landing source (`raw/<source>`, downstream of `landing/<source>`): ingest
new files, observe the landing folder, and report the Pandera outcome, the row balance and
total-row reconciliation as asset checks."""


import dagster as dg
import duckdb

from core.i18n import _, number
from dagster_project.assets.landing import (
    LandedFile,
    landing_key,
    observation,
    snapshot,
)
from dagster_project.resources import WarehouseResource
from dagster_project.runs import IN_SUMMARY
from ingest.landing_hash import recorded
from ingest.ledger import (
    content_states,
    latest_files,
    markdown_table,
    name_key,
    rejected,
    source_state,
    status_word,
)
from ingest.loader import ensure_tables, ingest_folder, landing_files
from ingest.privacy import describe_key, warehouse_fingerprints
from report.documents import source_title
from schemas.spec import sources

RAW_GROUP = "raw"


def _checks(key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec("rows_pass_validation", asset=key,
                          description=_("Every row of the current files passed the Pandera "
                                        "schema (failing rows are quarantined, never "
                                        "loaded).")),
        dg.AssetCheckSpec("files_readable", asset=key,
                          description=_("No file in the landing folder was rejected whole.")),
        dg.AssetCheckSpec("ledger_balances", asset=key, blocking=True,
                          description=_("For every file: rows read = loaded + quarantined + "
                                        "dropped total rows. Blocks downstream when broken.")),
        dg.AssetCheckSpec("total_rows_reconcile", asset=key,
                          description=_("JUMLAH/TOTAL rows agree with the sum of their "
                                        "rows.")),
        dg.AssetCheckSpec("rows_consistent", asset=key,
                          description=_("No loaded row contradicts itself (e.g. a NIP whose "
                                        "sex digit or birth date differs from the row); such "
                                        "rows load and show as findings.")),
    ]


def build_ingest_asset(source_name: str) -> dg.AssetsDefinition:
    spec = sources()[source_name]
    key = dg.AssetKey(["raw", source_name])

    quarantine = dg.AssetKey(["raw", f"{source_name}_quarantine"])

    @dg.multi_asset(
        name=f"load_{source_name}",  # `ingest_<source>` is the job's name
        specs=[
            dg.AssetSpec(key, group_name=RAW_GROUP, kinds={"python", "duckdb"},
                         deps=[landing_key(source_name)],
                         description=_("{title}: new landing files of `{source}` validated "
                                       "and loaded into raw.{source}.",
                                       title=source_title(spec.name), source=source_name)),
            dg.AssetSpec(quarantine, group_name=RAW_GROUP, kinds={"duckdb"},
                         description=_("Rows of `{source}` files that broke a rule: file, "
                                       "row, column, value and reason.", source=source_name)),
        ],
        pool="duckdb",
        check_specs=_checks(key),
    )
    def ingest_source(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        landing = warehouse.settings().landing
        with warehouse.connect() as con:
            results = ingest_folder(
                con, landing, source_name,
                progress=lambda name, rows: context.log.info(
                    _("{file}: {rows} rows read", file=name, rows=number(rows))),
            )
            state = source_state(con, source_name)
            context.log_event(observation(
                source_name, landing,
                [(f.size, f.sha256) for f in _landed(con, landing, source_name)],
                content_states(con, source_name)))
        for result in results:
            log = context.log.warning if result.status == "rejected" else context.log.info
            log(_("{file}: {status}: {message}", file=result.label,
                  status=status_word(result.status),
                  message=result.message), extra={IN_SUMMARY: True})
        bad_files = rejected(results)
        reasons = "\n".join(f"- {column}: {reason} ({n})" for column, reason, n in
                            state.top_reasons) or _("none")
        yield dg.MaterializeResult(
            asset_key=quarantine,
            metadata={"rows_quarantined": state.rows_quarantined,
                      "top_quarantine_reasons": dg.MetadataValue.md(reasons)},
        )
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "files": dg.MetadataValue.md(markdown_table(results) if results
                                             else _("no files")),
                "files_loaded": state.files_loaded,
                "rows_loaded": state.rows_loaded,
                "rows_quarantined": state.rows_quarantined,
                "rows_dropped": state.rows_dropped,
                "files_rejected": len(bad_files),
                "top_quarantine_reasons": dg.MetadataValue.md(reasons),
                "landing_folder": dg.MetadataValue.path(str(landing / source_name)),
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name="rows_pass_validation",
                    passed=state.rows_quarantined == 0,
                    severity=dg.AssetCheckSeverity.WARN,
                    metadata={"rows_quarantined": state.rows_quarantined,
                              "top_reasons": dg.MetadataValue.md(reasons)},
                ),
                dg.AssetCheckResult(
                    check_name="files_readable",
                    passed=not bad_files,
                    severity=dg.AssetCheckSeverity.WARN,
                    metadata={"rejected": dg.MetadataValue.md(
                        "\n".join(f"- {r.label}: {r.reason}" for r in bad_files)
                        or _("none")
                    )},
                ),
                dg.AssetCheckResult(
                    check_name="ledger_balances",
                    passed=not state.unbalanced_files,
                    severity=dg.AssetCheckSeverity.ERROR,
                    metadata={"unbalanced_files": ", ".join(state.unbalanced_files)
                              or _("none")},
                ),
                dg.AssetCheckResult(
                    check_name="total_rows_reconcile",
                    passed=not state.findings,
                    severity=dg.AssetCheckSeverity.WARN,
                    metadata={"findings": dg.MetadataValue.md(
                        "\n".join(f"- {name}: {message}" for name, message in state.findings)
                        or _("none")
                    )},
                ),
                dg.AssetCheckResult(
                    check_name="rows_consistent",
                    passed=not state.row_findings,
                    severity=dg.AssetCheckSeverity.WARN,
                    metadata={"findings": dg.MetadataValue.md(
                        "\n".join(f"- {name}: {message}"
                                  for name, message in state.row_findings[:20]) or _("none")
                    )},
                ),
            ],
        )

    return ingest_source


def _landed(con: duckdb.DuckDBPyConnection, landing, source_name: str) -> list[LandedFile]:
    """The folder's files with the SHA-256 the ingest just read or trusted for each
    (`ingest.landing_hash`: read again only when the file's stat no longer vouches for it,
    e.g. dropped mid-run)."""
    hashes = recorded(con, landing_files(landing, source_name))
    return snapshot(landing, source_name,
                    {name_key(path.name): hashed for path, hashed in hashes.items()})


LEDGER = dg.AssetKey(["raw", "ingest_ledger"])
FINDINGS = dg.AssetKey(["raw", "ingest_findings"])


@dg.multi_asset(
    name="ingest_ledger",
    specs=[
        dg.AssetSpec(LEDGER, group_name=RAW_GROUP, kinds={"duckdb"},
                     deps=[dg.AssetKey(["raw", name]) for name in sources()],
                     description=_("One row per landed file: SHA-256, rows read, loaded, "
                                   "quarantined and dropped, status and message.")),
        dg.AssetSpec(FINDINGS, group_name=RAW_GROUP, kinds={"duckdb"},
                     deps=[dg.AssetKey(["raw", name]) for name in sources()],
                     description=_("Findings raised while reading files (JUMLAH/TOTAL rows "
                                   "that disagree with their rows).")),
    ],
    pool="duckdb",
)
def ingest_ledger(warehouse: WarehouseResource):
    with warehouse.connect() as con:
        ensure_tables(con)
        latest = latest_files(con)
        total = con.execute("select count(*) from raw.ingest_ledger").fetchone()[0]
        findings = con.execute("select count(*) from raw.ingest_findings").fetchone()[0]
        keys = sorted(warehouse_fingerprints(con))
    yield dg.MaterializeResult(
        asset_key=LEDGER,
        metadata={"ledger_rows": total, "latest_files": dg.MetadataValue.md(latest),
                  # Which key made the pseudonyms; says so when it is the development key.
                  "hmac_key": ", ".join(describe_key(key) for key in keys) or "-"},
    )
    yield dg.MaterializeResult(asset_key=FINDINGS, metadata={"findings": findings})


ingest_assets = [build_ingest_asset(name) for name in sources()]
