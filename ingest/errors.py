"""The one exception a reader raises for a file it cannot take at all."""


class FileRejected(Exception):
    """The file cannot be read as the source's table at all; nothing of it is loaded. The
    message says why without naming the file (the caller puts the file's label in front);
    `known` is, for a file whose header was not found, how many of the source's column names
    the nearest row held (-1 otherwise); `required_named`, for a header row missing a required
    column, how many of the source's required columns it does name (0 otherwise), and
    `missing` the required columns it lacks;
    `period_year`, the year the file's rows were read as when it was refused after that was
    settled (its label then names it: `uptd 2023 #12`), else None."""

    def __init__(self, message: str, known: int = -1, required_named: int = 0,
                 missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.known = known
        self.required_named = required_named
        self.missing = missing
        self.period_year: int | None = None
