"""The one exception a reader raises for a file it cannot take at all."""


class FileRejected(Exception):
    """The file cannot be read as the source's table at all; nothing of it is loaded."""
