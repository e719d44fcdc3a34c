"""schemas: pydantic models and the JSON Schema files exported from them."""
from numcheck.schemas.models import *  # noqa: F401,F403
