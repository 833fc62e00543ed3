"""Dataloaders, built per request for one actor: one batched statement per relationship
and level, each area's loaders in its own module."""

from backend.resolvers.loaders.catalog import CatalogLoaders
from backend.resolvers.loaders.customfields import CustomFieldLoaders
from backend.resolvers.loaders.finance import FinanceLoaders
from backend.resolvers.loaders.fulfilment import FulfilmentLoaders
from backend.resolvers.loaders.masterdata import MasterDataLoaders
from backend.resolvers.loaders.orders import OrderLoaders
from backend.resolvers.loaders.parties import PartyLoaders
from backend.resolvers.loaders.payables import PayablesLoaders
from backend.resolvers.loaders.production import ProductionLoaders
from backend.resolvers.loaders.purchasing import PurchasingLoaders
from backend.resolvers.loaders.purchasing_flow import PurchasingFlowLoaders
from backend.resolvers.loaders.quality import QualityLoaders
from backend.resolvers.loaders.quality_loop import QualityLoopLoaders
from backend.resolvers.loaders.recalls import RecallLoaders
from backend.resolvers.loaders.standards import StandardsLoaders


class Loaders(
    PartyLoaders, CatalogLoaders, QualityLoaders, OrderLoaders, FulfilmentLoaders,
    FinanceLoaders, RecallLoaders, QualityLoopLoaders, PurchasingLoaders, StandardsLoaders,
    ProductionLoaders, PurchasingFlowLoaders, PayablesLoaders, CustomFieldLoaders,
    MasterDataLoaders,
):
    """Every loader of a request; `rows(stmt)` reads one ad-hoc statement."""


__all__ = ["Loaders"]
