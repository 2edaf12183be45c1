"""Where a landing file belongs: the source a file's folder names, and the files a run would
never read because they lie outside every source's folder (in the landing root, or in a
folder such as `SIMFONI/` or `simfony/` that is not a source).

Every mistake an officer can make here ends as a `UserError`, whose text is the whole
message the command line prints (no traceback).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.i18n import _
from core.suggest import closest
from schemas.spec import sources


class UserError(Exception):
    """A mistake in what the officer typed or where a file lies; the text says what to do."""


def source_names() -> list[str]:
    return list(sources())


def known_source(name: str) -> str:
    """`name` when it is a source, else a UserError naming the sources (and the one meant)."""
    names = source_names()
    if name in names:
        return name
    meant = meant_source(name)
    hint = _(" Did you mean: {source}?", source=meant) if meant else ""
    raise UserError(_("'{name}' is not a source.{hint} The sources are: {sources}.",
                      name=name, hint=hint, sources=", ".join(names)))


def meant_source(text: str) -> str | None:
    """The source a folder or option most likely meant: the same letters in another case
    (`SIMFONI`), else rapidfuzz's clear winner (`simfony` → `simfoni`), else None."""
    names = source_names()
    folded = {name.lower(): name for name in names}
    return folded.get(text.strip().lower()) or closest(text, names)


def source_of(path: Path, override: str | None) -> str:
    """The source of a file to check or load: `--source` when given, else the landing folder
    the file lies in (`<landing>/<source>/file`)."""
    if override:
        return known_source(override)
    folder = path.parent.name
    if folder in source_names():
        return folder
    meant = meant_source(folder)
    if meant:
        raise UserError(_(
            "{file} lies in the folder '{folder}', which is not a source folder. Did you mean "
            "'{source}'? Move the file to the landing folder's {source}/ folder, or give "
            "--source {source}.", file=path.name, folder=folder, source=meant))
    raise UserError(_(
        "Cannot tell which source {file} belongs to: put it in the landing folder of its "
        "source (<landing>/<source>/{file}) or give --source (one of: {sources}).",
        file=path.name, sources=", ".join(source_names())))


def existing_file(text: str) -> Path:
    """The file the officer named, or a UserError saying what is wrong with the name."""
    path = Path(text).expanduser().resolve()
    if path.is_dir():
        raise UserError(_("{path} is a folder, not a file: name one CSV or XLSX file in it.",
                          path=path))
    if not path.exists():
        nearby = closest(path.name, [p.name for p in path.parent.iterdir()]) \
            if path.parent.is_dir() else None
        hint = _(" Did you mean: {file}?", file=nearby) if nearby else ""
        raise UserError(_("{path}: no such file.{hint}", path=path, hint=hint))
    return path


@dataclass(frozen=True)
class StrayFile:
    """A file under the landing folder that no source reads, and where it should go."""

    path: Path  # relative to the landing folder
    suggestion: str | None  # the source folder it most likely belongs in

    def advice(self) -> str:
        if self.path.parent == Path("."):
            place = _("in the landing folder itself, outside every source folder")
        elif self.path.parts[0] in source_names():
            place = _("in the sub-folder '{folder}', and only files directly in a source's "
                      "folder are read", folder=self.path.parent.as_posix())
        else:
            place = _("in the folder '{folder}', which is not a source",
                      folder=self.path.parent.as_posix())
        if self.suggestion:
            move = _("move it to {folder}/", folder=self.suggestion)
        else:
            move = _("move it to its source's folder ({sources})",
                     sources=", ".join(source_names()))
        return _("{file}: not read, it lies {place}; {move}.", file=self.path.as_posix(),
                 place=place, move=move)


def stray_files(landing: Path) -> list[StrayFile]:
    """Files a run does not read: in the landing root, in a folder that is not a source, or
    in a sub-folder of a source's folder (only the files directly in it are read).

    Hidden files and office lock files (`~$…`) are not reported. A suggestion comes from the
    folder's name (`SIMFONI/`, `simfony/` → simfoni) or, for a file in the root, from the one
    source named in the file's name (`simfoni_ppa_2024.csv` → simfoni).
    """
    if not landing.is_dir():
        return []
    names = set(source_names())
    found = []
    for path in sorted(landing.rglob("*")):
        relative = path.relative_to(landing)
        if (not path.is_file() or any(part.startswith((".", "~$")) for part in relative.parts)
                or (relative.parts[0] in names and len(relative.parts) == 2)):
            continue
        if relative.parts[0] in names:
            suggestion = relative.parts[0]
        elif len(relative.parts) == 1:
            named = [name for name in names if name in path.name.lower()]
            suggestion = named[0] if len(named) == 1 else None
        else:
            suggestion = meant_source(relative.parts[0])
        found.append(StrayFile(relative, suggestion))
    return found
