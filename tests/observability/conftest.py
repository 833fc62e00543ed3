from tests.api.conftest import api  # noqa: F401
from tests.security.conftest import app_client  # noqa: F401
