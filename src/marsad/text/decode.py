"""Bytes → text: the one place where input encodings are guessed.

UTF-8 (with or without BOM) and UTF-16 (with a BOM, or without one when one
byte of every pair is almost always the same: NULs for Latin, 0x06 for Arabic)
are read directly; anything else goes to charset-normalizer, restricted to the encodings Arabic and French
news actually uses (Windows-1256, ISO-8859-6, Latin-1, Windows-1252, UTF-16),
so that a Latin-1 file is not read as Cyrillic by a too-eager detector.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from marsad.errors import InputError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_CANDIDATES = ["utf_8", "cp1256", "iso8859_6", "utf_16", "cp1252", "latin_1"]


def _looks_binary(data: bytes) -> bool:
    """NULs (text that is not UTF-16, which is handled before) or many control bytes."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 20)


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of BOM-less UTF-16, or None when ``data`` does not look like it.

    Why this shape: in UTF-16 text one byte of each pair is the high byte of the
    code point, NUL for ASCII and 0x06 for Arabic, so NULs fall on one side only;
    in binary data they fall on both.
    """
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    for high, low, encoding in ((odd, even, "utf_16_le"), (even, odd, "utf_16_be")):
        if high.count(0) + high.count(6) >= len(high) * 0.5 and low.count(0) <= len(low) * 0.01:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            head = text[:4096]
            controls = sum(1 for c in head if c < " " and c not in "\t\n\r\f")
            return text if controls <= len(head) // 100 else None
    return None


def _not_empty(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name}: empty input (only white space)", "empty")
    return text


def decode_bytes(data: bytes, name: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode ``data`` to text, or raise :class:`InputError` saying why it is not text."""
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: {len(data):,} bytes is larger than the limit of {max_bytes:,} bytes "
            "(raise it with --max-bytes)",
            "too-large",
        )
    if not data.strip():
        raise InputError(f"{name}: empty input", "empty")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _not_empty(data[len(codecs.BOM_UTF8):].decode("utf-8"), name)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: has a UTF-8 BOM but is not valid UTF-8 ({exc.reason})", "undecodable") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _not_empty(data.decode("utf-16"), name)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: has a UTF-16 BOM but is not valid UTF-16", "undecodable") from exc
    text16 = _utf16_without_bom(data)
    if text16 is not None:
        return _not_empty(text16, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_binary(data):
            raise InputError(f"{name}: looks like binary data, not text", "binary")
        return _not_empty(text, name)
    if _looks_binary(data):
        raise InputError(f"{name}: looks like binary data, not text", "binary")
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise InputError(f"{name}: cannot tell which text encoding this is", "undecodable")
    return _not_empty(str(best), name)


def check_text(text: str, name: str = "<input>", max_chars: int = DEFAULT_MAX_BYTES) -> str:
    """Apply the same checks to text given directly (the Python API, standard input)."""
    if len(text) > max_chars:
        raise InputError(f"{name}: {len(text):,} characters is larger than the limit of {max_chars:,}", "too-large")
    if not text.strip():
        raise InputError(f"{name}: empty input", "empty")
    if "\x00" in text[:8192] and text[:8192].count("\x00") > 8:
        raise InputError(f"{name}: looks like binary data, not text", "binary")
    return text
