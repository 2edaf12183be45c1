"""The top layer: the `satudata` command line and the in-process pipeline run.

Does not belong here: anything another package needs (it would have to import upward);
paths and DuckDB helpers are `core/`'s, the annex is `report/`'s.
"""
