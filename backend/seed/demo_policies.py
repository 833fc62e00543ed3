"""Demo configuration policies, set through the domain as an administrator would."""

from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.actor import SYSTEM
from backend.domain.policies import admin
from backend.enums import ConfigPolicyKind, DeviceClass

# kind, product line, device class, region, value, description
POLICIES = [
    (ConfigPolicyKind.MIN_SHELF_LIFE_DAYS, None, DeviceClass.III, "ES", "180",
     "Class III devices for Spain: half a year of shelf life left on arrival"),
    (ConfigPolicyKind.IMPLANT_CARD, "Cardiac", DeviceClass.III, None, "true",
     "Cardiac implants ship with a patient implant card per unit"),
]


async def load_policies(session: AsyncSession) -> None:
    for kind, line, device_class, region, value, description in POLICIES:
        await admin.set_policy(session, actor=SYSTEM, kind=kind, value=value,
                               product_line=line, device_class=device_class, region=region,
                               description=description)
