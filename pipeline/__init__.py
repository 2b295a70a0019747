"""nianbao: Chinese annual reports to structured, validated datasets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nianbao")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
