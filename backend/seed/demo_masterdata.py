"""Demo master data made through the domain: the demo customers' contacts and addresses."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer
from backend.domain.actor import SYSTEM
from backend.domain.masterdata.customer_details import Address, Contact
from backend.domain.masterdata.customers import CustomerChanges, update_customer
from backend.enums import CustomerAddressKind

BILLING, SHIPPING = CustomerAddressKind.BILLING, CustomerAddressKind.SHIPPING

# code -> (contacts, addresses)
CUSTOMER_DETAILS: dict[str, tuple[list[Contact], list[Address]]] = {
    "DIST-A": (
        [Contact("Sanne de Vries", "Purchasing", "s.devries@nordmed.example", "+31 30 555 0101"),
         Contact("Joris Bakker", "Quality", "quality@nordmed.example")],
        [Address(BILLING, "Vaartweg 12", "3521", "Utrecht", "NL", "Nordmed Distributie B.V."),
         Address(SHIPPING, "Havenweg 4", "3542", "Utrecht", "NL", "Nordmed warehouse")],
    ),
    "DIST-B": (
        [Contact("Lukas Huber", "Einkauf", "l.huber@alpenland.example", "+49 89 555 0202")],
        [Address(BILLING, "Landsberger Str. 301", "80687", "Munich", "DE"),
         Address(SHIPPING, "Lagerstr. 9", "85748", "Garching", "DE", "Alpenland Lager")],
    ),
    "HOSP-BER": (
        [Contact("Dr. Petra Lange", "Pharmacy", "apotheke@spreeufer.example")],
        [Address(BILLING, "Uferstr. 8", "10115", "Berlin", "DE", "Klinikum Spreeufer")],
    ),
    "HOSP-MRS": (
        [Contact("Claire Martin", "Achats", "achats@vieux-port.example", "+33 4 55 50 30 30")],
        [Address(BILLING, "14 Quai de Rive Neuve", "13007", "Marseille", "FR")],
    ),
    "HOSP-MIL": (
        [Contact("Giulia Rossi", "Farmacia", "farmacia@santeodoro.example")],
        [Address(BILLING, "Via Teodoro 21", "20121", "Milan", "IT")],
    ),
    "CLIN-MAD": (
        [Contact("Javier Ortega", "Compras", "compras@valdemar.example")],
        [Address(BILLING, "Calle de Valdemar 5", "28010", "Madrid", "ES")],
    ),
}


async def load_customer_details(session: AsyncSession) -> None:
    ids = dict((await session.execute(select(Customer.code, Customer.id).where(
        Customer.code.in_(CUSTOMER_DETAILS)))).all())
    for code, (contacts, addresses) in CUSTOMER_DETAILS.items():
        await update_customer(session, actor=SYSTEM, customer_id=ids[code],
                              changes=CustomerChanges(contacts=contacts, addresses=addresses))
