"""What an inspection against a plan measured: characteristics and their values."""

from decimal import Decimal
from typing import Any

import strawberry

from backend.resolvers.context import Info
from backend.schema.quality.loop_enums import InspectionCharacteristicKind


@strawberry.type
class InspectionCharacteristic:
    code: str
    name: str
    kind: InspectionCharacteristicKind
    unit: str | None
    lower_limit: Decimal | None = strawberry.field(
        description="Inclusive limits of MEASURED characteristics; either may be null."
    )
    upper_limit: Decimal | None

    @classmethod
    def of(cls, stored: dict[str, Any]) -> "InspectionCharacteristic":
        def limit(value: str | None) -> Decimal | None:
            return None if value is None else Decimal(value)

        return cls(code=stored["code"], name=stored["name"],
                   kind=InspectionCharacteristicKind(stored["kind"]), unit=stored.get("unit"),
                   lower_limit=limit(stored.get("lower_limit")),
                   upper_limit=limit(stored.get("upper_limit")))


@strawberry.type
class InspectionMeasurement:
    characteristic: InspectionCharacteristic
    values: list[Decimal] = strawberry.field(
        description="One per sampled unit, for MEASURED characteristics."
    )
    passed: bool | None = strawberry.field(description="For PASS_FAIL characteristics.")
    within_limits: bool


async def measurements_of(
    info: Info, plan_id: int | None, stored: list[dict[str, Any]] | None
) -> list[InspectionMeasurement]:
    if plan_id is None or not stored:
        return []
    plan = await info.context.loaders.inspection_plan_by_id.load(plan_id)
    if plan is None:
        return []
    by_code = {c["code"]: c for c in plan.characteristics}
    return [
        InspectionMeasurement(characteristic=InspectionCharacteristic.of(by_code[s["code"]]),
                              values=[Decimal(v) for v in s["values"]], passed=s["passed"],
                              within_limits=s["within_limits"])
        for s in stored if s["code"] in by_code
    ]
