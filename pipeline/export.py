"""A run's tables for other tools: Parquet (one typed file per table), an Excel workbook,
and JSON Lines (one object per line, as in the JSON files).

Both take the tables as pandas DataFrames, as ``pipeline.tables.load_tables`` gives them:
numbers as floats or, with ``exact=True``, as ``Decimal``, dates as datetimes (stored as
calendar dates). ``write_exports``, which ``nianbao run --format`` uses, loads them exact:
Parquet stores ``Decimal`` columns as decimals (decimal128, or decimal256 past 38
digits), the workbook as numbers shown with all their digits and, where a float would
round a value (Excel keeps 15 significant digits), its exact text in a column beside
(``value_exact``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
MAX_COLUMN_WIDTH = 60
DECIMAL128_DIGITS = 38
DECIMAL256_DIGITS = 76
EXCEL_DIGITS = 15  # significant digits Excel keeps of a number
FORMATS = ("parquet", "xlsx", "jsonl")


def write_exports(out: Path, formats: list[str]) -> list[Path]:
    """The exports of an output folder: ``parquet/<table>.parquet`` and ``nianbao.xlsx``, as asked."""
    check_formats(formats)
    if not formats:
        return []
    written = write_jsonl(Path(out), Path(out) / "jsonl") if "jsonl" in formats else []
    formats = [f for f in formats if f != "jsonl"]
    if not formats:
        return written
    from pipeline.tables import load_tables

    tables = load_tables(out, exact=True)
    if "parquet" in formats:
        written += write_parquet(tables, Path(out) / "parquet")
    if "xlsx" in formats:
        written.append(write_xlsx(tables, Path(out) / "nianbao.xlsx"))
    return written


def write_jsonl(out: Path, dest: Path) -> list[Path]:
    """``dest/<table>.jsonl`` from each ``<table>.json`` of ``out``: the writers put one
    object on a line, so the values stay exactly as written there."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(out.glob("*.json")):
        if source.name in ("datapackage.json", "manifest.json"):
            continue
        with source.open(encoding="utf-8") as rows, _replacing(dest / f"{source.stem}.jsonl") as partial:
            with partial.open("w", encoding="utf-8", newline="\n") as lines:
                for line in rows:
                    line = line.rstrip("\n").removesuffix(",")
                    if line not in ("[", "]", "[]"):
                        lines.write(line + "\n")
        written.append(dest / f"{source.stem}.jsonl")
    return written


def check_formats(formats: list[str]) -> None:
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(unknown)} (choose {' or '.join(FORMATS)})")


def write_parquet(tables: dict[str, pd.DataFrame], dest: Path) -> list[Path]:
    """Write ``dest/<table>.parquet`` for each table; returns the paths written."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = dest / f"{name}.parquet"
        with _replacing(path) as temporary:
            pq.write_table(arrow_table(frame), temporary)
        written.append(path)
    return written


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table: Decimal columns as decimals, datetime columns as dates."""
    columns = {}
    for name in frame.columns:
        values = frame[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            columns[name] = pa.array([None if pd.isna(v) else v.date() for v in values], type=pa.date32())
        elif values.dtype == object and any(isinstance(v, Decimal) for v in values):
            columns[name] = _decimal_array(values)
        elif values.dtype == object and values.isna().all():
            columns[name] = pa.array([None] * len(values), type=pa.string())
        else:
            columns[name] = pa.Array.from_pandas(values)
    return pa.table(columns)


def write_xlsx(tables: dict[str, pd.DataFrame], dest: Path) -> Path:
    """Write one workbook with a sheet per table (header bold and frozen); returns ``dest``.

    Text is written as text, never as a formula; characters that XML cannot hold (control
    characters from PDF extraction) become U+FFFD and a cell is cut at Excel's 32,767
    characters. A ``Decimal`` column is followed by ``<column>_exact``, the value's exact
    text where Excel would round it (more than 15 significant digits), empty elsewhere.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, frame in tables.items():
        frame = _with_exact_text(frame)
        sheet = workbook.create_sheet(title=name[:31])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, 1):
            sheet.column_dimensions[get_column_letter(index)].width = _width(frame[column], str(column))
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(sheet, value=str(column))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_cell(sheet, value) for value in row])
    with _replacing(dest) as temporary:
        workbook.save(temporary)
    return dest


def _decimal_array(values: pd.Series) -> pa.Array:
    """Decimals with the scale of the finest value and room for the widest (decimal256 past 38 digits)."""
    present = [v for v in values if isinstance(v, Decimal)]
    scale = max((max(0, -v.as_tuple().exponent) for v in present), default=0)
    whole = max((max(0, v.adjusted() + 1) for v in present), default=1)
    digits = max(whole + scale, 1)
    if digits > DECIMAL256_DIGITS:
        raise ValueError(f"a value has {digits} digits, more than Parquet's decimals hold ({DECIMAL256_DIGITS})")
    decimal = pa.decimal128(DECIMAL128_DIGITS, scale) if digits <= DECIMAL128_DIGITS else pa.decimal256(
        DECIMAL256_DIGITS, scale)
    return pa.array([v if isinstance(v, Decimal) else None for v in values], type=decimal)


def _with_exact_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with ``<column>_exact`` after each Decimal column: the text of the values Excel would round."""
    decimals = [name for name in frame.columns
                if frame[name].dtype == object and any(isinstance(v, Decimal) for v in frame[name])]
    if not decimals:
        return frame
    columns = {}
    for name in frame.columns:
        columns[name] = frame[name]
        if name in decimals:
            columns[f"{name}_exact"] = frame[name].map(
                lambda v: format(v, "f") if isinstance(v, Decimal) and len(v.normalize().as_tuple().digits) > EXCEL_DIGITS
                else None)
    return pd.DataFrame(columns)


def _cell(sheet: Any, value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        cell = WriteOnlyCell(sheet, value=value.date())
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:MAX_CELL_CHARS])
        cell.data_type = "s"  # "=..." stays text, not a formula
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        places = max(0, -value.normalize().as_tuple().exponent)
        cell.number_format = "0." + "0" * places if places else "0"  # every digit, never 1.491E+11
        return cell
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _width(values: pd.Series, header: str) -> float:
    sample = [str(v) for v in values.head(200) if v is not None and not (not isinstance(v, str) and pd.isna(v))]
    longest = max((_display_width(s) for s in [header, *sample]), default=8)
    return min(MAX_COLUMN_WIDTH, longest + 2)


def _display_width(text: str) -> int:
    """Columns a text takes: CJK characters are two wide."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _umask_mode() -> int:
    """The mode ``open()`` gives a new file under the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it on success and is removed on failure."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _umask_mode())  # mkstemp makes it private; the tables are not
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
