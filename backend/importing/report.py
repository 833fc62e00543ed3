"""The validation report: one line per problem (row, column, problem), as a table and as CSV."""

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HEADER = ("row", "column", "problem")


@dataclass(frozen=True, order=True)
class ImportProblem:
    row: int  # line in the file; the header is line 1
    column: str
    problem: str


def render_table(problems: Sequence[ImportProblem]) -> str:
    rows = [HEADER, *((str(p.row), p.column, p.problem) for p in problems)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def write_csv(problems: Sequence[ImportProblem], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        writer.writerows((p.row, p.column, p.problem) for p in problems)
