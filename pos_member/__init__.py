"""pos-member: the counter app for Stamps loyalty memberships."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pos-member")
except PackageNotFoundError:  # running from a source tree without install (e.g. frozen)
    __version__ = "0.0.0"
