"""The one place berita talks to the network: bounded, conditional, and it never raises.

httpx bounds neither the decoded size (a tiny brotli body can decode to gigabytes inside one
chunk) nor the total time (a server dripping one byte a second never trips its read timeout).
So bodies are read raw and decoded by `tui.decode` with an output limit, and every fetch runs
under a caller-side deadline. httpx itself is imported lazily: this module alone is cheap to import.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import stat
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import tui
from tui.budget import Hold, MemoryBudget, budget_for
from tui.decode import ACCEPT_ENCODING, DecodeError, read_decoded
from tui.model import FetchResult
from tui.sanitize import clean_line, clean_optional

if TYPE_CHECKING:
    import httpx

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
USER_AGENT = f"berita/{tui.__version__} (terminal news reader)"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_LOCATION = "berita.location"  # where `_hide_location` keeps a redirect's Location
_HEADER_SAFE = re.compile(r"[\x20-\x7e]{1,1024}")  # what may be echoed back in a request header


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # total wall time per fetch, redirects included
    max_bytes: int = 20_000_000  # cap on the DECODED body
    max_redirects: int = 5
    concurrency: int = 16  # global simultaneous fetches
    per_host: int = 4  # simultaneous fetches per host
    max_retry_after: float = 6 * 3600  # Retry-After is clamped to [0, this]
    allow_private: bool = True  # feeds may live anywhere; page/image fetches pass False
    memory_budget: int | None = None  # bytes of bodies held at once; None: from max_bytes


class _FetchError(Exception):
    """A fetch that failed in a way we understand; the message is what the reader sees."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


# --- the body -----------------------------------------------------------------------------


async def _read_body(response: httpx.Response, max_bytes: int, hold: Hold) -> bytes:
    status = response.status_code
    length = (response.headers.get("Content-Length") or "").strip()
    if length.isascii() and length.isdigit() and (len(length) > 18 or int(length) > max_bytes):
        raise _FetchError(f"too large: {length} bytes, limit {max_bytes}", status)
    try:
        return await read_decoded(
            response.aiter_raw(), response.headers.get_list("Content-Encoding"), max_bytes, hold
        )
    except DecodeError as exc:
        raise _FetchError(str(exc), status) from None


# --- addresses ----------------------------------------------------------------------------

_AnyAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address_is_public(address: _AnyAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            address = embedded
    return address.is_global and not (
        address.is_loopback
        or address.is_link_local
        or address.is_private
        or address.is_unspecified
        or address.is_multicast
        or address.is_reserved
        or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
    )


def is_public_host(host: str) -> bool:
    """Whether `host` (a name or an address) resolves only to public addresses. Blocks on DNS."""
    host = host.strip().strip("[]")
    try:
        return _address_is_public(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(_address_is_public(ipaddress.ip_address(a)) for a in addresses)


async def _public_addresses(url: httpx.URL) -> list[str | None]:
    """Addresses to connect to for `url`, all vetted public; None means "as the URL says".

    Connecting to the vetted address (not the name again) closes the DNS-rebinding gap.
    """
    shown = clean_line(url.host, 200)
    try:
        literal = ipaddress.ip_address(url.host)
    except ValueError:
        literal = None
    if literal is not None:
        if not _address_is_public(literal):
            raise _FetchError(f"refused: {shown} is a local address")
        return [None]
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            url.raw_host.decode("ascii"), port, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError):
        raise _FetchError(f"could not resolve host {shown}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        if not _address_is_public(ipaddress.ip_address(address)):
            raise _FetchError(f"refused: {shown} resolves to a local address ({address})")
    ipv4 = [a for a in addresses if ":" not in a][:1]
    ipv6 = [a for a in addresses if ":" in a][:1]
    return [*ipv4, *ipv6] or [None]


# --- Retry-After, headers, errors ---------------------------------------------------------


def parse_retry_after(value: str | None, now: datetime, maximum: float) -> float | None:
    """Seconds to wait from a Retry-After value (seconds or HTTP-date), clamped to [0, maximum].

    None for a missing or unreadable value (including negative numbers).
    """
    from email.utils import parsedate_to_datetime

    text = (value or "").strip()
    if not text:
        return None
    maximum = max(0.0, maximum)
    if text.isascii() and text.isdigit():
        return maximum if len(text) > 15 else min(float(int(text)), maximum)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return min(max((when - now).total_seconds(), 0.0), maximum)


def _header_value(value: str | None) -> str | None:
    """A validator we can send back later unchanged; anything odd is dropped."""
    return value if value is not None and _HEADER_SAFE.fullmatch(value) else None


def _status_text(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending and len(seen) < 20:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)


def _describe(exc: Exception, url: str, limits: FetchLimits) -> str:
    """A short human sentence for an exception escaping httpx (or anything else)."""
    import ssl

    import httpx

    causes = list(_causes(exc))
    message = clean_line(str(exc), 200)
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection timed out after {limits.connect_timeout:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"no data for {limits.read_timeout:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if any(isinstance(c, socket.gaierror) for c in causes):
        return f"could not resolve host {clean_line(urlsplit(url).hostname or url, 200)}"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "connection refused"
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            reason = cause.verify_message or str(cause)
            return f"TLS certificate rejected: {clean_line(reason, 200)}"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error: {clean_line(cause.reason or str(cause), 200)}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"server broke the connection: {message}"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect: {message}"
    if isinstance(exc, httpx.NetworkError):
        return f"network error: {message}"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return f"bad URL: {message}"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _web_url(text: str) -> httpx.URL:
    import httpx

    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise _FetchError(f"bad URL: {clean_line(str(exc), 200)}") from None
    if url.scheme not in ("http", "https"):
        raise _FetchError(f"unsupported URL scheme: {clean_line(url.scheme, 40) or 'none'}")
    if not url.host:
        raise _FetchError("bad URL: no host")
    return url


def _scheme(url: str) -> str:
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return "?"


# --- local files --------------------------------------------------------------------------


def fetch_local(path_or_file_url: str, max_bytes: int) -> FetchResult:
    """Read a local feed (a path, `~/…`, or a file:// URL) with the same size cap."""
    from urllib.request import url2pathname

    started = time.monotonic()
    text = path_or_file_url.strip()
    try:
        split = urlsplit(text)
        if split.scheme.lower() == "file":
            if split.netloc not in ("", "localhost"):
                host = clean_line(split.netloc, 200)
                return FetchResult(url=text, error=f"refused: file URL on another host ({host})")
            path = Path(url2pathname(split.path))
        else:
            path = Path(text).expanduser()
        path = path.absolute()
    except (ValueError, RuntimeError) as exc:  # a bad URL; ~user that does not exist
        return FetchResult(url=text, error=f"bad path: {clean_line(str(exc), 200)}")
    shown = clean_line(str(path), 1000)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or device would block or never end
            return FetchResult(url=path.as_uri(), error=f"not a regular file: {shown}")
        with path.open("rb") as handle:
            body = handle.read(max_bytes + 1)
    except FileNotFoundError:
        error = f"no such file: {shown}"
    except PermissionError:
        error = f"permission denied: {shown}"
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        error = (
            f"could not read {shown}: {clean_line(getattr(exc, 'strerror', None) or str(exc), 200)}"
        )
    else:
        if len(body) > max_bytes:
            error = f"too large: more than {max_bytes} bytes"
        else:
            return FetchResult(url=path.as_uri(), body=body, elapsed=time.monotonic() - started)
    return FetchResult(url=path.as_uri(), error=error, elapsed=time.monotonic() - started)


async def _hide_location(response: httpx.Response) -> None:
    """Take Location out of httpx's sight: even when not following, it parses the header and
    raises on an odd one (`data:…`), where we want to answer with a clear error."""
    if response.status_code in _REDIRECTS and "Location" in response.headers:
        response.extensions[_LOCATION] = response.headers["Location"]
        del response.headers["Location"]


# --- the fetcher --------------------------------------------------------------------------


class Fetcher:
    """One shared httpx client with global and per-host limits. `async with Fetcher() as f:`.

    Its `budget` (tui.budget) bounds the bytes of bodies held at once across all its fetches:
    a fetch given a `hold` keeps its body's share until the caller releases it (after parsing
    and storing); a fetch without one gives its share back as it returns.
    """

    def __init__(
        self,
        limits: FetchLimits = FetchLimits(),  # frozen, so one shared default is safe
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        from http.cookiejar import CookieJar, DefaultCookiePolicy

        import httpx

        self.limits = limits
        self.budget = MemoryBudget(limits.memory_budget or budget_for(limits.max_bytes))
        self._slots = asyncio.Semaphore(max(1, limits.concurrency))
        self._hosts: weakref.WeakValueDictionary[str, asyncio.Semaphore] = (
            weakref.WeakValueDictionary()
        )
        if transport is None:
            pool = httpx.Limits(
                max_connections=max(1, limits.concurrency),
                max_keepalive_connections=min(8, max(1, limits.concurrency)),
            )
            transport = httpx.AsyncHTTPTransport(limits=pool)
        self._client = httpx.AsyncClient(
            transport=transport,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout, pool=None),
            follow_redirects=False,
            # No cookies: a news reader has no session to keep, and a shared jar would grow.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
            event_hooks={"response": [_hide_location]},
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    def _host_slots(self, host: str) -> asyncio.Semaphore:
        slots = self._hosts.get(host)
        if slots is None:
            slots = asyncio.Semaphore(max(1, self.limits.per_host))
            self._hosts[host] = slots
        return slots

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
        allow_private: bool | None = None,
        allow_file: bool = False,
        hold: Hold | None = None,
    ) -> FetchResult:
        """GET `url` within the limits. Problems come back as `FetchResult.error`, not raised.

        With `hold`, the body's bytes stay reserved in `budget` until the caller releases it;
        a fetch that brings no body gives them back at once.
        """
        own = hold is None
        hold = self.budget.hold() if hold is None else hold
        try:
            result = await self._fetch(
                url, etag, last_modified, accept, allow_private, allow_file, hold
            )
        except BaseException:
            hold.release()
            raise
        if own or result.body is None:
            hold.release()
        return result

    async def _fetch(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        accept: str,
        allow_private: bool | None,
        allow_file: bool,
        hold: Hold,
    ) -> FetchResult:
        scheme = _scheme(url)
        if allow_file and (scheme in ("", "file") or len(scheme) == 1):  # 1: a Windows drive
            local = await asyncio.to_thread(fetch_local, url, self.limits.max_bytes)
            await hold.grow(len(local.body or b""))  # already read: counted for the others
            return local
        if scheme == "file":
            return FetchResult(url=url, error="refused: local files are not allowed here")
        headers = {"Accept": accept}
        if etag_value := _header_value(etag):
            headers["If-None-Match"] = etag_value
        if modified_value := _header_value(last_modified):
            headers["If-Modified-Since"] = modified_value
        private_ok = self.limits.allow_private if allow_private is None else allow_private
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
        at = [url]  # the URL being fetched now, kept for errors raised mid-redirect
        # Only the first host's slot is held: taking a second one mid-redirect could deadlock.
        async with self._host_slots(host), self._slots:
            started = time.monotonic()
            deadline = asyncio.timeout(self.limits.deadline)
            try:
                async with deadline:
                    result = await self._follow(at, headers, private_ok, etag, last_modified, hold)
            except TimeoutError as exc:
                error = (
                    self._timed_out(hold)
                    if deadline.expired()
                    else _describe(exc, at[0], self.limits)
                )
                result = FetchResult(url=at[0], error=error)
            except _FetchError as exc:
                result = FetchResult(url=at[0], status=exc.status, error=str(exc))
            except Exception as exc:  # one feed's surprise must not spoil the others
                result = FetchResult(url=at[0], error=_describe(exc, at[0], self.limits))
            return replace(result, elapsed=time.monotonic() - started)

    def _timed_out(self, hold: Hold) -> str:
        message = f"timed out after {self.limits.deadline:g} s"
        waited = hold.waited_for()
        if waited >= 0.5:
            megabytes = self.budget.limit / 2**20
            shown = f"{megabytes:.0f}" if megabytes >= 10 else f"{megabytes:.1f}"
            message += (
                f" ({waited:.0f} s of it waiting for memory: other feeds' bodies held the "
                f"refresh's {shown} MB)"
            )
        return message

    async def _follow(
        self,
        at: list[str],
        headers: dict[str, str],
        private_ok: bool,
        etag: str | None,
        last_modified: str | None,
        hold: Hold,
    ) -> FetchResult:
        for _ in range(self.limits.max_redirects + 1):
            target = _web_url(at[0])
            addresses: list[str | None] = [None]
            if not private_ok:
                addresses = await _public_addresses(target)
            answer = await self._request(target, addresses, headers, etag, last_modified, hold)
            if isinstance(answer, FetchResult):
                return answer
            at[0] = answer
        raise _FetchError(f"too many redirects ({self.limits.max_redirects})")

    async def _request(
        self,
        target: httpx.URL,
        addresses: list[str | None],
        headers: dict[str, str],
        etag: str | None,
        last_modified: str | None,
        hold: Hold,
    ) -> FetchResult | str:
        """One GET; a redirect comes back as the next URL."""
        import httpx

        for index, address in enumerate(addresses):
            url, pinned, extensions = target, headers, {}
            if address is not None:
                url = target.copy_with(host=address)
                pinned = {**headers, "Host": target.netloc.decode("ascii")}
                extensions = {"sni_hostname": target.raw_host.decode("ascii")}
            try:
                async with self._client.stream(
                    "GET", url, headers=pinned, extensions=extensions
                ) as response:
                    return await self._answer(str(target), response, etag, last_modified, hold)
            except httpx.ConnectError:
                if index == len(addresses) - 1:
                    raise
        raise AssertionError("unreachable")

    async def _answer(
        self,
        url: str,
        response: httpx.Response,
        etag: str | None,
        last_modified: str | None,
        hold: Hold,
    ) -> FetchResult | str:
        status = response.status_code
        if status in _REDIRECTS:
            location = str(response.extensions.get(_LOCATION) or "").strip()
            if not location:
                raise _FetchError(f"HTTP {status} redirect without a Location", status)
            try:
                following = urljoin(url, location)
                scheme = urlsplit(following).scheme.lower()
            except ValueError:
                raise _FetchError("bad redirect Location", status) from None
            if scheme not in ("http", "https"):
                raise _FetchError(f"refused redirect to a {clean_line(scheme, 40)}: URL", status)
            return following
        new_etag = _header_value(response.headers.get("ETag"))
        new_modified = _header_value(response.headers.get("Last-Modified"))
        if status == 304:
            return FetchResult(
                url=url,
                status=status,
                not_modified=True,
                etag=new_etag or etag,
                last_modified=new_modified or last_modified,
            )
        if not 200 <= status < 300:
            retry_after = None
            if status in (429, 503):
                retry_after = parse_retry_after(
                    response.headers.get("Retry-After"),
                    datetime.now(UTC),
                    self.limits.max_retry_after,
                )
            return FetchResult(
                url=url, status=status, error=_status_text(status), retry_after=retry_after
            )
        body = await _read_body(response, self.limits.max_bytes, hold)
        return FetchResult(
            url=url,
            status=status,
            body=body,
            etag=new_etag,
            last_modified=new_modified,
            content_type=clean_optional(response.headers.get("Content-Type"), 200),
        )
