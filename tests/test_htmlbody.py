from __future__ import annotations

import re

from tui.htmlbody import Block, Body, Span, body_to_text, first_image, html_to_body, html_to_text

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def kinds(body: Body) -> list[tuple[str, str]]:
    return [(block.kind, "".join(span.text for span in block.spans)) for block in body.blocks]


def test_paragraphs_headings_quotes_and_rules() -> None:
    body = html_to_body(
        "<h2>Judul Besar</h2><p>Paragraf satu.</p><p>Paragraf dua.</p>"
        "<blockquote><p>Kutipan tokoh.</p></blockquote><hr><pre>  a\n   b</pre>"
    )
    assert kinds(body) == [
        ("h", "Judul Besar"),
        ("p", "Paragraf satu."),
        ("p", "Paragraf dua."),
        ("quote", "Kutipan tokoh."),
        ("hr", ""),
        ("pre", "  a\n   b"),
    ]
    assert body.blocks[0].level == 2


def test_lists_nest_and_ordered_items_are_numbered() -> None:
    body = html_to_body(
        "<ul><li>satu<li>dua<ul><li>dalam</li></ul></li></ul>"
        '<ol start="3"><li>tiga</li><li>empat</li><li value="9">sembilan</li></ol>'
    )
    items = [(b.kind, b.level, b.ordinal, b.spans[0].text) for b in body.blocks]
    assert items == [
        ("li", 1, None, "satu"),
        ("li", 1, None, "dua"),
        ("li", 2, None, "dalam"),
        ("li", 1, 3, "tiga"),
        ("li", 1, 4, "empat"),
        ("li", 1, 9, "sembilan"),
    ]


def test_emphasis_becomes_styled_spans() -> None:
    (block,) = html_to_body(
        "<p>biasa <b>tebal</b> <em>miring</em> <strong><i>dua</i></strong></p>"
    ).blocks
    assert block.spans == (
        Span("biasa "),
        Span("tebal", bold=True),
        Span(" "),
        Span("miring", italic=True),
        Span(" "),
        Span("dua", bold=True, italic=True),
    )


def test_links_are_numbered_once_per_url_and_resolved() -> None:
    body = html_to_body(
        '<p><a href="/a">satu</a> <a href="https://x.example/b">dua</a> '
        '<a href="http://site.example/a">lagi satu</a> <a href="javascript:alert(1)">js</a> '
        '<a href="mailto:r@x.example">surat</a> <a href="/img"><img src="x.jpg"></a></p>',
        base_url="http://site.example/berita/1",
    )
    assert body.links == ("http://site.example/a", "https://x.example/b")
    linked = [(span.text, span.link) for span in body.blocks[0].spans if span.link]
    assert linked == [("satu", 1), ("dua", 2), ("lagi satu", 1)]
    text = body_to_text(body)
    assert text == "satu[1] dua[2] lagi satu[1] js surat"


def test_whitespace_collapses_like_a_browser() -> None:
    body = html_to_body("<p>\n   Banyak \t\n  spasi&nbsp;&nbsp; di  <b> sini </b>  .  </p>")
    assert "".join(span.text for span in body.blocks[0].spans) == "Banyak spasi di sini ."


def test_br_breaks_a_line_and_two_break_a_paragraph() -> None:
    body = html_to_body("baris satu<br>baris dua<br><br>paragraf baru<br/>")
    assert kinds(body) == [("p", "baris satu\nbaris dua"), ("p", "paragraf baru")]


def test_invisible_and_active_elements_are_dropped() -> None:
    html = (
        "<head><title>judul halaman</title><style>p{}</style></head>"
        "<p>terlihat</p><script>alert('x')</script><noscript>aktifkan js</noscript>"
        "<iframe src='x'>bingkai</iframe><form><input value='v'>formulir</form>"
        "<svg><text>gambar</text></svg><template>templat</template>"
        "<object>objek</object><p>juga terlihat</p>"
    )
    assert html_to_text(html) == "terlihat\n\njuga terlihat"


def test_images_are_dropped_but_a_figcaption_stays() -> None:
    html = (
        '<p>awal <img src="a.jpg" alt="alt teks"> akhir</p>'
        '<figure><img src="b.jpg" alt="Presiden">'
        "<figcaption>Presiden di Jakarta.</figcaption></figure>"
    )
    assert kinds(html_to_body(html)) == [("p", "awal akhir"), ("p", "Presiden di Jakarta.")]


def test_entities_that_decode_to_controls_are_removed() -> None:
    html = "<p>a&#27;[31mb &#x1b;]52;c;eA==&#7; c&#155;d \x1b[2J e\x9b</p><a href='http://x.example/&#27;'>t</a>"
    text = html_to_text(html)
    assert not CONTROLS.search(text)
    assert "a[31mb" in text
    body = html_to_body(html)
    assert all(not CONTROLS.search(url) for url in body.links)


def test_markup_like_text_is_kept_literally() -> None:
    assert html_to_text("<p>[@click=app.quit]x[/] &lt;b&gt;</p>") == "[@click=app.quit]x[/] <b>"


def test_broken_html_still_reads() -> None:
    html = "<div><p>satu<p>dua</b></span><ul><li>tiga<li>empat</div></i>lima<p"
    assert kinds(html_to_body(html)) == [
        ("p", "satu"),
        ("p", "dua"),
        ("li", "tiga"),
        ("li", "empat"),
        ("p", "lima"),
    ]


def test_base_element_changes_where_links_resolve() -> None:
    body = html_to_body(
        '<base href="http://other.example/dir/"><a href="x">t</a>', "http://a.example/"
    )
    assert body.links == ("http://other.example/dir/x",)


def test_table_cells_are_spaced() -> None:
    assert (
        html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>")
        == "a b\n\nc"
    )


def test_body_to_text_layout() -> None:
    body = Body(
        blocks=(
            Block("h", (Span("Judul"),), level=1),
            Block("p", (Span("Teks "), Span("tautan", link=1), Span(" lagi", link=1))),
            Block("li", (Span("satu"),), level=1),
            Block("li", (Span("dua\nbaris"),), level=2),
            Block("li", (Span("tiga"),), level=1, ordinal=3),
            Block("quote", (Span("kutip\nlagi"),), level=1),
            Block("hr", ()),
        ),
        links=("http://x.example/",),
    )
    assert body_to_text(body) == (
        "Judul\n\nTeks tautan lagi[1]\n\n• satu\n  • dua\n    baris\n3. tiga\n\n"
        "> kutip\n> lagi\n\n———"
    )
    assert "[1]" not in body_to_text(body, link_refs=False)


def test_deep_nesting_does_not_recurse() -> None:
    depth = 200_000
    body = html_to_body("<div>" * depth + "dalam <b>sekali</b>" + "</div>" * depth)
    assert kinds(body) == [("p", "dalam sekali")]
    items = html_to_body("<ul>" + "<div>" * 20_000 + "<li>x" * 20_000)
    assert len(items.blocks) == 20_000 and {block.kind for block in items.blocks} == {"li"}
    lists = html_to_body("<ul><li>" * 5_000 + "x")
    assert lists.blocks[-1].level <= 8
    assert body_to_text(lists).strip() == "• x"


def test_first_image_skips_beacons_and_unsafe_urls() -> None:
    html = (
        '<img src="http://t.example/p.gif" width="1" height="1">'
        '<img src="data:image/png;base64,AAAA"><img src="/pixel.gif" height="2px">'
        '<img src="/foto/a.jpg" alt="Foto &#27;utama">'
    )
    assert first_image(html, "http://site.example/berita/") == (
        "http://site.example/foto/a.jpg",
        "Foto utama",
    )
    assert first_image("<p>tanpa gambar</p>") is None
