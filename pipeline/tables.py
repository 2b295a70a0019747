"""Loading a run's output folder into pandas, with the column types of the schema."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from pipeline.schema import TABLES, Table

_DTYPES = {"string": "string", "integer": "Int64", "boolean": "boolean", "date": "string"}


def load_table(out: Path, name: str, *, exact: bool = False) -> pd.DataFrame:
    """One table of an output folder as a DataFrame.

    Integers are nullable ``Int64``, dates ``datetime64``; numbers are floats, or
    ``Decimal`` objects with ``exact=True`` (money to the last fen).
    """
    table = TABLES[name]
    frame = pd.read_csv(
        Path(out) / f"{name}.csv",
        dtype={c.name: _DTYPES.get(c.type, "string") for c in table.columns},
        keep_default_na=False,
        na_values={c.name: [""] for c in table.columns if c.type != "string"},
        true_values=["true"],
        false_values=["false"],
        encoding="utf-8",
    )
    return _typed(frame, table, exact)


def load_tables(out: Path, *, exact: bool = False) -> dict[str, pd.DataFrame]:
    """Every table of an output folder, by name."""
    return {name: load_table(out, name, exact=exact) for name in TABLES}


def _typed(frame: pd.DataFrame, table: Table, exact: bool) -> pd.DataFrame:
    for column in table.columns:
        if column.type == "number":
            values = frame[column.name]
            frame[column.name] = (values.map(lambda v: Decimal(v) if isinstance(v, str) and v else None) if exact
                                  else pd.to_numeric(values.replace("", None), errors="raise").astype("Float64"))
        elif column.type == "date":
            frame[column.name] = pd.to_datetime(frame[column.name], format="%Y-%m-%d")
    return frame
