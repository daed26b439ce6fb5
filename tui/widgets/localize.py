"""Key binding descriptions in the reader's language.

Textual reads `BINDINGS` per class, so a language gets its own thin subclass of each widget or
screen whose bindings are the same keys, actions and ids with translated descriptions. CSS
selectors keep matching: the subclass has the same name and inherits the DEFAULT_CSS.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TypeVar

from textual.binding import Binding
from textual.dom import DOMNode

from tui.widgets.strings import binding_text

NodeType = TypeVar("NodeType", bound=DOMNode)


def translate_bindings(bindings: list, language: str) -> list[Binding]:
    translated: list[Binding] = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.id:
            text = binding_text(binding.id, language, binding.description)
            binding = replace(binding, description=text)
        translated.append(binding)
    return translated


@cache
def localized(cls: type[NodeType], language: str) -> type[NodeType]:
    """`cls` with its own bindings described in `language`."""
    own = cls.__dict__.get("BINDINGS", [])
    namespace = {
        "BINDINGS": translate_bindings(list(own), language),
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
    }
    return type(cls.__name__, (cls,), namespace)
