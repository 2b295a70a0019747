"""Loading a run's tables into pandas, with the column types of the schema."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import IO

import pandas as pd

from pipeline.schema import TABLES, Table

_DTYPES = {"string": "string", "integer": "Int64", "boolean": "boolean", "date": "string"}


def load_table(out: Path, name: str, *, exact: bool = False) -> pd.DataFrame:
    """One table of an output folder as a DataFrame.

    Integers are nullable ``Int64``, dates ``datetime64``, text ``string``. Numbers
    (``value``, ``value_max``) are ``Float64`` by default, which is handy for sums and
    plots but keeps only about 15 significant digits; with ``exact=True`` they are
    ``Decimal`` objects, exact to the last fen.
    """
    return read_table(Path(out) / f"{name}.csv", name, exact=exact)


def load_tables(out: Path, *, exact: bool = False) -> dict[str, pd.DataFrame]:
    """Every table of an output folder, by name (numbers as ``Float64`` unless ``exact=True``)."""
    return {name: load_table(out, name, exact=exact) for name in TABLES}


def read_table(source: Path | IO[str], name: str, *, exact: bool = False) -> pd.DataFrame:
    """The CSV text of table ``name`` (a file or an open text stream, with its header) as a DataFrame."""
    table = TABLES[name]
    frame = pd.read_csv(
        source,
        dtype={c.name: _DTYPES.get(c.type, "string") for c in table.columns},
        keep_default_na=False,
        na_values={c.name: [""] for c in table.columns if c.type != "string"},
        true_values=["true"],
        false_values=["false"],
        encoding="utf-8",
    )
    return _typed(frame, table, exact)


def frame_of_rows(name: str, csv_rows: str, *, exact: bool = False) -> pd.DataFrame:
    """Rows of table ``name`` rendered as CSV lines without a header (``RenderedRows.csv``) as a DataFrame."""
    header = ",".join(column.name for column in TABLES[name].columns)
    return read_table(io.StringIO(header + "\n" + csv_rows), name, exact=exact)


def _typed(frame: pd.DataFrame, table: Table, exact: bool) -> pd.DataFrame:
    for column in table.columns:
        if column.type == "number":
            values = frame[column.name]
            frame[column.name] = (
                pd.Series([Decimal(v) if isinstance(v, str) and v else None for v in values], index=frame.index,
                          dtype=object)
                if exact else pd.to_numeric(values.replace("", None), errors="raise").astype("Float64")
            )
        elif column.type == "date":
            frame[column.name] = pd.to_datetime(frame[column.name], format="%Y-%m-%d")
    return frame
