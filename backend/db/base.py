"""Declarative base, column types shared by every model, and constraint naming."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import BigInteger, DateTime, Enum, Index, MetaData, Numeric, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so migrations can drop and alter them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(14, 2)
Rate = Numeric(7, 4)
Percent = Numeric(5, 2)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: DateTime(timezone=True),
        Decimal: Money,
    }


def enum_column(enum: type[StrEnum]) -> Enum:
    """Stored as text with a CHECK constraint: new values need no ALTER TYPE."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=32,
        name=enum.__name__.lower(),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def id_column() -> Mapped[int]:
    return mapped_column(BigInteger, primary_key=True, autoincrement=True)


def created_at_column() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


def index_foreign_keys(metadata: MetaData) -> None:
    """Give every foreign key column an index unless an index or key already leads with it.

    Lookups and ON DELETE checks go through foreign keys, and PostgreSQL does not
    index them by itself.
    """
    for table in metadata.tables.values():
        leading = set()
        if table.primary_key.columns:
            leading.add(next(iter(table.primary_key.columns)).name)
        for index in table.indexes:
            leading.add(next(iter(index.columns)).name)
        for constraint in table.constraints:
            cols = list(getattr(constraint, "columns", []))
            if cols and constraint.__class__.__name__ == "UniqueConstraint":
                leading.add(cols[0].name)
        for fk in table.foreign_keys:
            column = fk.parent
            if column.name not in leading:
                Index(f"ix_{table.name}_{column.name}", column)
                leading.add(column.name)
