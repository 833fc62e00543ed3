"""`erp import`: sample files load; every kind of bad row is reported and nothing is written."""

import csv
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import AuditEvent, Customer, Product, Serial, StockBalance, StockMove
from backend.domain.rules.gtin import make_gtin14
from backend.importing.kinds import KINDS
from backend.importing.report import ImportProblem
from backend.importing.runner import run_import
from backend.importing.source import Mapping
from backend.seed.invariants import check_invariants

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "import"
Sessions = async_sessionmaker[AsyncSession]


def fill(cell: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        cell = cell.replace(placeholder, value)
    return cell


def write(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


async def count(sessionmaker: Sessions, model: type) -> int:
    async with sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_the_sample_files_import_in_order(sessionmaker: Sessions, demo_data: object) -> None:
    for kind in ("customers", "suppliers", "products", "price-list", "lots", "opening-stock"):
        result = await run_import(sessionmaker, KINDS[kind], EXAMPLES / f"{kind}.csv",
                                  progress=False)
        assert result.problems == [] and result.committed, (kind, result.problems)
    legacy = await run_import(
        sessionmaker, KINDS["customers"], EXAMPLES / "legacy-customers.csv",
        mapping=Mapping.load(EXAMPLES / "legacy-customers.toml"), progress=False,
    )
    assert legacy.committed and legacy.imported == 2

    async with sessionmaker() as session:
        erasmus = await session.scalar(select(Customer).where(Customer.code == "HOSP-RDM"))
        assert erasmus.kind == "HOSPITAL" and erasmus.min_remaining_shelf_life_days == 180
        syringe = await session.scalar(select(Product).where(Product.sku == "SYR-10ML"))
        on_hand = await session.scalar(
            select(func.sum(StockBalance.on_hand)).where(StockBalance.product_id == syringe.id)
        )
        assert on_hand == 16000
        moves = (await session.scalars(
            select(StockMove.kind).where(StockMove.product_id == syringe.id)
        )).all()
        assert set(moves) == {"ADJUSTMENT"}
        pumps = (await session.scalars(select(Serial.serial_number).join(
            Product, Product.id == Serial.product_id).where(Product.sku == "PUMP-INF2"))).all()
        assert sorted(pumps) == ["PMP-000101", "PMP-000102"]
        reasons = (await session.scalars(select(AuditEvent.reason).where(
            AuditEvent.reason.like("data import: %")))).all()
        # customers, suppliers, prices, lots, stock rows and the legacy customers say so.
        assert len(reasons) >= 3 + 2 + 3 + 3 + 5 + 2
        assert await check_invariants(session) == []


@pytest.mark.parametrize(
    ("kind", "rows", "expected"),
    [
        ("products", [
            ["sku", "gtin", "name", "device_class", "tracking_mode", "unit_price", "tax_rate"],
            ["P-{u}-1", "{gtin1}", "Good", "I", "LOT", "1.00", "0.21"],
            ["P-{u}-2", "{bad_gtin}", "Wrong check digit", "I", "LOT", "1.00", "0.21"],
            ["P-{u}-1", "{gtin2}", "Same SKU again", "I", "LOT", "1.00", "0.21"],
            ["P-{u}-4", "0871999200", "Too short", "I", "LOT", "-1", "0.21"],
            ["P-{u}-5", "{gtin3}", "", "I", "LOT", "one", "0.21"],
            ["P-{u}-6", "{gtin3}", "Class IV", "IV", "LOT", "1", "0.21"],
        ], [
            (3, "gtin", "check digit"), (4, "sku", "DUPLICATE"), (5, "gtin", "14 digits"),
            (5, "unit_price", "not negative"), (6, "name", "required"),
            (6, "unit_price", "not a number"), (7, "device_class", "IIB"),
        ]),
        ("customers", [
            ["code", "name", "kind", "credit_limit", "latitude", "longitude"],
            ["C-{u}-1", "First", "HOSPITAL", "100", "", ""],
            ["C-{u}-1", "Same code", "CLINIC", "100", "", ""],
            ["C-{u}-3", "Bad kind", "PHARMACY", "100", "", ""],
            ["C-{u}-4", "Negative limit", "CLINIC", "-5", "", ""],
            ["C-{u}-5", "Half a position", "CLINIC", "5", "52.1", ""],
        ], [
            (3, "code", "DUPLICATE"), (4, "kind", "PHARMACY"), (5, "credit_limit", "negative"),
            (6, "longitude", "both"),
        ]),
        ("lots", [
            ["sku", "lot_number", "supplier_code", "manufactured_on", "expires_on"],
            ["CAN-IV20G", "IMP-{u}-1", "", "2024-13-01", ""],
            ["CAN-IV20G", "IMP-{u}-2", "NO-SUCH-SUPPLIER", "2024-01-01", "2023-01-01"],
            ["NO-SUCH-SKU", "IMP-{u}-3", "", "", ""],
            ["CAN-IV20G", "CAN-2310", "", "", ""],
        ], [
            (2, "manufactured_on", "not a date"), (3, "expires_on", "before it was made"),
            (3, "supplier_code", "NOT_FOUND"), (4, "sku", "No product"), (5, "lot_number", "DUP"),
        ]),
        ("opening-stock", [
            ["warehouse_code", "sku", "lot_number", "quantity", "serial_number"],
            ["XX-NONE", "CAN-IV20G", "CAN-2310", "5", ""],
            ["NL-RTM", "CAN-IV20G", "NO-SUCH-LOT", "5", ""],
            ["NL-RTM", "CAN-IV20G", "CAN-2310", "-5", ""],
            ["NL-RTM", "CAN-IV20G", "CAN-2310", "2.5", ""],
            ["NL-RTM", "CAN-IV20G", "CAN-2310", "5", "SER-1"],
        ], [
            (2, "warehouse_code", "No warehouse"), (3, "lot_number", "no lot"),
            (4, "quantity", "positive"), (5, "quantity", "whole number"),
            (6, "serial_number", "tracked by lot"),
        ]),
        ("price-list", [
            ["price_list_code", "sku", "unit_price"],
            ["PL-{u}", "NO-SUCH-SKU", "1.00"],
            ["PL-{u}", "CAN-IV20G", "-1.00"],
            ["PL-{u}", "CAN-IV20G", ""],
        ], [(2, "sku", "No product"), (3, "unit_price", "not negative"), (4, "unit_price", None)]),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
async def test_bad_rows_are_all_reported_and_nothing_is_imported(
    sessionmaker: Sessions, demo_data: object, tmp_path: Path, kind: str, rows: list, expected: list
) -> None:
    unique = secrets.token_hex(3).upper()
    values = {"{u}": unique, **{
        f"{{gtin{i}}}": make_gtin14(f"08{secrets.randbelow(10**10):010d}{i}") for i in (1, 2, 3)
    }}
    good = values["{gtin1}"]
    values["{bad_gtin}"] = good[:-1] + str((int(good[-1]) + 1) % 10)
    rows = [[fill(str(cell), values) for cell in row] for row in rows]
    before = {m: await count(sessionmaker, m) for m in (Customer, Product, StockMove, AuditEvent)}
    result = await run_import(sessionmaker, KINDS[kind], write(tmp_path / "in.csv", rows),
                              progress=False)
    assert not result.committed
    found = {(p.row, p.column): p.problem for p in result.problems}
    for row, column, words in expected:
        assert (row, column) in found, (row, column, result.problems)
        assert words is None or words in found[(row, column)], found[(row, column)]
    assert len(result.problems) == len(expected), result.problems
    assert {m: await count(sessionmaker, m) for m in before} == before


async def test_dry_run_checks_every_row_and_writes_nothing(
    sessionmaker: Sessions, demo_data: object, tmp_path: Path
) -> None:
    unique = secrets.token_hex(3).upper()
    path = write(tmp_path / "suppliers.csv", [
        ["code", "name", "country"], [f"S-{unique}-1", "One", "de"], [f"S-{unique}-2", "Two", ""],
    ])
    before = await count(sessionmaker, AuditEvent)
    result = await run_import(sessionmaker, KINDS["suppliers"], path, dry_run=True, progress=False)
    assert result.problems == [] and result.imported == 2 and not result.committed
    assert await count(sessionmaker, AuditEvent) == before


async def test_missing_columns_and_bad_mappings_stop_before_any_row(
    sessionmaker: Sessions, tmp_path: Path
) -> None:
    path = write(tmp_path / "c.csv", [["Debtor", "Company"], ["X", "Y"]])
    result = await run_import(sessionmaker, KINDS["customers"], path, progress=False)
    assert [(p.row, p.column) for p in result.problems] == [(1, "code"), (1, "name"), (1, "kind")]
    mapping = Mapping(columns={"code": "Debtor", "name": "Company", "colour": "X"})
    result = await run_import(sessionmaker, KINDS["customers"], path, mapping=mapping,
                              progress=False)
    assert result.problems == [ImportProblem(1, "colour", "the mapping names a column "
                                                          "customers do not have")]


def test_the_command_prints_and_writes_the_report(database_url: str, tmp_path: Path) -> None:
    path = write(tmp_path / "products.csv", [
        ["sku", "gtin", "name", "device_class", "tracking_mode", "unit_price", "tax_rate"],
        ["CLI-1", "12345678901234", "Bad GTIN", "I", "LOT", "1", "0.21"],
    ])
    result = subprocess.run(
        [sys.executable, "-m", "backend", "import", "products", str(path)],
        env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "row  column  problem" in result.stdout
    assert "2    gtin" in result.stdout and "check digit" in result.stdout
    assert "nothing was imported" in result.stderr
    with (tmp_path / "products.problems.csv").open() as report:
        assert list(csv.reader(report))[0] == ["row", "column", "problem"]
