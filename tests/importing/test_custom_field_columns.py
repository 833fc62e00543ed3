"""`erp import products|customers|suppliers` reads `product_line` and `cf.<key>` columns: values
are validated and stored normalised as the API stores them; a bad or missing required value
fails the whole file, the report names the field, and nothing is imported."""

import secrets
from pathlib import Path

from sqlalchemy import func, select

from backend.db.models import Customer, CustomFieldValue, Product, Supplier
from backend.domain.actor import SYSTEM
from backend.domain.customfields.definitions import Scoping, create_definition
from backend.domain.customfields.values import current_values
from backend.domain.rules.gtin import make_gtin14
from backend.domain.tx import transaction
from backend.enums import CustomFieldEntity, CustomFieldType
from backend.importing.kinds import KINDS
from backend.importing.runner import run_import
from tests.importing.test_import import write

PRODUCT_HEADER = ["sku", "gtin", "name", "device_class", "tracking_mode", "unit_price",
                  "tax_rate", "product_line"]


def _tag() -> str:
    return secrets.token_hex(3).upper()


def _product(line: str, *custom: str) -> list[str]:
    sku = f"IMP-{_tag()}"
    gtin = make_gtin14(f"08{secrets.randbelow(10**11):011d}")
    return [sku, gtin, f"Imported {sku}", "IIA", "LOT", "9.90", "0.21", line, *custom]


async def _count(sessionmaker, model, column, values) -> int:
    async with sessionmaker() as s:
        return await s.scalar(select(func.count()).select_from(model).where(column.in_(values)))


async def test_products_read_line_and_custom_columns(
    sessionmaker, demo_data, tmp_path: Path
) -> None:
    # The demo's sterilisationMethod: ENUM EO/GAMMA/STEAM, required for Wound care and Surgical.
    good = [_product("Wound care", "GAMMA"), _product("Infusion", "")]
    path = write(tmp_path / "products.csv", [[*PRODUCT_HEADER, "cf.sterilisationMethod"], *good])
    result = await run_import(sessionmaker, KINDS["products"], path, progress=False)
    assert result.problems == [] and result.committed
    async with sessionmaker() as s:
        dressing = await s.scalar(select(Product).where(Product.sku == good[0][0]))
        assert dressing.product_line == "Wound care"
        values = await current_values(s, CustomFieldEntity.PRODUCT, dressing.id)
        assert [(d.key, v) for d, v in values if d.key == "sterilisationMethod"] == [
            ("sterilisationMethod", "GAMMA")]
        infusion = await s.scalar(select(Product).where(Product.sku == good[1][0]))
        assert infusion.product_line == "Infusion"

    # A bad value, an empty required one, and a required column missing altogether.
    bad = [_product("Surgical", "gamma"), _product("Surgical", ""), _product("Infusion", "EO")]
    path = write(tmp_path / "bad.csv", [[*PRODUCT_HEADER, "cf.sterilisationMethod"], *bad])
    result = await run_import(sessionmaker, KINDS["products"], path, progress=False)
    assert not result.committed and result.imported == 0
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "cf.sterilisationMethod"), (3, "cf.sterilisationMethod"),
        (4, "cf.sterilisationMethod")]
    assert "INVALID" in result.problems[0].problem
    assert "CUSTOM_FIELD_REQUIRED" in result.problems[1].problem
    assert "applies" in result.problems[2].problem  # not to an Infusion product
    no_column = [_product("Wound care")]
    path = write(tmp_path / "no-column.csv", [PRODUCT_HEADER, *no_column])
    result = await run_import(sessionmaker, KINDS["products"], path, progress=False)
    assert not result.committed
    [problem] = result.problems
    assert "Sterilisation method" in problem.problem and "sterilisationMethod" in problem.problem
    skus = [row[0] for row in (*bad, *no_column)]
    assert await _count(sessionmaker, Product, Product.sku, skus) == 0


async def test_customers_and_suppliers_take_custom_columns(
    sessionmaker, demo_data, tmp_path: Path
) -> None:
    key = f"licence{_tag()}"
    async with transaction(sessionmaker) as s:
        await create_definition(s, actor=SYSTEM, entity=CustomFieldEntity.SUPPLIER, key=key,
                                kind=CustomFieldType.DATE,
                                scoping=Scoping(label="ISO 13485 certificate until"))
    codes = [f"IMP-{_tag()}", f"IMP-{_tag()}"]
    header = ["code", "name", "kind", "region", "cf.beds"]
    path = write(tmp_path / "customers.csv", [
        header, [codes[0], "Imported hospital", "HOSPITAL", "NL", "0640.00"],
        [codes[1], "Imported clinic", "CLINIC", "NL", "1,200"]])
    result = await run_import(sessionmaker, KINDS["customers"], path, progress=False)
    assert [(p.row, p.column) for p in result.problems] == [(3, "cf.beds")]
    assert await _count(sessionmaker, Customer, Customer.code, codes) == 0
    path = write(tmp_path / "customers-ok.csv", [
        header, [codes[0], "Imported hospital", "HOSPITAL", "NL", "0640.00"]])
    assert (await run_import(sessionmaker, KINDS["customers"], path, progress=False)).committed
    async with sessionmaker() as s:
        customer = await s.scalar(select(Customer).where(Customer.code == codes[0]))
        stored = await s.scalar(select(CustomFieldValue.value_text).where(
            CustomFieldValue.record_id == customer.id,
            CustomFieldValue.entity == CustomFieldEntity.CUSTOMER))
    assert stored == "640"

    supplier = f"SUP-{_tag()}"
    path = write(tmp_path / "suppliers.csv", [
        ["code", "name", "country", f"cf.{key}", "cf.noSuchField"],
        [supplier, "Imported supplier", "DE", "2027-06-30", "x"]])
    result = await run_import(sessionmaker, KINDS["suppliers"], path, progress=False)
    assert [(p.row, p.column) for p in result.problems] == [(2, "cf.noSuchField")]
    path = write(tmp_path / "suppliers-ok.csv", [
        ["code", "name", "country", f"cf.{key}"], [supplier, "Imported supplier", "DE",
                                                   "2027-06-30"]])
    assert (await run_import(sessionmaker, KINDS["suppliers"], path, progress=False)).committed
    async with sessionmaker() as s:
        made = await s.scalar(select(Supplier).where(Supplier.code == supplier))
        values = dict((d.key, v) for d, v in await current_values(
            s, CustomFieldEntity.SUPPLIER, made.id))
    assert values[key] == "2027-06-30"
