"""Undoing a response's Content-Encoding with a bound on the output.

httpx does not bound the decoded size (a tiny brotli body can decode to gigabytes inside one
chunk), so bodies are read raw and decoded here, a piece of at most `_PIECE` bytes at a time,
stopping as soon as the decoded body passes the caller's limit. No network, no httpx.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable, Iterable, Iterator
from typing import TYPE_CHECKING

import brotli

from tui.sanitize import clean_line

if TYPE_CHECKING:
    from tui.budget import Hold

__all__ = ["ACCEPT_ENCODING", "ContentDecoder", "DecodeError", "read_decoded"]

_PIECE = 64 * 1024  # decoded bytes asked of a decompressor per call
_MAX_ENCODINGS = 3


class DecodeError(Exception):
    """A body we cannot decode within the limits; the message is what the reader sees."""


class _ZlibDecoder:
    """gzip (all members) or deflate (zlib-wrapped or raw, told apart by the header)."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._gzip = name == "gzip"
        self._wbits = 16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(self._wbits) if self._gzip else None
        self._head = b""  # deflate: bytes held until the header can be told apart
        self._fed = False
        self._ended = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not data or self._ended:
            return
        self._fed = True
        if self._obj is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            cmf, flg = data[0], data[1]
            zlib_wrapped = cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf << 8 | flg) % 31 == 0
            self._wbits = zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS
            self._obj = zlib.decompressobj(self._wbits)
        yield from self._inflate(data)

    def finish(self) -> Iterator[bytes]:
        if not self._fed or self._ended:
            return
        if self._obj is None:
            raise DecodeError(f"corrupt {self._name} body: too short")
        yield from self._inflate(b"")
        if not self._obj.eof:
            raise DecodeError(f"corrupt {self._name} body: truncated")

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        assert self._obj is not None
        try:
            while True:
                out = self._obj.decompress(data, _PIECE)
                if out:
                    yield out
                if self._obj.eof:
                    data = self._obj.unused_data
                    if not data:
                        return  # another gzip member may start in the next chunk
                    if self._gzip and b"\x1f\x8b".startswith(data[:2]):  # the next member
                        self._obj = zlib.decompressobj(self._wbits)
                        continue
                    self._ended = True  # trailing junk after the stream: ignored, as browsers do
                    return
                data = self._obj.unconsumed_tail
                if not data and len(out) < _PIECE:
                    return
        except zlib.error as exc:
            raise DecodeError(f"corrupt {self._name} body: {exc}") from None


class _BrotliDecoder:
    def __init__(self) -> None:
        self._obj = brotli.Decompressor()
        self._fed = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not data or self._obj.is_finished():
            return
        self._fed = True
        try:
            out = self._obj.process(data, output_buffer_limit=_PIECE)
            while True:
                if out:
                    yield out
                if self._obj.can_accept_more_data():
                    return
                out = self._obj.process(b"", output_buffer_limit=_PIECE)
                if not out and not self._obj.can_accept_more_data():
                    raise DecodeError("corrupt br body: decoder stalled")
        except brotli.error:
            raise DecodeError("corrupt br body") from None

    def finish(self) -> Iterator[bytes]:
        if self._fed and not self._obj.is_finished():
            raise DecodeError("corrupt br body: truncated")
        return iter(())


def _brotli_is_bounded() -> bool:
    try:
        brotli.Decompressor().process(b"", output_buffer_limit=1)
    except TypeError:  # brotli < 1.2 cannot bound its output
        return False
    return True


_BROTLI_BOUNDED = _brotli_is_bounded()
# What to offer in requests: only the encodings we can decode with a bound.
ACCEPT_ENCODING = "gzip, deflate, br" if _BROTLI_BOUNDED else "gzip, deflate"

_Decoder = _ZlibDecoder | _BrotliDecoder


def _decoder(name: str) -> _Decoder:
    if name in ("gzip", "x-gzip"):
        return _ZlibDecoder("gzip")
    if name == "deflate":
        return _ZlibDecoder("deflate")
    if name == "br" and _BROTLI_BOUNDED:
        return _BrotliDecoder()
    raise DecodeError(f"unsupported Content-Encoding: {clean_line(name, 40)}")


class ContentDecoder:
    """The Content-Encoding chain of one response, undone in reverse order.

    Built from the header's values (one list item per header line); raises DecodeError for an
    encoding we do not support or too long a chain. `feed` each raw chunk, then `finish`; both
    yield decoded pieces of at most 64 KiB and raise DecodeError on a corrupt stream.
    """

    def __init__(self, content_encodings: list[str]) -> None:
        names = [name.strip().lower() for value in content_encodings for name in value.split(",")]
        names = [name for name in names if name and name != "identity"]
        if len(names) > _MAX_ENCODINGS:
            raise DecodeError(f"too many Content-Encodings ({len(names)})")
        self._stages: list[_Decoder] = [_decoder(name) for name in reversed(names)]

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, (data,))

    def finish(self) -> Iterator[bytes]:
        for index, stage in enumerate(self._stages):
            yield from self._through(index + 1, stage.finish())

    def _through(self, start: int, pieces: Iterable[bytes]) -> Iterator[bytes]:
        if start == len(self._stages):
            yield from pieces
            return
        for piece in pieces:
            yield from self._through(start + 1, self._stages[start].feed(piece))


async def read_decoded(
    raw_chunks: AsyncIterable[bytes],
    content_encodings: list[str],
    max_bytes: int,
    hold: Hold | None = None,
) -> bytes:
    """The decoded body from its raw chunks; DecodeError once raw or decoded bytes pass max_bytes.

    The encodings are checked before the first chunk is read. With `hold` (a share of a
    refresh's memory budget), every decoded piece is taken from the budget before it is kept,
    waiting while the budget is spent, and so is the final copy into `bytes` while both exist;
    the caller releases the body's share.
    """
    decoding = ContentDecoder(content_encodings)
    # Raised fresh each time: an exception kept in a local here would hold this frame, and so
    # the body, in a reference cycle until the garbage collector ran (20 MB per failed body).
    too_large = f"too large: more than {max_bytes} bytes"
    body = bytearray()
    raw = 0

    async def keep(pieces: Iterator[bytes]) -> None:
        for piece in pieces:
            if len(body) + len(piece) > max_bytes:
                raise DecodeError(too_large)
            if hold is not None:
                await hold.grow(len(piece))
            body.extend(piece)

    async for chunk in raw_chunks:
        raw += len(chunk)
        if raw > max_bytes:
            raise DecodeError(too_large)
        await keep(decoding.feed(chunk))
    await keep(decoding.finish())
    if hold is None:
        return bytes(body)
    size = len(body)
    await hold.grow(size)  # the copy below holds the body twice for a moment
    try:
        data = bytes(body)
        del body[:]
    finally:
        hold.shrink(size)
    return data
