"""The closed sets of values the domain, the database and the API share.

One module per area; everything is importable from `backend.enums`. Add an area's
enums to its module (or a new one, listed here).
"""

from backend.enums.core import *  # noqa: F403
from backend.enums.customfields import *  # noqa: F403
from backend.enums.finance import *  # noqa: F403
from backend.enums.masterdata import *  # noqa: F403
from backend.enums.payables import *  # noqa: F403
from backend.enums.policies import *  # noqa: F403
from backend.enums.production import *  # noqa: F403
from backend.enums.purchasing import *  # noqa: F403
from backend.enums.quality import *  # noqa: F403
from backend.enums.sales import *  # noqa: F403
from backend.enums.trust import *  # noqa: F403
