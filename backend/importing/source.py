"""Reading a CSV file into rows of named cells, through an optional column mapping.

A mapping file (TOML) names, per column we expect, the header it has in the file,
and may give values for columns the file lacks:

    [columns]
    code = "Customer No."
    name = "Company"

    [defaults]
    kind = "HOSPITAL"
"""

import csv
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from backend.importing.kinds import CUSTOM_PREFIX, ImportKind
from backend.importing.report import ImportProblem


class MappingError(Exception):
    pass


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # our column -> header in the file
    defaults: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Mapping":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise MappingError(f"{path}: {exc}") from exc
        columns, defaults = data.get("columns", {}), data.get("defaults", {})
        unknown = set(data) - {"columns", "defaults"}
        if unknown or not isinstance(columns, dict) or not isinstance(defaults, dict):
            raise MappingError(f"{path}: only [columns] and [defaults] tables are allowed")
        if not all(isinstance(v, str) for v in (*columns.values(), *defaults.values())):
            raise MappingError(f"{path}: every value is a string")
        return cls(columns=columns, defaults=defaults)

    def header_of(self, column: str) -> str:
        return self.columns.get(column, column)


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, str]  # our column -> raw text; absent when the file has no value
    # Custom field key -> raw text ("" when empty), of each `cf.<key>` column in file order.
    custom: dict[str, str] = field(default_factory=dict)


def read_rows(
    path: Path, kind: ImportKind, mapping: Mapping
) -> tuple[list[Row], list[ImportProblem]]:
    """The file's rows, or the problems that stop it from being read at all."""
    unknown = set(mapping.columns) | set(mapping.defaults)
    unknown -= {c.name for c in kind.columns}
    if unknown:
        return [], [ImportProblem(1, name, f"the mapping names a column {kind.name} do not have")
                    for name in sorted(unknown)]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [ImportProblem(0, "", f"the file is not UTF-8 text ({exc.reason})")]
    lines = text.splitlines(keepends=True)
    try:
        dialect = csv.Sniffer().sniff(lines[0] if lines else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(lines, dialect=dialect)
    headers = [h.strip() for h in reader.fieldnames or []]
    missing = [
        ImportProblem(1, c.name, f"no column {mapping.header_of(c.name)!r} in the file")
        for c in kind.columns
        if c.required
        and mapping.header_of(c.name) not in headers
        and c.name not in mapping.defaults
    ]
    if missing:
        return [], missing
    return list(_rows(reader, kind, mapping)), []


def _rows(reader: csv.DictReader, kind: ImportKind, mapping: Mapping) -> Iterator[Row]:
    for record in reader:
        # Cells beyond the header row (restkey) come as a list and are ignored.
        values = {
            (k or "").strip(): (v or "") for k, v in record.items() if not isinstance(v, list)
        }
        if not any(v.strip() for v in values.values()):
            continue  # blank line
        cells = {}
        for column in kind.columns:
            raw = values.get(mapping.header_of(column.name), "")
            if not raw.strip():
                raw = mapping.defaults.get(column.name, "")
            if raw.strip():
                cells[column.name] = raw
        custom = {name[len(CUSTOM_PREFIX):]: value for name, value in values.items()
                  if kind.custom_fields and name.startswith(CUSTOM_PREFIX)}
        yield Row(number=reader.line_num, cells=cells, custom=custom)
