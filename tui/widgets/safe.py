"""Last line of defence for text from feeds on its way to the terminal.

Text is cleaned when it is ingested (`tui.sanitize`), but a database written by another version
or edited by hand could still hold terminal controls, and Textual writes ESC, CSI, OSC and C1
bytes straight through. Every widget drawing feed text passes it here first: one `str.translate`,
cheap enough for every row and every article.
"""

from __future__ import annotations

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
    """`text` without terminal controls or bidi overrides; everything else kept as is."""
    return text.translate(_DROP) if text else ""


def literal_line(text: str | None) -> str:
    """`literal`, on one line (newlines and tabs become spaces)."""
    return literal(text).replace("\n", " ").replace("\t", " ") if text else ""
