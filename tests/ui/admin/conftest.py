"""The Admin area's tests start ncdesk signed in, as the access tests do."""

from tests.ui.access.conftest import start_on, started  # noqa: F401  (fixtures)
