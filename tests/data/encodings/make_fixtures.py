#!/usr/bin/env python3
"""Writes the encoding fixtures of tests/feed_parser_encoding_test.cpp.

Run from anywhere: python3 tests/data/encodings/make_fixtures.py
The outputs are committed; rerunning gives the same bytes. Each fixture is a
small feed whose titles hold characters that only the right decoding gives.
The expected UTF-8 titles are written out again in the test, which reads
these bytes with iconv (glibc), not with Python's codecs: a wrong codec or a
lost byte here shows up as a failing test. check() asserts that each file
holds the bytes that make it a test of its encoding.
"""

import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def rss(decl, channel_title, titles, lang="en", site="https://news.example.com"):
    """An RSS 2.0 feed as text. `decl` is the XML declaration, or "" for none."""
    items = "".join(
        f"""    <item>
      <title>{t}</title>
      <link>{site}/{n}</link>
      <guid isPermaLink="false">{site.split('//')[1]}:{n}</guid>
      <pubDate>Tue, 05 Mar 2024 1{n}:00:00 GMT</pubDate>
    </item>
"""
        for n, t in enumerate(titles, start=1)
    )
    head = decl + "\n" if decl else ""
    return f"""{head}<rss version="2.0">
  <channel>
    <title>{channel_title}</title>
    <link>{site}/</link>
    <description>Encoding fixture</description>
    <language>{lang}</language>
{items}  </channel>
</rss>
"""


def atom(decl, feed_title, titles, site="https://blog.example.net"):
    """An Atom 1.0 feed as text."""
    entries = "".join(
        f"""  <entry>
    <title>{t}</title>
    <link href="{site}/posts/{n}"/>
    <id>tag:{site.split('//')[1]},2024:{n}</id>
    <updated>2024-03-0{n}T08:00:00Z</updated>
  </entry>
"""
        for n, t in enumerate(titles, start=1)
    )
    head = decl + "\n" if decl else ""
    return f"""{head}<feed xmlns="http://www.w3.org/2005/Atom">
  <title>{feed_title}</title>
  <id>tag:{site.split('//')[1]},2024:feed</id>
  <updated>2024-03-05T08:00:00Z</updated>
{entries}</feed>
"""


def decl(encoding):
    return f'<?xml version="1.0" encoding="{encoding}"?>'


FIXTURES = {}


def fixture(name, data, how):
    assert isinstance(data, bytes)
    FIXTURES[name] = (data, how)


# ---- Single-byte encodings ----------------------------------------------------

fixture(
    "windows-1252.xml",
    rss(decl("windows-1252"), "Jornal do Café",
        ["Preço do café sobe para €4,50 — “é o fim”, diz o dono",
         "Don’t miss: “Les Misérables” returns…"], lang="pt").encode("cp1252"),
    "declared windows-1252; encoded with cp1252 (€ 0x80, ’ 0x92, “ 0x93, ” 0x94, — 0x97, … 0x85)")

fixture(
    "iso-8859-1-with-c1.xml",
    rss(decl("iso-8859-1"), "Le Monde Économique",
        ["L’euro à 1,08 $ : « stabilité » selon la BCE",
         "Prix du pain : 1,20 € en moyenne"], lang="fr").encode("cp1252"),
    "declared iso-8859-1 but encoded with cp1252, so 0x80-0x9F bytes occur (€ 0x80, ’ 0x92)")

fixture(
    "iso-8859-2.xml",
    rss(decl("iso-8859-2"), "Gazeta Łódzka",
        ["Łódź: żółty tramwaj wraca na tory",
         "Źródła: ceny węgla spadają"], lang="pl").encode("iso-8859-2"),
    "declared iso-8859-2; encoded with iso-8859-2 (ł 0xB3, ż 0xBF, Ł 0xA3)")

fixture(
    "iso-8859-15.xml",
    rss(decl("iso-8859-15"), "Cœur de Paris",
        ["L'œuvre coûte 20 € au Louvre",
         "Šárka et Žofie chez Yves, vœux 2024"], lang="fr").encode("iso-8859-15"),
    "declared iso-8859-15; encoded with iso-8859-15 (€ 0xA4, œ 0xBD, Š 0xA6, Ž 0xB4)")

fixture(
    "koi8-r.xml",
    rss(decl("koi8-r"), "Новости Москвы",
        ["Погода: в Москве снег", "Ёлки на Красной площади"], lang="ru").encode("koi8-r"),
    "declared koi8-r; encoded with koi8-r")

fixture(
    "windows-1251.xml",
    rss(decl("windows-1251"), "Киевские ведомости",
        ["Щедрий вечір у Львові", "Ёж и «Чебурашка» — премьера"], lang="uk").encode("cp1251"),
    "declared windows-1251; encoded with cp1251 (Ukrainian і 0xB3; Ё 0xA8; « 0xAB; — 0x97)")

# ---- Multi-byte CJK encodings -------------------------------------------------

fixture(
    "shift_jis.xml",
    rss(decl("Shift_JIS"), "東京ニュース",
        ["東京で桜が開花しました", "カタカナとひらがな、漢字"], lang="ja",
        site="https://tokyo.example.jp").encode("shift_jis"),
    "declared Shift_JIS; encoded with shift_jis")

fixture(
    "euc-jp.xml",
    rss(decl("EUC-JP"), "大阪日報",
        ["大阪城の紅葉が見頃", "新幹線、全線で運転再開"], lang="ja",
        site="https://osaka.example.jp").encode("euc_jp"),
    "declared EUC-JP; encoded with euc_jp")

# 镕 (U+9555, as in 朱镕基) is not in GB2312 but is in GBK (0xE946).
fixture(
    "gb2312-gbk-only.xml",
    rss(decl("gb2312"), "北京新闻",
        ["北京今天下雪", "朱镕基回忆录出版"], lang="zh-CN",
        site="https://beijing.example.cn").encode("gbk"),
    "declared gb2312; encoded with gbk, 镕 (U+9555) is GBK-only (0xE9 0x46)")

fixture(
    "big5.xml",
    rss(decl("big5"), "臺灣新聞",
        ["臺北市長選舉結果", "颱風即將登陸東部"], lang="zh-TW",
        site="https://taipei.example.tw").encode("big5"),
    "declared big5; encoded with big5")

fixture(
    "euc-kr.xml",
    rss(decl("euc-kr"), "서울 뉴스",
        ["서울에 첫눈이 내렸다", "한국 경제 성장률 발표"], lang="ko",
        site="https://seoul.example.kr").encode("euc_kr"),
    "declared euc-kr; encoded with euc_kr")

# ---- UTF-16 and UTF-32 ----------------------------------------------------------

fixture(
    "utf-16le-bom.xml",
    b"\xff\xfe" + atom(decl("utf-16"), "Notícias 🌍",
                       ["São Paulo: café e pão", "Ελληνικά και русский"]).encode("utf-16-le"),
    "BOM FF FE, then the feed in UTF-16LE (🌍 as a surrogate pair)")

fixture(
    "utf-16be-bom.xml",
    b"\xfe\xff" + atom(decl("utf-16"), "Blog für Öl",
                       ["Grüße aus München", "日本語のタイトル"]).encode("utf-16-be"),
    "BOM FE FF, then the feed in UTF-16BE")

fixture(
    "utf-16le-no-bom.xml",
    rss(decl("utf-16"), "Revue française",
        ["Élection : le résultat", "Ça marche — voilà"], lang="fr").encode("utf-16-le"),
    "no BOM; the feed in UTF-16LE, so it starts 3C 00 3F 00 (\"<?\")")

fixture(
    "utf-32le-bom.xml",
    b"\xff\xfe\x00\x00" + rss(decl("utf-32"), "Emoji Weekly",
                              ["Launch day 🚀", "Zürich 😀 résumé"]).encode("utf-32-le"),
    "BOM FF FE 00 00, then the feed in UTF-32LE")

# ---- UTF-8 ------------------------------------------------------------------------

fixture(
    "utf-8-bom.xml",
    b"\xef\xbb\xbf" + rss(decl("utf-8"), "Ação Global",
                          ["Crème brûlée — “the best”", "Привет, 世界"]).encode("utf-8"),
    "BOM EF BB BF, then the feed in UTF-8")

stray = rss(decl("utf-8"), "Café Society",
            ["We don@t stop: café culture", "Straße über alles"]).encode("utf-8")
stray = stray.replace(b"don@t", b"don\x92t").replace(b"caf\xc3\xa9 culture", b"caf\xe9 culture")
assert stray.count(b"\x92") == 1 and stray.count(b"caf\xe9 ") == 1
fixture(
    "utf-8-stray-cp1252.xml", stray,
    "declared utf-8, encoded as UTF-8, then 0x92 put in the first item's \"don't\" and a lone "
    "0xE9 in its \"café\" (Windows-1252 bytes among valid UTF-8; the channel title keeps a "
    "valid UTF-8 é)")

fixture(
    "http-charset-only.xml",
    rss("", "Вести Петербурга",
        ["Нева замёрзла", "Эрмитаж открыт"], lang="ru").encode("koi8-r"),
    "no XML declaration; encoded with koi8-r; the test passes "
    "Content-Type: application/rss+xml; charset=\"KOI8-R\"")

fixture(
    "declaration-beats-http.xml",
    rss(decl("windows-1251"), "Софийски новини",
        ["Честита Баба Марта", "Щастлива Нова година"], lang="bg").encode("cp1251"),
    "declared windows-1251; encoded with cp1251; the test passes "
    "Content-Type: text/xml; charset=koi8-r, which would give other letters")

fixture(
    "alias-utf8.xml",
    rss(decl("utf8"), "Über uns", ["Größe zählt", "naïve café"]).encode("utf-8"),
    "declared \"utf8\" (an alias); encoded as UTF-8")

fixture(
    "alias-latin1.xml",
    rss(decl("latin1"), "Açores Hoje", ["Ilhéus e baleias", "Pão ¾ e ½"],
        lang="pt").encode("latin-1"),
    "declared \"latin1\" (an alias); encoded with latin-1")

fixture(
    "alias-utf-8-upper.xml",
    atom(decl("UTF-8"), "Ñandú Times", ["Año nuevo en España", "Señales ¿claras?"]).encode("utf-8"),
    "declared \"UTF-8\" in upper case; encoded as UTF-8")

unknown = rss(decl("x-made-up"), "Mystery Feed", ["Déjà vu", "Stray byte: r@sum@"]).encode("utf-8")
unknown = unknown.replace(b"r@sum@", b"r\xe9sum\xe9")
fixture(
    "unknown-charset.xml", unknown,
    "declared \"x-made-up\" (no such charset); encoded as UTF-8, then two lone 0xE9 bytes "
    "put in \"résumé\"")

fixture(
    "utf-16-declared-on-utf-8.xml",
    rss(decl("utf-16"), "Fake Sixteen", ["Plain ASCII title", "Noël à Genève"]).encode("utf-8"),
    "declared utf-16 but encoded as UTF-8 (an ASCII-compatible declaration cannot be UTF-16)")


# ---- Declarations that lie, and the supersets publishers write ----------------

fixture(
    "latin1-declared-on-utf-8.xml",
    rss(decl("ISO-8859-1"), "Café Society", ["Café “hi” — naïve", "Новости и 日本"]).encode("utf-8"),
    "declared iso-8859-1 but encoded as UTF-8 (valid UTF-8 all through: read as UTF-8)")

fixture(
    "ascii-declared-on-utf-8.xml",
    rss(decl("US-ASCII"), "Новости", ["Погода: снег", "Ёлки"], lang="ru").encode("utf-8"),
    "declared us-ascii but encoded as UTF-8")

fixture(
    "shift_jis-cp932-extensions.xml",
    rss(decl("Shift_JIS"), "株式会社ニュース", ["①番目の記事 ㈱髙島屋", "ⅰⅱⅲ と ∵"], lang="ja").encode("cp932"),
    "declared Shift_JIS; encoded with cp932 (NEC row 13 ① 0x8740, ㈱ 0x878A; NEC-selected IBM 髙 0xEEE0)")

fixture(
    "euc-kr-cp949-extensions.xml",
    rss(decl("EUC-KR"), "서울 뉴스", ["똠방각하", "뷁 쌰"], lang="ko").encode("cp949"),
    "declared EUC-KR; encoded with cp949 (똠 0x8C63, 뷁 0x94EE: outside KS X 1001)")

fixture(
    "big5-hkscs.xml",
    rss(decl("Big5"), "香港新聞", ["佢哋嘅咗", "粵語 嘢"], lang="zh-HK").encode("big5hkscs"),
    "declared Big5; encoded with Big5-HKSCS (嘅 0x9DEF and friends: outside plain Big5)")

fixture(
    "gb2312-gb18030-four-byte.xml",
    rss(decl("GB2312"), "北京新闻", ["𠀀中", "𤭢 字"], lang="zh-CN").encode("gb18030"),
    "declared GB2312; encoded with GB18030 (𠀀 and 𤭢 take four bytes)")

fixture(
    "euc-jp-nec-row13.xml",
    rss(decl("EUC-JP"), "大阪日報", ["①②③ 番号", "№ と ㍻"], lang="ja").encode("euc_jis_2004"),
    "declared EUC-JP; NEC row 13 characters (① 0xADA1) as EUC-JP-MS and browsers read them")


def check():
    """The bytes that prove each decoding are really there."""
    def has(name, *needles):
        for needle in needles:
            assert needle in FIXTURES[name][0], (name, needle)

    has("windows-1252.xml", b"\x80", b"\x92", b"\x93", b"\x94")
    has("iso-8859-1-with-c1.xml", b'encoding="iso-8859-1"', b"\x80", b"\x92")
    has("iso-8859-2.xml", b"\xb3", b"\xbf")
    has("iso-8859-15.xml", b"\xa4", b"\xbd")
    has("gb2312-gbk-only.xml", b'encoding="gb2312"', b"\xe9\x46")
    has("utf-8-stray-cp1252.xml", b"don\x92t", b"caf\xe9 ", b"Caf\xc3\xa9")
    has("unknown-charset.xml", b"r\xe9sum\xe9")
    assert FIXTURES["utf-16le-no-bom.xml"][0].startswith(b"<\x00?\x00x\x00m\x00l\x00")
    assert FIXTURES["utf-32le-bom.xml"][0].startswith(b"\xff\xfe\x00\x00<\x00\x00\x00")
    assert FIXTURES["utf-16be-bom.xml"][0].startswith(b"\xfe\xff\x00<")
    assert FIXTURES["utf-16le-bom.xml"][0].startswith(b"\xff\xfe<\x00")
    assert FIXTURES["utf-8-bom.xml"][0].startswith(b"\xef\xbb\xbf<?xml")
    assert not FIXTURES["http-charset-only.xml"][0].startswith(b"<?xml")
    has("shift_jis-cp932-extensions.xml", b"\x87\x40", b"\x87\x8a", b"\xee\xe0")
    has("euc-kr-cp949-extensions.xml", b"\x8c\x63", b"\x94\xee")
    has("euc-jp-nec-row13.xml", b"\xad\xa1")
    has("gb2312-gb18030-four-byte.xml", b'encoding="GB2312"', b"\x95\x32\x82\x36")


def main():
    check()
    lines = []
    for name, (data, how) in FIXTURES.items():
        (HERE / name).write_bytes(data)
        lines.append(f"{name}: {how}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
