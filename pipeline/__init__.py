"""nianbao: Chinese annual reports to structured, validated datasets.

``pipeline.process_text``, ``process_texts``, ``process_files`` and ``run`` are the
Python API (``pipeline/api.py``); importing ``pipeline`` loads none of it until used.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nianbao")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

__all__ = ["process_files", "process_text", "process_texts", "run"]


def __getattr__(name: str):
    if name in __all__:
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
