"""Feed parsing off the event loop: ordinary feeds in a thread, large ones in worker processes.

A worker process contains hostile input: a parse that runs past its deadline is killed (the
pool is restarted), and one that balloons hits RLIMIT_AS instead of taking the machine's memory.
But a process pool costs a forkserver start, pickling and ~40 MB per worker, and with the lxml
fast path an ordinary feed parses in a few milliseconds: measured on the 200-feed benchmark
farm, a thread was as fast as two processes in-process, and a whole `berita fetch` run was
slower with the pool. So `mode="auto"` parses bodies up to THREAD_LIMIT in a thread and
sends only larger (rare, possibly hostile) bodies to the processes.

Memory: a body sent to a worker exists there twice for a moment (the pickle received, then the
body), and parsing it costs a few times the part read (at most feedbytes.MAX_BODY_BYTES). With
a `hold` (tui.budget), that `parse_cost` is taken from the refresh's memory budget before a body
over THREAD_LIMIT is parsed and given back when the parse ends. A body is sent only when a worker
is free (no pickled bodies queue up in this process), and each worker parses one body and exits,
so what a parse took goes back to the system at once instead of staying in a worker's heap.
"auto" has one worker: large bodies are rare, and one at a time bounds what they cost.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import resource
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.pool import Pool
from typing import Literal

from tui.budget import Hold, return_large_blocks
from tui.feedbytes import MAX_BODY_BYTES
from tui.model import ParsedFeed
from tui.parse import ParseError, parse_feed

DEFAULT_TIMEOUT = 30.0
DEFAULT_MEMORY_LIMIT = 1_500_000_000
THREAD_LIMIT = 1_000_000


def parse_cost(size: int, *, in_process: bool) -> int:
    """Bytes that parsing a body of `size` bytes holds beyond the caller's copy of the body.

    The work of parsing: measured at about 2.5 times the part read (an 18 MB feed: the 8 MB
    read, its lower-cased copy, the items kept and the entries), counted as 3 times. A worker
    process also holds its own copy of the body, and for a moment the pickle it came in.
    """
    work = 3 * min(size, MAX_BODY_BYTES)
    return size + max(size, work) if in_process else work


def _limit_memory(limit: int) -> None:
    return_large_blocks()
    # A lower hard limit already, or not permitted: keep what there is.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _parse_job(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    try:
        return parse_feed(body, url, content_type)
    except MemoryError:
        raise ParseError("out of memory while parsing (the feed is too large)") from None
    except RecursionError:
        raise ParseError("the feed nests too deeply to parse") from None
    except ParseError:
        raise
    except Exception as error:  # a parser bug on one odd feed is that feed's problem only
        raise ParseError(f"parser failed: {type(error).__name__}: {error}") from None


class ParsePool:
    """`await pool.parse(body, url, content_type)`; mode "auto", "thread" or "process"."""

    def __init__(
        self,
        *,
        mode: Literal["auto", "process", "thread"] = "auto",
        workers: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        self.mode = mode
        self.workers = workers or (1 if mode == "auto" else max(1, min(2, os.cpu_count() or 1)))
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._pool: Pool | None = None
        self._pending: set[asyncio.Future[ParsedFeed]] = set()
        self._threads: ThreadPoolExecutor | None = None
        self._free_workers = asyncio.Semaphore(self.workers)

    def _process_pool(self) -> Pool:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["tui.parse"])
            self._pool = context.Pool(
                self.workers,
                initializer=_limit_memory,
                initargs=(self.memory_limit,),
                maxtasksperchild=1,  # a worker's heap after a big parse goes back to the system
            )
        return self._pool

    async def parse(
        self,
        body: bytes,
        url: str,
        content_type: str | None = None,
        *,
        hold: Hold | None = None,
    ) -> ParsedFeed:
        """The parsed feed; a large body reserves its parse's cost in `hold` meanwhile."""
        in_thread = self.mode == "thread" or (self.mode == "auto" and len(body) <= THREAD_LIMIT)
        cost = 0
        if hold is not None and len(body) > THREAD_LIMIT:  # smaller ones: a few MB, one at a time
            cost = parse_cost(len(body), in_process=not in_thread)
            await hold.grow(cost)
        try:
            if in_thread:
                if self._threads is None:
                    self._threads = ThreadPoolExecutor(1, thread_name_prefix="berita-parse")
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(
                    self._threads, _parse_job, body, url, content_type
                )
            async with self._free_workers:
                return await self._parse_in_process(body, url, content_type)
        finally:
            if hold is not None:
                hold.shrink(cost)

    async def _parse_in_process(
        self, body: bytes, url: str, content_type: str | None
    ) -> ParsedFeed:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[ParsedFeed] = loop.create_future()

        def settle(value: ParsedFeed) -> None:
            loop.call_soon_threadsafe(_resolve, future, value, None)

        def fail(error: BaseException) -> None:
            loop.call_soon_threadsafe(_resolve, future, None, error)

        self._process_pool().apply_async(
            _parse_job, (body, url, content_type), callback=settle, error_callback=fail
        )
        self._pending.add(future)
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except TimeoutError:
            future.cancel()
            self._restart(f"parsing stopped after {self.timeout:g} s")
            raise ParseError(f"parsing took longer than {self.timeout:g} s; stopped") from None
        finally:
            self._pending.discard(future)

    def _restart(self, reason: str) -> None:
        """Kill the workers (one is stuck) and fail every parse that was running with them."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None
        for future in list(self._pending):
            if not future.done():
                future.set_exception(ParseError(f"interrupted: {reason} for another feed"))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
            self._threads = None


def _resolve(
    future: asyncio.Future[ParsedFeed], value: ParsedFeed | None, error: BaseException | None
) -> None:
    if future.done():
        return
    if error is not None:
        if not isinstance(error, ParseError):
            error = ParseError(f"parser failed: {type(error).__name__}: {error}")
        future.set_exception(error)
    else:
        future.set_result(value)  # type: ignore[arg-type]
