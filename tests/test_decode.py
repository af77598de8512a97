"""Bytes → text: encodings Marsad reads, and the bytes it refuses with a reason."""

from __future__ import annotations

import codecs
import random

import pytest

from marsad.errors import InputError
from marsad.text.decode import check_text, decode_bytes

AR = "وقّع الرئيس المالي اتفاقًا مع روسيا في موسكو يوم الاثنين، وقال إن التعاون سيتعزز."
FR = "Le président malien a signé un accord à Moscou. « État fort », a-t-il déclaré à la télévision."
EN = "Mali signed an agreement with Russia in Moscow on Monday."

def _random_bytes(seed: int, n: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


PNG_HEADER = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61")


def _reason(data: bytes, **kwargs: int) -> str:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "sample.txt", **kwargs)
    assert "sample.txt" in str(info.value)
    assert "\n" not in str(info.value)
    return info.value.reason


@pytest.mark.parametrize("text", [AR, FR, EN])
def test_utf8_with_and_without_bom(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")) == text


@pytest.mark.parametrize("text", [AR, FR, EN])
@pytest.mark.parametrize(("bom", "encoding"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom(text: str, bom: bytes, encoding: str) -> None:
    assert decode_bytes(bom + text.encode(encoding)) == text


@pytest.mark.parametrize("text", [AR, FR])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


def test_windows_1256_arabic() -> None:
    assert decode_bytes(AR.encode("cp1256")) == AR


def test_windows_1256_longer_arabic() -> None:
    text = (AR + "\n") * 5 + "وأكد الوزير أن الحكومة ستواصل الحوار مع جميع الأطراف.\n"
    assert decode_bytes(text.encode("cp1256")) == text


def test_latin1_french() -> None:
    assert decode_bytes(FR.encode("latin-1")) == FR


def test_cp1252_french_with_curly_quotes() -> None:
    text = "L’armée a reçu des armes – selon « Le Monde », l’accord est signé."
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    "data",
    [
        PNG_HEADER,
        PNG_HEADER + bytes(range(256)) * 4,
        _random_bytes(7, 4000),
        bytes(b or 1 for b in _random_bytes(11, 4000)),
        b"\x00\x01\x02\x03" * 50 + b"hello",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + _random_bytes(3, 500),
    ],
    ids=["png-header", "png-like", "random", "random-without-nul", "nul-runs", "zip"],
)
def test_binary_is_refused(data: bytes) -> None:
    assert _reason(data) == "binary"


def test_text_with_nul_is_binary() -> None:
    assert _reason(b"Mali signed\x00 an agreement\x00 with Russia") == "binary"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        b"\n\n\t \r\n",
        codecs.BOM_UTF8,
        codecs.BOM_UTF8 + b"  \n",
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
        "\u00a0\u3000\n".encode(),
    ],
    ids=["empty", "spaces", "newlines", "bom-only", "bom-spaces", "utf16-spaces", "unicode-spaces"],
)
def test_empty_and_whitespace_only(data: bytes) -> None:
    assert _reason(data) == "empty"


def test_too_large() -> None:
    data = EN.encode() * 10
    assert _reason(data, max_bytes=100) == "too-large"
    assert decode_bytes(data, max_bytes=len(data)) == EN * 10


def test_invalid_utf8_after_a_bom_is_undecodable() -> None:
    assert _reason(codecs.BOM_UTF8 + b"Mali \xff\xfe signed") == "undecodable"


def test_truncated_utf16_is_undecodable() -> None:
    assert _reason(codecs.BOM_UTF16_LE + "مالي".encode("utf-16-le") + b"\x41") == "undecodable"


def test_check_text() -> None:
    assert check_text(AR) == AR
    for text, reason in [("", "empty"), (" \n\t", "empty"), ("a" * 50, "too-large"), ("x\x00" * 20, "binary")]:
        with pytest.raises(InputError) as info:
            check_text(text, "api", max_chars=40)
        assert info.value.reason == reason
