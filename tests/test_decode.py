"""The bounded Content-Encoding decoder on its own, fed in awkward pieces (no network)."""

from __future__ import annotations

import contextlib
import gc
import gzip
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Iterable

import brotli
import pytest

from tui.decode import ACCEPT_ENCODING, ContentDecoder, DecodeError, read_decoded

RSS = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Berita</title>'
    b"<item><title>Satu</title><link>https://example.com/1</link></item></channel></rss>"
)


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def decode_all(encodings: list[str], chunks: Iterable[bytes]) -> bytes:
    decoding = ContentDecoder(encodings)
    pieces = [piece for chunk in chunks for piece in decoding.feed(chunk)]
    return b"".join([*pieces, *decoding.finish()])


async def chunks_of(*chunks: bytes) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def test_offers_only_what_it_can_decode() -> None:
    assert ACCEPT_ENCODING == "gzip, deflate, br"  # brotli here is new enough to be bounded


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(RSS[:60]) + gzip.compress(RSS[60:])),
        ("deflate", zlib.compress(RSS)),
        ("deflate", raw_deflate(RSS)),
        ("br", brotli.compress(RSS)),
    ],
)
def test_decoding_one_byte_at_a_time(encoding: str, body: bytes) -> None:
    """Chunk boundaries fall anywhere: inside a header, between gzip members."""
    assert decode_all([encoding], (body[i : i + 1] for i in range(len(body)))) == RSS


def test_trailing_junk_after_gzip_is_ignored() -> None:
    assert decode_all(["gzip"], [gzip.compress(RSS) + b"\r\n\r\n"]) == RSS


@pytest.mark.parametrize(
    ("encodings", "body"),
    [
        ([], RSS),
        (["identity"], RSS),
        (["GZIP"], gzip.compress(RSS)),
        (["x-gzip"], gzip.compress(RSS)),
        (["gzip, br"], brotli.compress(gzip.compress(RSS))),  # applied in order, undone reversed
        (["gzip", "identity, deflate"], zlib.compress(gzip.compress(RSS))),  # two header lines
    ],
)
def test_encoding_chains(encodings: list[str], body: bytes) -> None:
    assert decode_all(encodings, [body]) == RSS


def test_pieces_are_bounded() -> None:
    """A highly compressed body comes out in pieces, never all at once."""
    zeros = bytes(1 << 20)
    decoding = ContentDecoder(["gzip"])
    sizes = [len(piece) for piece in decoding.feed(gzip.compress(zeros))]
    assert sum(sizes) == len(zeros)
    assert max(sizes) <= 64 * 1024


@pytest.mark.parametrize(
    ("encodings", "error"),
    [
        (["zstd"], "unsupported Content-Encoding: zstd"),
        (["gzip, gzip", "gzip, gzip"], "too many Content-Encodings (4)"),
        (["\x1b[31mbad"], "unsupported Content-Encoding: "),
    ],
)
def test_refused_chains(encodings: list[str], error: str) -> None:
    with pytest.raises(DecodeError) as caught:
        ContentDecoder(encodings)
    assert str(caught.value).startswith(error)
    assert "\x1b" not in str(caught.value)


@pytest.mark.parametrize(
    ("encoding", "body", "error"),
    [
        ("gzip", gzip.compress(RSS)[:-12], "corrupt gzip body: truncated"),
        ("gzip", b"this is not gzip", "corrupt gzip body: "),
        ("deflate", b"x", "corrupt deflate body: too short"),
        ("br", brotli.compress(RSS)[:-4], "corrupt br body"),
        ("br", b"this is not brotli at all", "corrupt br body"),
    ],
)
def test_corrupt_bodies(encoding: str, body: bytes, error: str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_all([encoding], [body])
    assert str(caught.value).startswith(error)


async def test_read_decoded_joins_chunks() -> None:
    body = gzip.compress(RSS)
    assert await read_decoded(chunks_of(body[:7], body[7:]), ["gzip"], len(RSS)) == RSS


@pytest.mark.parametrize(
    ("encodings", "body"),
    [
        ([], RSS),  # the raw bytes pass the cap
        (["gzip"], gzip.compress(bytes(100_000))),  # small raw, large decoded
    ],
)
async def test_read_decoded_stops_at_the_cap(encodings: list[str], body: bytes) -> None:
    with pytest.raises(DecodeError, match=r"^too large: more than 100 bytes$"):
        await read_decoded(chunks_of(body), encodings, 100)


async def test_read_decoded_checks_encodings_before_reading() -> None:
    read: list[bytes] = []

    async def watched() -> AsyncIterator[bytes]:
        read.append(b"chunk")
        yield RSS

    with pytest.raises(DecodeError, match="unsupported"):
        await read_decoded(watched(), ["zstd"], 1000)
    assert read == []


async def test_a_body_over_the_cap_is_freed_at_once() -> None:
    """Not only when the garbage collector runs: no reference cycle holds the body."""

    async def endless() -> AsyncIterator[bytes]:
        while True:
            yield bytes(65536)

    gc.disable()
    tracemalloc.start()
    try:
        with contextlib.suppress(DecodeError):
            await read_decoded(endless(), [], 5_000_000)
        still_held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        gc.enable()
    assert peak > 5_000_000  # the body was there
    assert still_held < 1_000_000
