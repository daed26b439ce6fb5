"""Article pages → text, credits, view count, lead photo (tui.extract, tui.page_credits).

The pages under tests/data/pages/ are written after real Indonesian portals: a WordPress news
theme, an Antara-like page with JSON-LD, a page with only meta tags (windows-1252), and a
Kompas/Detik-like page with labels in spans.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import lxml.html
import pytest

from tests.support.server import FeedServer
from tui.extract import TEXT_LIMIT, PageExtract, extract_page, is_summary_only, parse_view_count
from tui.model import Credits, Image
from tui.page_credits import is_credit_line, read_credits

PAGES = Path(__file__).parent / "data" / "pages"
WIB = timezone(timedelta(hours=7))
URL = "https://portal.example/berita/2024/03/12/judul/"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def paragraphs(result: PageExtract) -> list[str]:
    assert result.text is not None, result.error
    return result.text.split("\n\n")


# ---------------------------------------------------------------- the four pages


def test_wordpress_theme_page() -> None:
    url = "https://beritakota.example/2024/03/12/banjir-rendam-tiga-desa-di-bojonegoro/"
    result = extract_page(page("wordpress_beritakota.html"), url, "text/html; charset=UTF-8")

    assert result.error is None
    story = paragraphs(result)
    assert len(story) == 6
    assert story[0].startswith("BOJONEGORO – Banjir akibat luapan Sungai Bengawan Solo")
    assert story[-1].startswith("Menurut dia, hujan deras di wilayah hulu")
    assert all("\n" not in paragraph for paragraph in story)
    text = result.text or ""
    for cruft in (
        "Baca juga",
        "Baca Juga",
        "Jembatan Penghubung",  # the "Baca juga" link
        "ADVERTISEMENT",
        "adsbygoogle",
        "Bagikan ini",
        "WhatsApp",
        "Berita Terkait",
        "Tanggul Kali Kening",  # related posts
        "Harga Cabai Rawit",  # sidebar
        "Tinggalkan Balasan",  # comments
        "hak cipta",  # footer
        "Beranda",  # navigation
        "Reporter:",
        "dibaca",
    ):
        assert cruft not in text, cruft

    assert result.credits == Credits(
        reporter="Ahmad Suryadi",
        editor="Dewi Lestari",
        publisher="Rizal Fahmi",
        photographer="Asmadi",
    )
    assert result.view_count == 64  # not the sidebar's 5.120, not the script's 99999
    assert result.image == Image(
        url="https://beritakota.example/wp-content/uploads/2024/03/banjir-bojonegoro.jpg",
        caption="Bupati meninjau lokasi banjir.",
        credit="Asmadi/BeritaKota",
    )
    assert result.title == "Banjir Rendam Tiga Desa di Bojonegoro, Bupati Tinjau Lokasi"
    assert result.published == datetime(2024, 3, 12, 8, 15, tzinfo=WIB)


ANTARA_URL = "https://www.antaranews.example/berita/4001234/pemprov-dki-siagakan-600-pompa"
ANTARA_CREDIT_BLOCK = (
    '<p class="text-muted mt-3 small">Pewarta: Siti Nurhaliza Putri<br>Editor: Budi Suyanto<br>'
    "Copyright © ANTARA 2024</p>"
)


def test_json_ld_news_article_page() -> None:
    result = extract_page(page("jsonld_antara.html"), ANTARA_URL, "text/html")

    story = paragraphs(result)
    assert story[0].startswith("Jakarta (ANTARA) - Pemerintah Provinsi (Pemprov) DKI Jakarta")
    assert story[-1].startswith("Pemprov DKI juga meminta warga melaporkan genangan")
    assert len(story) == 5
    for cruft in (
        "Baca juga",
        "BMKG prakirakan",
        "Pewarta",
        "Copyright",
        "Harga beras",
        "Dilarang",
    ):
        assert cruft not in (result.text or ""), cruft
    assert result.credits == Credits(
        reporter="Siti Nurhaliza Putri",
        editor="Budi Suyanto",
        publisher="ANTARA News",  # JSON-LD's publisher (an @id reference) beats og:site_name
        photographer="Asprilla Dwi Adha",
    )
    assert result.view_count == 1284
    assert result.image == Image(
        url="https://img.antaranews.example/cache/1200x800/2024/03/04/pompa-banjir.jpg",
        caption="Petugas memeriksa pompa stasioner di Rumah Pompa Pluit, Jakarta Utara, "
        "Senin (4/3/2024).",
        credit="ANTARA FOTO/Asprilla Dwi Adha/rwa",
    )
    assert result.title == "Pemprov DKI siagakan 600 pompa antisipasi banjir"
    assert result.published == datetime(2024, 3, 4, 14, 22, 10, tzinfo=WIB)


def test_json_ld_alone_gives_credits_and_views() -> None:
    html = page("jsonld_antara.html").decode()
    assert ANTARA_CREDIT_BLOCK in html and "Telah dibaca 1.284 kali" in html
    html = html.replace(ANTARA_CREDIT_BLOCK, "").replace("Telah dibaca 1.284 kali", "")
    result = extract_page(html, ANTARA_URL)
    assert result.credits.reporter == "Siti Nurhaliza Putri"
    assert result.credits.editor == "Budi Suyanto"
    assert result.view_count == 1284


def test_labelled_credits_beat_json_ld() -> None:
    html = page("jsonld_antara.html").decode()
    html = html.replace("Pewarta: Siti Nurhaliza Putri", "Pewarta: Andi Firmansyah")
    assert extract_page(html, ANTARA_URL).credits.reporter == "Andi Firmansyah"


def test_meta_tags_only_page_served_in_windows_1252(server: FeedServer) -> None:
    body = page("meta_only_priangan.html")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")  # the page really is windows-1252, declared only in a <meta>
    url = server.route("/bandung/harga-cabai", body=body, headers={"Content-Type": "text/html"})
    response = httpx.get(url)
    result = extract_page(response.content, str(response.url), response.headers["content-type"])

    story = paragraphs(result)
    assert len(story) == 4
    assert story[1].startswith("“Minggu lalu masih mahal karena hujan terus")
    assert "Macet di Pasteur" not in (result.text or "")
    assert "© 2024" not in (result.text or "")
    # article:author is a profile URL, so the author meta tag names the reporter
    assert result.credits == Credits(reporter="Siti Rahmawati", publisher="Kabar Priangan")
    assert result.view_count is None
    assert result.image == Image(
        # og:image is scheme-relative: it takes the page's scheme (http on the test server)
        url="http://cdn.kabarpriangan.example/uploads/2024/03/pasar-kosambi.jpg",
        caption="Pedagang cabai melayani pembeli di Pasar Kosambi, Bandung, Rabu (6/3/2024).",
        credit="Dok. Kabar Priangan",  # a file photo: no photographer
    )
    assert result.published == datetime(2024, 3, 6, 10, 30, tzinfo=WIB)


def test_kompas_like_page_with_labels_in_spans() -> None:
    result = extract_page(
        page("kompas_like.html"), "https://www.kompas.example/edu/read/2024/06/05/"
    )

    story = paragraphs(result)
    assert story[0].startswith("KOMPAS.com - Calon mahasiswa yang dinyatakan lolos seleksi")
    assert len(story) == 5
    for cruft in ("SCROLL TO CONTINUE", "ADVERTISEMENT", "Baca juga", "Kuota KIP", "WhatsApp"):
        assert cruft not in (result.text or ""), cruft
    assert result.credits == Credits(
        reporter="Nur Rohmi Aida",
        editor="Inggried Dwi Wedhaswary",
        publisher="KOMPAS.com",
        photographer="Fahroni",
    )
    assert result.view_count == 1234  # the article's counter, not the sidebar's 88.412
    assert result.image is not None
    assert result.image.caption == "Ilustrasi mahasiswa penerima KIP Kuliah."
    assert result.image.credit == "SHUTTERSTOCK/Fahroni"
    assert result.published == datetime(2024, 6, 5, 10, 12, tzinfo=WIB)


# ---------------------------------------------------------------- small pages

STORY = (
    "<p>Pemerintah kabupaten mulai memperbaiki jalan penghubung antarkecamatan yang rusak akibat "
    "banjir pekan lalu. Perbaikan ditargetkan selesai sebelum musim mudik tiba.</p>"
    "<p>Kepala dinas pekerjaan umum menyebutkan anggaran perbaikan berasal dari dana tanggap "
    "darurat. Pengerjaan dilakukan bertahap agar lalu lintas warga tidak terputus.</p>"
    "<p>Warga berharap perbaikan kali ini lebih tahan lama karena jalan tersebut menjadi akses "
    "utama menuju pasar dan sekolah di wilayah selatan kabupaten.</p>"
)


def small_page(extra: str = "", head: str = "", story: str = STORY) -> str:
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Jalan Diperbaiki'
        f"</title>{head}</head><body><article><h1>Jalan Rusak Mulai Diperbaiki</h1>"
        f'<div class="entry-content">{story}{extra}</div></article></body></html>'
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Editor : Dewi Lestari", Credits(editor="Dewi Lestari")),
        (
            "Penulis: Budi Santoso | Editor: Rina Wulandari",
            Credits(reporter="Budi Santoso", editor="Rina Wulandari"),
        ),
        ("Pewarta: Asep Firmansyah", Credits(reporter="Asep Firmansyah")),
        ("Redaktur: Joko Susilo", Credits(editor="Joko Susilo")),
        ("Penerbit: Rizal Fahmi", Credits(publisher="Rizal Fahmi")),
        ("Kontributor: Slamet Riyadi", Credits(reporter="Slamet Riyadi")),
        ("Fotografer: Rudi Hartono", Credits(photographer="Rudi Hartono")),
        ("Foto: ANTARA/Asmadi", Credits(photographer="Asmadi")),
        ("Penulis: Rahel Narda - detikNews", Credits(reporter="Rahel Narda")),
        ("Editor: saya tidak tahu soal anggaran itu, katanya.", Credits()),  # prose, not a name
    ],
)
def test_labelled_credit_lines(line: str, expected: Credits) -> None:
    result = extract_page(small_page(f"<p>{line}</p>"), URL)
    assert result.credits == expected
    # credit lines leave the story; prose stays
    assert (line in (result.text or "")) is (expected == Credits())


def test_a_sidebar_class_on_the_wrappers_does_not_hide_the_story() -> None:
    html = small_page("<p>Editor: Dewi Lestari</p>").replace(
        "<body>", '<body class="single right-sidebar"><div class="content-sidebar-wrap">'
    )
    result = extract_page(html, URL)
    assert len(paragraphs(result)) == 3
    assert result.credits.editor == "Dewi Lestari"


@pytest.mark.parametrize(
    ("caption", "text", "credit", "photographer"),
    [
        (
            "Bupati meninjau lokasi banjir. (Foto: Asmadi/BeritaKota)",
            "Bupati meninjau lokasi banjir.",
            "Asmadi/BeritaKota",
            "Asmadi",
        ),
        ("Warga mengungsi. Foto: ANTARA/Asmadi", "Warga mengungsi.", "ANTARA/Asmadi", "Asmadi"),
        (
            "Petugas memeriksa pompa. ANTARA FOTO/Asprilla Dwi Adha/rwa.",
            "Petugas memeriksa pompa.",
            "ANTARA FOTO/Asprilla Dwi Adha/rwa",
            "Asprilla Dwi Adha",
        ),
        (
            "Jembatan ambrol (KOMPAS.com/Dian Reinis)",
            "Jembatan ambrol",
            "KOMPAS.com/Dian Reinis",
            "Dian Reinis",
        ),
        (
            "Presiden di Istana (REUTERS/Willy Kurniawan)",
            "Presiden di Istana",
            "REUTERS/Willy Kurniawan",
            "Willy Kurniawan",
        ),
        ("Lokasi longsor di Garut. (Foto: Istimewa)", "Lokasi longsor di Garut.", "Istimewa", None),
        ("Suasana pasar pagi ini.", "Suasana pasar pagi ini.", None, None),
    ],
)
def test_caption_credit_split(
    caption: str, text: str, credit: str | None, photographer: str | None
) -> None:
    figure = (
        f'<figure class="wp-caption"><img src="/uploads/jalan-rusak-800x450.jpg">'
        f"<figcaption>{caption}</figcaption></figure>"
    )
    head = '<meta property="og:image" content="/uploads/jalan-rusak.jpg">'
    result = extract_page(small_page(head=head, story=figure + STORY), URL)
    assert result.image == Image("https://portal.example/uploads/jalan-rusak.jpg", text, credit)
    assert result.credits.photographer == photographer


def test_first_figure_is_the_lead_image_without_og_image() -> None:
    lazy = '<img data-src="//cdn.portal.example/a.jpg" src="data:image/gif;base64,R0">'
    figure = f"<figure>{lazy}</figure>"
    result = extract_page(small_page(story=figure + STORY), URL)
    assert result.image == Image("https://cdn.portal.example/a.jpg")


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_shapes() -> None:
    article = {
        "@context": "https://schema.org",
        "@type": ["ReportageNewsArticle"],
        "author": [{"@type": "Person", "name": "Ahmad Suryadi"}, "Dewi Lestari", {"name": 5}],
        "editor": "Rina Wulandari",
        "publisher": {"@type": "Organization", "name": "Kabar Jatim"},
        "image": [
            {"@type": "ImageObject", "contentUrl": "/img/jalan.jpg", "caption": "Jalan rusak."}
        ],
        "datePublished": "2024-03-12T08:15:00+0700",
        "interactionStatistic": [
            {"interactionType": "https://schema.org/CommentAction", "userInteractionCount": 3},
            {"interactionType": "https://schema.org/ReadAction", "userInteractionCount": "1.234"},
        ],
    }
    head = '<script type="application/ld+json">{not json</script>' + json_ld([article])
    result = extract_page(small_page(head=head), URL)
    assert result.credits == Credits(
        reporter="Ahmad Suryadi, Dewi Lestari", editor="Rina Wulandari", publisher="Kabar Jatim"
    )
    assert result.view_count == 1234
    assert result.image == Image("https://portal.example/img/jalan.jpg", "Jalan rusak.")
    assert result.published == datetime(2024, 3, 12, 8, 15, tzinfo=WIB)


@pytest.mark.parametrize(
    ("count", "expected"),
    [(2_500, 2_500), ("2,5 rb", 2_500), (-5, 77), (10**12, 77), (True, 77), (1.5, 77)],
)
def test_json_ld_count_else_the_page_counter(count: object, expected: int) -> None:
    stat = {"interactionType": "ViewAction", "userInteractionCount": count}
    head = json_ld({"@type": "NewsArticle", "interactionStatistic": stat})
    assert extract_page(small_page("<p>Dibaca 77 kali</p>", head=head), URL).view_count == expected


def test_published_from_meta_or_time_element() -> None:
    # a date without a zone is read as WIB, as feed dates are (tui.dates)
    head = '<meta property="article:published_time" content="2024-03-12 08:15:00">'
    assert extract_page(small_page(head=head), URL).published == datetime(
        2024, 3, 12, 8, 15, tzinfo=WIB
    )
    story = '<time datetime="2024-03-12T01:15:00Z">12 Maret</time>' + STORY
    published = extract_page(small_page(story=story), URL).published
    assert published == datetime(2024, 3, 12, 8, 15, tzinfo=WIB)
    assert published is not None and published.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("byline", "reporter"),
    [
        (
            '<div class="post-byline">Oleh <a rel="author" href="/u/b">Budi Santoso</a></div>',
            "Budi Santoso",
        ),
        (
            '<div class="detail__author">Rahel Narda Chaterine - detikNews</div>',
            "Rahel Narda Chaterine",
        ),
        ('<span itemprop="author">Siti Rahmawati</span>', "Siti Rahmawati"),
    ],
)
def test_byline_is_the_last_resort_for_the_reporter(byline: str, reporter: str) -> None:
    result = extract_page(small_page(story=byline + STORY), URL)
    assert result.credits.reporter == reporter
    head = '<meta name="author" content="Andi Wijaya">'
    assert extract_page(small_page(head=head, story=byline + STORY), URL).credits.reporter == (
        "Andi Wijaya"
    )


def test_paragraph_cluster_when_the_tree_is_too_big_for_trafilatura() -> None:
    filler = "<div>" + "<span>x</span>" * 16_000 + "</div>"
    result = extract_page(small_page(story=STORY + "<p>Baca juga: Jalan lain</p>" + filler), URL)
    story = paragraphs(result)
    assert len(story) == 3
    assert story[0].startswith("Pemerintah kabupaten mulai memperbaiki jalan")


# ---------------------------------------------------------------- counters and teasers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Artikel ini telah dibaca 64 kali", 64),
        ("Telah dibaca 1.284 kali", 1284),
        ("Dibaca 1.234 kali", 1234),
        ("1,234 views", 1234),
        ("Dilihat: 5.123", 5123),
        ("Dilihat 2.5K kali", 2500),
        ("2,5 rb", 2500),
        ("1,2 juta kali dibaca", 1_200_000),
        ("12.345.678 views", 12_345_678),
        ("Dibaca sebanyak 3 kali", 3),
        ("read 1,234 times", 1234),
        ("1.234", 1234),
        ("64", 64),
        ("Dibaca 2 menit", None),  # reading time, not a count
        ("2.5 views", None),
        ("dibaca 99999999999999999999 kali", None),
        ("nonsense", None),
        ("", None),
    ],
)
def test_parse_view_count(text: str, expected: int | None) -> None:
    assert parse_view_count(text) == expected


FULL = "Kalimat berita yang cukup panjang untuk isi artikel lengkap. " * 10


@pytest.mark.parametrize(
    ("summary", "content", "expected"),
    [
        ("Pendek saja.", "", True),
        ("", FULL, False),
        (FULL, "", False),
        ("Teaser.", FULL, False),
        ("", FULL + "dan seterusnya…", True),
        ("", FULL + "lalu ...", True),
        ("", FULL + "lalu [...]", True),
        ("", FULL + "lalu […]", True),
        ("", FULL + "Baca selengkapnya", True),
        ("", FULL + "Selengkapnya.", True),
        ("", FULL + "Read more »", True),
        ("", FULL + "dst […]\nThe post Judul appeared first on BeritaKota.", True),
    ],
)
def test_is_summary_only(summary: str, content: str, expected: bool) -> None:
    assert is_summary_only(summary, content) is expected


# ---------------------------------------------------------------- hostile pages


@pytest.mark.parametrize(
    "content_type", ["image/png", "application/pdf", "application/octet-stream"]
)
def test_non_html_is_refused(content_type: str) -> None:
    result = extract_page(page("wordpress_beritakota.html"), URL, content_type)
    assert result == PageExtract(error=f"not HTML: {content_type}")


def test_image_bytes_without_a_content_type_are_refused() -> None:
    result = extract_page(b"\x89PNG\r\n\x1a\n" + bytes(100), URL)
    assert result.error == "not HTML: image/png"


@pytest.mark.parametrize("body", [b"", "", "   \n\t", b"\xef\xbb\xbf"])
def test_empty_page(body: bytes | str) -> None:
    assert extract_page(body, URL) == PageExtract(error="empty page")


def test_undeclared_non_utf8_and_xml_declaration() -> None:
    html = '<?xml version="1.0" encoding="utf-8"?>' + small_page(story=STORY + "<p>Caf\xe9 “x”</p>")
    assert "Pemerintah kabupaten" in (extract_page(html, URL).text or "")
    result = extract_page(small_page(story=STORY).replace("utf-8", "").encode("cp1252"), URL)
    assert "Pemerintah kabupaten" in (result.text or "")


def test_deep_nesting_and_huge_lines_stay_bounded() -> None:
    nested = "<html><body>" + "<div>" * 200_000 + "<p>teks</p>" + "</div>" * 200_000
    assert isinstance(extract_page(nested, URL), PageExtract)
    huge = small_page(story="<p>" + "kata " * 1_000_000 + "</p>")
    result = extract_page(huge, URL)
    assert result.text is not None
    assert len(result.text) <= TEXT_LIMIT


def test_terminal_controls_in_credits_and_captions_are_removed() -> None:
    esc, osc52, csi = "\x1b", "\x1b]52;c;ZXZpbA==\x07", "\x9b"
    article = {
        "@type": "NewsArticle",
        "headline": f"Judul\u202e{csi}31m",
        "author": {"name": f"Ahmad{osc52} Suryadi"},
        "publisher": {"name": f"Kabar{esc}[2J Jatim"},
        "image": {
            "url": f"https://portal.example/a{esc}.jpg",
            "caption": f"Banjir{csi}2J. (Foto: Asmadi{esc}]8;;x)",
        },
    }
    extra = f"<p>Editor: Dewi{osc52} Lestari</p><p>Fotografer: Rudi{esc}[31m Hartono</p>"
    result = extract_page(small_page(extra, head=json_ld(article)), URL)
    strings = [
        *result.credits.as_dict().values(),
        *(result.image.as_dict().values() if result.image else ()),
        result.title,
        result.text,
    ]
    assert result.credits.reporter and result.credits.editor and result.credits.photographer
    for value in filter(None, strings):
        assert not any(bad in value for bad in (esc, "\x07", csi, "\u202e")), value


def test_hostile_json_ld_does_not_hide_the_rest() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    hostile = [{"@type": "NewsArticle", "author": {"@id": []}, "image": {"url": ["x", 1]}}]
    head = f'<script type="application/ld+json">{deep}</script>{json_ld(hostile)}'
    result = extract_page(small_page("<p>Penulis: Budi Santoso</p>", head=head), URL)
    assert result.error is None
    assert result.credits.reporter == "Budi Santoso"


# ---------------------------------------------------------------- tui.page_credits directly


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Penulis: Rahel Narda - detikNews", True),
        ("Reporter: Budi Santoso | Editor: Rina Wulandari", True),
        ("Editor: saya tidak tahu soal anggaran itu, katanya.", False),
        ("Warga Bojonegoro mengungsi ke balai desa sejak Senin malam.", False),
    ],
)
def test_is_credit_line(line: str, expected: bool) -> None:
    assert is_credit_line(line) is expected


def test_read_credits_from_lines_bylines_and_metadata() -> None:
    stat = {"interactionType": "ReadAction", "userInteractionCount": "1,2 rb"}
    article = {"@type": "NewsArticle", "headline": "Judul", "interactionStatistic": stat}
    root = lxml.html.document_fromstring(
        small_page('<p class="byline">Oleh Dedi Kurnia</p>', head=json_ld(article))
    )
    byline = root.find_class("byline")
    found = read_credits(root, URL, [("Editor: Rina Wulandari", True)], byline)
    assert found.credits == Credits(reporter="Dedi Kurnia", editor="Rina Wulandari")
    assert (found.title, found.stated_views, found.image) == ("Judul", "1,2 rb", None)
