"""The command palette's berita commands: every action of the reader, by its described name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

CommandEntry = tuple[str, str, Callable[[], object]]


class BeritaCommands(Provider):
    """Lists what the current screen offers through `palette_commands()`, if anything."""

    def _commands(self) -> Iterator[CommandEntry]:
        commands = getattr(self.screen, "palette_commands", None)
        if commands is not None:
            yield from commands()

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(callback), help=help_text)
