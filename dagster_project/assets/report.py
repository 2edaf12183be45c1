"""The annual report's statistical annex of the latest complete year, as an asset downstream of
the marts it reads: it refreshes whenever they do. The work is report's."""

import json

import dagster as dg

from core import owner
from core.i18n import _
from core.manifest import ensure_manifest
from dagster_project.assets.publish import export_key
from dagster_project.resources import WarehouseResource
from dagster_project.runs import SUMMARY_NOTE
from publish.spec import release
from report import NoDataForYear, annex_year, build_annex
from report.model import table_label
from report.tables import mart_names

ANNEX = dg.AssetKey(["reports", "annual_report_annex"])


def _upstream_marts() -> list[dg.AssetKey]:
    """The marts the tables read that the dbt project defines (others are still to come)."""
    nodes = json.loads(ensure_manifest().read_text())["nodes"].values()
    defined = {node["name"] for node in nodes if node["resource_type"] == "model"}
    wanted = mart_names() | {"data_quality_findings"}
    return [dg.AssetKey(["marts", name]) for name in sorted(wanted & defined)]


# After the exports: the public annex prints the release they publish (report.disclosure).
@dg.asset(key=ANNEX, group_name="reports",
          deps=[*_upstream_marts(), *(export_key(name) for name in release().datasets)],
          pool="duckdb",
          kinds={"python", "xlsx", "html"},
          description=_("The annual report's statistical annex: tables 1–14 as an XLSX "
                        "workbook, charts as PNG and SVG and one offline HTML page "
                        "(reports/<year>/), for the latest year that is over and whose monthly "
                        "sources it draws on (UPTD register, budget realisation) are reported "
                        "through December; a newer year reported only in part is skipped, and the "
                        "metadata says why. When no year is complete, the latest year that is "
                        "over, its tables labelled with the months they cover."))
def annual_report_annex(context: dg.AssetExecutionContext,
                        warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings()
    with warehouse.connect(read_only=True) as con:
        choice = annex_year(con)
        year, reason = choice.year, choice.describe()
        # The reason is the step's metadata and its info log; when the annex is not of a
        # complete year, or skipped one, `satudata run` says it in its summary too.
        context.log.info(reason)
        note = {} if choice.complete and not choice.skipped else {
            SUMMARY_NOTE: _("Annual report annex: {reason}", reason=reason)}
        if year is None:
            return dg.MaterializeResult(metadata={"year": _("none"), "why_this_year": reason,
                                                  **note})
        owner.claim(settings.reports, settings.warehouse, owner.REPORTS)
        try:
            annex = build_annex(con, year, settings.reports / str(year),
                                exports=settings.exports)
        except NoDataForYear as error:  # a race with an emptied mart: say so, fail nothing
            context.log.info(str(error))
            return dg.MaterializeResult(metadata={
                "year": year, "why_this_year": reason, "message": str(error),
                SUMMARY_NOTE: _("Annual report annex: {reason}", reason=str(error))})
    return dg.MaterializeResult(metadata={
        "year": year,
        # Which year, and which newer years were skipped for being reported only in part.
        "why_this_year": reason,
        "complete": choice.complete,
        "skipped_years": ", ".join(str(skipped) for skipped, _why in choice.skipped)
        or _("none"),
        "tables": ", ".join(table.number for table in annex.tables),
        "not_yet_in_warehouse": dg.MetadataValue.md(
            "\n".join(f"- {table_label(number)}: {why}" for number, why in annex.missing)
            or _("none")),
        "workbook": dg.MetadataValue.path(str(annex.workbook)),
        "html": dg.MetadataValue.path(str(annex.html)),
        "charts": len(annex.charts),
        **note,
    })
