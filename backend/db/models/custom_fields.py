"""Fields an administrator adds to records, and their values.

Values live in one table keyed by (definition, record) rather than as JSONB on each of
the six record tables: adding a field touches no record table, a value carries its
typed column (number, date, boolean) next to its normalised text so filters compare
typed values with an index, and a definition's key never needs rewriting in records.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import CustomFieldEntity, CustomFieldType


class CustomFieldDefinition(Base):
    __tablename__ = "custom_field_definitions"
    __table_args__ = (UniqueConstraint("entity", "key"),)

    id: Mapped[int] = id_column()
    entity: Mapped[CustomFieldEntity] = mapped_column(enum_column(CustomFieldEntity))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    type: Mapped[CustomFieldType] = mapped_column(enum_column(CustomFieldType))
    required: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    enum_values: Mapped[list[str]] = mapped_column(ARRAY(String(200)), default=list,
                                                   server_default="{}")
    # PRODUCT and LOT fields: the lines and device classes they apply to (empty: all).
    product_lines: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list,
                                                     server_default="{}")
    device_classes: Mapped[list[str]] = mapped_column(ARRAY(String(8)), default=list,
                                                      server_default="{}")
    visible_to_partners: Mapped[bool] = mapped_column(Boolean, default=False,
                                                      server_default="false")
    help_text: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    created_at: Mapped[datetime] = created_at_column()


class CustomFieldValue(Base):
    __tablename__ = "custom_field_values"
    __table_args__ = (
        Index("ix_custom_field_values_record", "entity", "record_id"),
        Index("ix_custom_field_values_number", "definition_id", "value_number"),
        Index("ix_custom_field_values_date", "definition_id", "value_date"),
    )

    definition_id: Mapped[int] = mapped_column(
        ForeignKey("custom_field_definitions.id", ondelete="CASCADE"), primary_key=True)
    # The product, lot, customer, supplier, order or shipment (by its table's id).
    record_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    entity: Mapped[CustomFieldEntity] = mapped_column(enum_column(CustomFieldEntity))
    # The normalised text form ("12.5", "2027-03-31", "true"); never empty.
    value_text: Mapped[str] = mapped_column(Text)
    value_number: Mapped[Decimal | None] = mapped_column(Numeric)
    value_date: Mapped[date | None] = mapped_column(Date)
    value_bool: Mapped[bool | None] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = created_at_column()


# Text filters ignore case.
Index("ix_custom_field_values_text", CustomFieldValue.definition_id,
      func.lower(CustomFieldValue.value_text))
