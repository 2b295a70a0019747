"""The one error ingest raises: its message is a reason a person understands."""


class IngestError(Exception):
    """A document cannot be read; ``str(error)`` says why, for ``documents.csv``."""
