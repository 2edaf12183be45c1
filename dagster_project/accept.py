"""Accepting a held file from the UI: the Dagster equivalent of `satudata accept`.

A newer extract that would shrink its year is held (`ingest/years.py`): its finding says so
and names the file by its label. The operator opens the job `accept_held_file`, gives that
label (or the file's name in the landing folder) in the launchpad, and launches: the file is
accepted and loaded. The marts follow at the next run of its source's ingest job, or of
`marts_rebuild`.
"""

import dagster as dg
from pydantic import Field

from core.i18n import _
from dagster_project.resources import WarehouseResource
from ingest.loader import accept_held
from ingest.years import NothingHeld

ACCEPT_JOB = "accept_held_file"


class AcceptConfig(dg.Config):
    file: str = Field(description=_("The held file: its label or ledger id as the finding and "
                                    "the ledger write it (`uptd 2023 #12`, `#12`), or its name "
                                    "in the landing folder."))


@dg.op(pool="duckdb", description=_("Accept a held file and load it now."))
def accept_held_extract(context: dg.OpExecutionContext, config: AcceptConfig,
                        warehouse: WarehouseResource) -> str:
    # A label, a ledger id or a file name: the ledger resolves it (ingest.years.held_file).
    with warehouse.connect() as con:
        try:
            result = accept_held(con, config.file)
        except NothingHeld as error:
            raise dg.Failure(description=str(error)) from None
    # The file by its label; the message is already in the reader's language.
    context.log.info(_("{file}: {status}: {message}", file=result.label, status=result.status,
                       message=result.message))
    return result.status


@dg.job(name=ACCEPT_JOB, executor_def=dg.in_process_executor,
        description=_("Accept a file held because it would shrink its year (give its label in "
                      "the config); then run the source's ingest job or marts_rebuild."))
def accept_held_file_job() -> None:
    accept_held_extract()
