"""Satu Data publication: open-data packages with disclosure control, and the read-only
analytics warehouse. Pure Python, no Dagster import."""
