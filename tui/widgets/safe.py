"""Last line of defence for text from feeds on its way to the terminal.

Text is cleaned when it is ingested (`tui.sanitize`), but a database written by another version
or edited by hand could still hold terminal controls, and Textual writes ESC, CSI, OSC and C1
bytes straight through. Every widget drawing feed text passes it here first: one `str.translate`,
and for non-ASCII text a cap on runs of combining marks (10,000 of them on one letter would be
sent to the terminal on every redraw of their row), cheap enough for every row and article.
"""

from __future__ import annotations

from tui.sanitize import limit_combining

_DROP = dict.fromkeys(
    [
        *range(0x00, 0x09),  # C0 before TAB
        *range(0x0B, 0x20),  # C0 after LF (VT, FF, CR, ESC, …)
        *range(0x7F, 0xA0),  # DEL and C1 (CSI 0x9B, OSC 0x9D, …)
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),  # bidi embeddings and overrides
        *range(0x2066, 0x206A),  # bidi isolates
    ]
)


def literal(text: str | None) -> str:
    """`text` without terminal controls, bidi overrides or runs of combining marks longer than
    a script needs; everything else kept as is."""
    return limit_combining(text.translate(_DROP)) if text else ""


def literal_line(text: str | None) -> str:
    """`literal`, on one line (newlines and tabs become spaces)."""
    return literal(text).replace("\n", " ").replace("\t", " ") if text else ""
