"""A memory budget shared by every download and parse of one refresh.

Each body is capped (`FetchLimits.max_bytes`), but sixteen capped bodies at once, each then
parsed, held most of a gigabyte: 12 gzip bombs, 12 endless bodies and 8 × 18 MB feeds served
at once took `berita fetch` to 851 MB (its process tree; 678 MB in the main process). So the
bytes a refresh holds are counted across all of them: a download takes from the budget as its
decoded body grows and waits while the budget is spent; a large body's parse takes what its
copies and its work cost; a feed's hold is released once the feed is stored (or has failed),
and waiting downloads go on in arrival order.

No deadlock: downloads that each hold part of the budget would wait for each other forever, so
the first that has to wait becomes the *overdraft*: it alone may go past the limit, until its
hold is released, while the others wait. A body larger than the whole budget goes through that
way too, alone; none is refused for its size (max_bytes does that). The bound is therefore the
limit plus one feed's hold: its body (at most max_bytes) and, while it is parsed in a worker,
`parsepool.parse_cost` of it. Pure asyncio, one event loop; no I/O.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections import deque

__all__ = [
    "BUDGET_CAP",
    "BUDGET_FLOOR",
    "Hold",
    "MemoryBudget",
    "budget_for",
    "return_large_blocks",
]

MIB = 1 << 20
# The cap is measured: with 32 MB the scenario above peaks at 214–224 MB for the whole tree,
# with 48 MB at 227–241 MB, of which ~120 MB are not bodies at all (the interpreter and its
# modules, the forkserver, a parse worker, the resource tracker).
BUDGET_CAP = 32 * MIB
BUDGET_FLOOR = 8 * MIB


_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
_LARGE_BLOCK = 128 * 1024  # glibc's own default threshold


def return_large_blocks() -> None:
    """Have glibc's malloc keep giving blocks of 128 KiB and more their own mappings.

    By default glibc raises that threshold to the size of each large block freed (up to
    32 MiB), after which bodies of a few MB come from the heap, and once freed stay resident
    in its holes: measured in the scenario above, 75 MB more resident in the main process and
    20 MB more in a parse worker. Setting the threshold turns the raising off,
    so a freed body goes back to the system. A no-op elsewhere than glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_MMAP_THRESHOLD, _LARGE_BLOCK)


def budget_for(max_bytes: int) -> int:
    """The budget for bodies of at most `max_bytes`: room for two, within [8 MB, 32 MB].

    Ordinary feeds (tens to hundreds of KB) never wait for it; what waits is a refresh full
    of bodies near the cap, which is what it is for.
    """
    return max(BUDGET_FLOOR, min(BUDGET_CAP, 2 * max(0, max_bytes)))


class MemoryBudget:
    """`hold = budget.hold()`; `await hold.grow(n)` as bytes arrive; `hold.release()` when done."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.used = 0
        self.peak = 0  # the most ever held at once (for tests and measurements)
        self.overdrafts = 0  # how many holds went past the limit
        self._waiting: deque[tuple[Hold, int, asyncio.Future[None]]] = deque()
        self._overdraft: Hold | None = None

    def hold(self) -> Hold:
        return Hold(self)

    @property
    def waiting(self) -> int:
        """How many grows are waiting now."""
        return sum(1 for _, _, future in self._waiting if not future.done())

    @property
    def overdraft(self) -> Hold | None:
        """The one hold allowed past the limit now, if any."""
        return self._overdraft

    def _fits(self, hold: Hold, amount: int) -> bool:
        return hold is self._overdraft or self.used + amount <= self.limit

    def _take(self, hold: Hold, amount: int) -> None:
        hold.held += amount
        self.used += amount
        self.peak = max(self.peak, self.used)

    async def _grow(self, hold: Hold, amount: int) -> None:
        if hold is self._overdraft or (not self._waiting and self.used + amount <= self.limit):
            self._take(hold, amount)  # the fast path: no await, no future
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((hold, amount, future))
        self._grant()
        if future.done():
            return
        started = time.monotonic()
        hold.waiting_since = started
        try:
            await future
        except asyncio.CancelledError:
            # Granted and then cancelled before it ran: the bytes are in `held`, released later.
            self._grant()  # a cancelled head no longer holds up those behind it
            raise
        finally:
            hold.waited += time.monotonic() - started
            hold.waiting_since = None

    def _grant(self) -> None:
        while self._waiting:
            hold, amount, future = self._waiting[0]
            if future.done():  # cancelled while waiting
                self._waiting.popleft()
                continue
            if not self._fits(hold, amount):
                if self._overdraft is not None:
                    return
                self._overdraft = hold
                self.overdrafts += 1
            self._waiting.popleft()
            self._take(hold, amount)
            future.set_result(None)

    def _shrink(self, hold: Hold, amount: int) -> None:
        amount = min(max(0, amount), hold.held)
        hold.held -= amount
        self.used -= amount
        if hold.held == 0 and hold is self._overdraft:
            self._overdraft = None
        self._grant()


class Hold:
    """One feed's share of a MemoryBudget; `async with budget.hold() as hold:` releases it."""

    __slots__ = ("_budget", "held", "waited", "waiting_since")

    def __init__(self, budget: MemoryBudget) -> None:
        self._budget = budget
        self.held = 0
        self.waited = 0.0  # seconds spent waiting for the budget, all grows together
        self.waiting_since: float | None = None  # set while a grow waits

    async def grow(self, amount: int) -> None:
        """Take `amount` more bytes, waiting (in arrival order) while the budget is spent."""
        if amount > 0:
            await self._budget._grow(self, amount)

    def shrink(self, amount: int) -> None:
        """Give back `amount` bytes (at most what is held)."""
        if amount > 0 and self.held:
            self._budget._shrink(self, amount)

    def release(self) -> None:
        """Give back everything held; the hold can be used again."""
        if self.held:
            self._budget._shrink(self, self.held)

    def waited_for(self) -> float:
        """Seconds spent waiting so far, a grow that is waiting now included."""
        now = time.monotonic()
        return self.waited + (now - self.waiting_since if self.waiting_since is not None else 0.0)

    async def __aenter__(self) -> Hold:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release()
