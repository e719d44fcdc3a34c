"""checker: matching, conflicts, reports and the CLI."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("numcheck")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.1.0"
