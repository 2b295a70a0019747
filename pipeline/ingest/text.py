"""Decode a text file into its source text: BOM removed, nothing else changed."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from pipeline.ingest.errors import IngestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (an Office document?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"%PDF", "a PDF with a text file's name"),
)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_text(data: bytes, *, fallback_encodings: list[str], max_control_share: float) -> DecodedText:
    """The text of a file's bytes; raises IngestError with a reason a person understands."""
    if not data:
        raise IngestError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data, encoding), encoding, max_control_share)
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise IngestError(f"not a text file: it is {what}")
    if b"\x00" in data:
        raise IngestError("binary file: it contains NUL bytes and has no UTF-16 byte-order mark")
    try:
        return _checked(data.decode("utf-8"), "utf-8", max_control_share)
    except UnicodeDecodeError as err:
        utf8_error = err
    decoded = [(enc, text) for enc in fallback_encodings if (text := _try_decode(data, enc)) is not None]
    if len(decoded) > 1:
        best = from_bytes(data, cp_isolation=[enc for enc, _ in decoded]).best()
        if best is not None:
            decoded = [pair for pair in decoded if codecs.lookup(pair[0]).name == codecs.lookup(best.encoding).name] or decoded
    if not decoded:
        raise IngestError(
            f"cannot decode: not UTF-8 (bad byte at offset {utf8_error.start}) "
            f"and not {', '.join(e.upper() for e in fallback_encodings)} either"
        )
    encoding, text = decoded[0]
    return _checked(text, encoding, max_control_share)


def _decode(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise IngestError(f"cannot decode as {encoding} (bad byte at offset {err.start})") from err
    return text  # the codec took the BOM; a second one is text (spec §1)


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _checked(text: str, encoding: str, max_control_share: float) -> DecodedText:
    if not text.strip():
        raise IngestError("no text: the file holds only white space")
    controls = len(_CONTROL.findall(text))
    if controls > max_control_share * len(text):
        raise IngestError(f"binary file: {controls} control characters in {len(text)} decoded as {encoding}")
    return DecodedText(text, encoding)
