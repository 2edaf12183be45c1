"""The annex as one self-contained HTML page: styles inline, charts as data: URIs, no URL
that would leave the machine, so it reads the same offline and when mailed."""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from core.i18n import _, language
from report.charts import Chart
from report.model import (
    Table,
    body_spans,
    findings_sheet,
    format_id,
    header_cells,
    total_label_span,
)

CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px;
       color: #222; font-size: 14px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2.2em; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #888; padding: 3px 8px; vertical-align: top; }
th { background: #d9e2f3; text-align: center; vertical-align: middle; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; background: #f2f2f2; }
tr.section td { font-weight: bold; font-style: italic; }
.note { font-size: .85em; color: #444; margin: .3em 0 0 0; }
.missing { color: #8a4b00; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
"""


def write_html(path: Path, title: str, provenance: str, cover: list[tuple[str, str, str]],
               tables: list[Table], charts: list[Chart], findings: list[str]) -> Path:
    heading, table_word, title_word, status_word = (
        escape(_("List of tables")), escape(_("Table")), escape(_("Title")), escape(_("Status")))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="note">{escape(provenance)}</p>',
        f"<h2>{heading}</h2>",
        f"<table><tr><th>{table_word}</th><th>{title_word}</th><th>{status_word}</th></tr>",
    ]
    available = {table.number for table in tables}
    for number, judul, status in cover:
        css = "" if number in available else ' class="missing"'
        parts.append(f"<tr><td>{escape(number)}</td><td>{escape(judul)}</td>"
                     f"<td{css}>{escape(status)}</td></tr>")
    parts.append("</table>")
    for table in tables:
        parts.append(_table(table))
    if charts:
        charts_word = escape(_("Charts"))
        parts.append(f"<h2>{charts_word}</h2>")
    for chart in charts:
        parts.append(f'<figure id="{chart.name}"><img alt="{escape(chart.title)}" '
                     f'src="{_svg_data_uri(chart.svg)}">'
                     f"<figcaption>{escape(chart.title)}</figcaption></figure>")
    parts.append(f"<h2>{escape(findings_sheet())}</h2><ul>")
    parts += [f"<li>{escape(finding)}</li>" for finding in findings or [_("No findings.")]]
    parts.append("</ul></body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def _table(table: Table) -> str:
    anchor = re.sub(r"[^a-z0-9]+", "-", table.label.lower())
    out = [f'<h2 id="{anchor}">{escape(table.caption)}</h2>', "<table>"]
    depth, cells = header_cells(table.columns)
    for level in range(depth):
        out.append("<tr>" + "".join(
            f'<th rowspan="{cell.rowspan}" colspan="{cell.colspan}">{escape(cell.text)}</th>'
            for cell in cells if cell.level == level) + "</tr>")
    spans = body_spans(table)
    width = len(table.columns)
    for index, values in enumerate(table.rows):
        if index in table.sections:
            out.append(f'<tr class="section"><td colspan="{width}">'
                       f"{escape(table.sections[index])}</td></tr>")
        cells_html = []
        for column_index, (column, value) in enumerate(zip(table.columns, values, strict=True)):
            rowspan = spans[index][column_index] if column_index < table.merge_down else 1
            if rowspan == 0:
                continue
            attributes = f' rowspan="{rowspan}"' if rowspan > 1 else ""
            if column.kind != "text":  # a figure, or the mark in its place (`x` withheld)
                attributes += ' class="num"'
            cells_html.append(f"<td{attributes}>{escape(format_id(value, column.kind))}</td>")
        out.append("<tr>" + "".join(cells_html) + "</tr>")
    if table.total is not None:
        span = total_label_span(table)
        row = [f'<td colspan="{span}">{escape(str(table.total[0]))}</td>']
        row += [f'<td class="num">{escape(format_id(value, column.kind))}</td>'
                for column, value in zip(table.columns[span:], table.total[span:], strict=True)]
        out.append('<tr class="total">' + "".join(row) + "</tr>")
    out.append("</table>")
    out += [f'<p class="note">{escape(line)}</p>' for line in table.note_lines()]
    return "\n".join(out)


def _svg_data_uri(svg: Path) -> str:
    text = svg.read_text(encoding="utf-8")
    # The XML prolog, DOCTYPE and RDF metadata name W3C/Dublin Core URLs; an <img> never
    # fetches them, but the page is simpler to audit without any URL at all.
    text = re.sub(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", "", text)
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    return "data:image/svg+xml;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")
