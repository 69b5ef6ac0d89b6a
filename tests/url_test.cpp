#include "url.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace headliner {
namespace {

struct LinkCase {
  const char* base;
  const char* reference;
  std::optional<std::string> expected;
};

// Bytes outside printable ASCII as \xNN: test names must not carry controls.
std::string printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && c != '\\') {
      out.push_back(c);
    } else {
      out += "\\x";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  return out;
}

std::ostream& operator<<(std::ostream& os, const LinkCase& c) {
  return os << "resolve_link(\"" << printable(c.base) << "\", \"" << printable(c.reference) << "\") -> "
            << (c.expected ? "\"" + printable(*c.expected) + "\"" : std::string("nullopt"));
}

class ResolveLink : public testing::TestWithParam<LinkCase> {};

TEST_P(ResolveLink, GivesExpectedAbsoluteUrlOrNothing) {
  const LinkCase& c = GetParam();
  EXPECT_EQ(resolve_link(c.base, c.reference), c.expected);
}

constexpr const char* kRfcBase = "http://a/b/c/d;p?q";

// RFC 3986 section 5.4.1. "g:h" resolves to "g:h", a scheme we do not open.
// The empty reference (which RFC 3986 resolves to the base) is covered below:
// an empty link in a feed means "no link", not "the feed itself".
INSTANTIATE_TEST_SUITE_P(Rfc3986NormalExamples, ResolveLink, testing::Values(
    LinkCase{kRfcBase, "g:h", std::nullopt},
    LinkCase{kRfcBase, "g", "http://a/b/c/g"},
    LinkCase{kRfcBase, "./g", "http://a/b/c/g"},
    LinkCase{kRfcBase, "g/", "http://a/b/c/g/"},
    LinkCase{kRfcBase, "/g", "http://a/g"},
    LinkCase{kRfcBase, "//g", "http://g"},
    LinkCase{kRfcBase, "?y", "http://a/b/c/d;p?y"},
    LinkCase{kRfcBase, "g?y", "http://a/b/c/g?y"},
    LinkCase{kRfcBase, "#s", "http://a/b/c/d;p?q#s"},
    LinkCase{kRfcBase, "g#s", "http://a/b/c/g#s"},
    LinkCase{kRfcBase, "g?y#s", "http://a/b/c/g?y#s"},
    LinkCase{kRfcBase, ";x", "http://a/b/c/;x"},
    LinkCase{kRfcBase, "g;x", "http://a/b/c/g;x"},
    LinkCase{kRfcBase, "g;x?y#s", "http://a/b/c/g;x?y#s"},
    LinkCase{kRfcBase, ".", "http://a/b/c/"},
    LinkCase{kRfcBase, "./", "http://a/b/c/"},
    LinkCase{kRfcBase, "..", "http://a/b/"},
    LinkCase{kRfcBase, "../", "http://a/b/"},
    LinkCase{kRfcBase, "../g", "http://a/b/g"},
    LinkCase{kRfcBase, "../..", "http://a/"},
    LinkCase{kRfcBase, "../../", "http://a/"},
    LinkCase{kRfcBase, "../../g", "http://a/g"}));

// RFC 3986 section 5.4.2. "http:g" is resolved strictly (a scheme and no
// authority), which is not an openable link.
INSTANTIATE_TEST_SUITE_P(Rfc3986AbnormalExamples, ResolveLink, testing::Values(
    LinkCase{kRfcBase, "../../../g", "http://a/g"},
    LinkCase{kRfcBase, "../../../../g", "http://a/g"},
    LinkCase{kRfcBase, "/./g", "http://a/g"},
    LinkCase{kRfcBase, "/../g", "http://a/g"},
    LinkCase{kRfcBase, "g.", "http://a/b/c/g."},
    LinkCase{kRfcBase, ".g", "http://a/b/c/.g"},
    LinkCase{kRfcBase, "g..", "http://a/b/c/g.."},
    LinkCase{kRfcBase, "..g", "http://a/b/c/..g"},
    LinkCase{kRfcBase, "./../g", "http://a/b/g"},
    LinkCase{kRfcBase, "./g/.", "http://a/b/c/g/"},
    LinkCase{kRfcBase, "g/./h", "http://a/b/c/g/h"},
    LinkCase{kRfcBase, "g/../h", "http://a/b/c/h"},
    LinkCase{kRfcBase, "g;x=1/./y", "http://a/b/c/g;x=1/y"},
    LinkCase{kRfcBase, "g;x=1/../y", "http://a/b/c/y"},
    LinkCase{kRfcBase, "g?y/./x", "http://a/b/c/g?y/./x"},
    LinkCase{kRfcBase, "g?y/../x", "http://a/b/c/g?y/../x"},
    LinkCase{kRfcBase, "g#s/./x", "http://a/b/c/g#s/./x"},
    LinkCase{kRfcBase, "g#s/../x", "http://a/b/c/g#s/../x"},
    LinkCase{kRfcBase, "http:g", std::nullopt}));

constexpr const char* kFeedUrl = "https://news.example.com/feeds/world.xml";

INSTANTIATE_TEST_SUITE_P(AbsoluteLinksAreKept, ResolveLink, testing::Values(
    LinkCase{kFeedUrl, "http://example.org/story/1", "http://example.org/story/1"},
    LinkCase{kFeedUrl, "https://example.org/story/2?ref=rss#top",
             "https://example.org/story/2?ref=rss#top"},
    LinkCase{kFeedUrl, "ftp://ftp.example.org/pub/notes.txt", "ftp://ftp.example.org/pub/notes.txt"},
    LinkCase{kFeedUrl, "https://example.org:8443/a/../b", "https://example.org:8443/b"},
    LinkCase{"file:///home/me/feed.xml", "https://example.org/x", "https://example.org/x"},
    LinkCase{"", "https://example.org/x", "https://example.org/x"}));

INSTANTIATE_TEST_SUITE_P(SchemeIsCaseInsensitive, ResolveLink, testing::Values(
    LinkCase{kFeedUrl, "HTTP://example.org/Story", "http://example.org/Story"},
    LinkCase{kFeedUrl, "Https://example.org/Story", "https://example.org/Story"},
    LinkCase{kFeedUrl, "FTP://example.org/pub", "ftp://example.org/pub"},
    LinkCase{"HTTPS://news.example.com/feed", "story", "https://news.example.com/story"},
    LinkCase{kFeedUrl, "JavaScript:alert(1)", std::nullopt},
    LinkCase{kFeedUrl, "DATA:text/html,<b>x</b>", std::nullopt}));

INSTANTIATE_TEST_SUITE_P(UnsafeSchemesAreRejected, ResolveLink, testing::Values(
    LinkCase{kFeedUrl, "javascript:alert(document.cookie)", std::nullopt},
    LinkCase{kFeedUrl, "javascript://example.org/%0Aalert(1)", std::nullopt},
    LinkCase{kFeedUrl, "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", std::nullopt},
    LinkCase{kFeedUrl, "mailto:editor@example.com", std::nullopt},
    LinkCase{kFeedUrl, "file:///etc/passwd", std::nullopt},
    LinkCase{kFeedUrl, "file://server/share/x", std::nullopt},
    LinkCase{kFeedUrl, " javascript:alert(1)", std::nullopt},
    LinkCase{kFeedUrl, "java\tscript:alert(1)", std::nullopt}));

INSTANTIATE_TEST_SUITE_P(EmptyReferencesGiveNothing, ResolveLink, testing::Values(
    LinkCase{kFeedUrl, "", std::nullopt},
    LinkCase{kFeedUrl, " ", std::nullopt},
    LinkCase{kFeedUrl, "\n\t  \r\n", std::nullopt}));

INSTANTIATE_TEST_SUITE_P(SurroundingWhitespaceIsTrimmed, ResolveLink, testing::Values(
    LinkCase{kFeedUrl, "  https://example.org/story  ", "https://example.org/story"},
    LinkCase{kFeedUrl, "\n      https://example.org/story\n    ", "https://example.org/story"},
    LinkCase{kFeedUrl, "\t../2024/story.html\r\n", "https://news.example.com/2024/story.html"}));

INSTANTIATE_TEST_SUITE_P(ProtocolRelativeTakesBaseScheme, ResolveLink, testing::Values(
    LinkCase{kFeedUrl, "//cdn.example.net/x", "https://cdn.example.net/x"},
    LinkCase{"http://news.example.com/rss", "//cdn.example.net/x", "http://cdn.example.net/x"},
    LinkCase{"ftp://files.example.com/feed.xml", "//mirror.example.net/x",
             "ftp://mirror.example.net/x"}));

INSTANTIATE_TEST_SUITE_P(RelativeAgainstNonWebBaseGivesNothing, ResolveLink, testing::Values(
    LinkCase{"file:///home/me/feeds/world.xml", "story.html", std::nullopt},
    LinkCase{"file:///home/me/feeds/world.xml", "/story.html", std::nullopt},
    LinkCase{"file:///home/me/feeds/world.xml", "//host/x", std::nullopt},
    LinkCase{"", "story.html", std::nullopt},
    LinkCase{"mailto:editor@example.com", "story.html", std::nullopt}));

// A link is shown and opened: nothing in it may reach a terminal raw. Every
// byte from 0x80 up is percent-encoded (UTF-8 bytes as %XX), so C1 controls,
// bidi controls and any other non-ASCII text come out as plain ASCII.
INSTANTIATE_TEST_SUITE_P(NonAsciiIsPercentEncoded, ResolveLink, testing::Values(
    LinkCase{kFeedUrl, "https://example.org/a\xC2\x9B" "31m", "https://example.org/a%C2%9B31m"},
    LinkCase{kFeedUrl, "\xC2\x9B", "https://news.example.com/feeds/%C2%9B"},
    LinkCase{kFeedUrl, "https://example.org/\xC2\x85x\xC2\x80\xC2\x9F",
             "https://example.org/%C2%85x%C2%80%C2%9F"},
    LinkCase{kFeedUrl, "https://example.org/\xE2\x80\xAEgpj.exe", "https://example.org/%E2%80%AEgpj.exe"},
    LinkCase{kFeedUrl, "https://example.org/\xE2\x81\xA6x\xE2\x81\xA9", "https://example.org/%E2%81%A6x%E2%81%A9"},
    LinkCase{kFeedUrl, "https://example.org/caf\xC3\xA9?q=\xE6\x9D\xB1#\xC3\xA9",
             "https://example.org/caf%C3%A9?q=%E6%9D%B1#%C3%A9"},
    LinkCase{kFeedUrl, "https://ex\xC3\xA4mple.org/", "https://ex%C3%A4mple.org/"},
    LinkCase{kFeedUrl, "na\xC3\xAFve/../story", "https://news.example.com/feeds/story"},
    LinkCase{kFeedUrl, "na\xC3\xAFve", "https://news.example.com/feeds/na%C3%AFve"},
    LinkCase{kFeedUrl, "https://example.org/\x9B\xFF", "https://example.org/%9B%FF"},
    LinkCase{kFeedUrl, "https://example.org/%C3%A9", "https://example.org/%C3%A9"},
    LinkCase{"https://news.example.com/\xC3\xBCn\xC3\xAF/feed.xml", "story",
             "https://news.example.com/%C3%BCn%C3%AF/story"}));

INSTANTIATE_TEST_SUITE_P(ControlsAreRejected, ResolveLink, testing::Values(
    LinkCase{kFeedUrl, "https://example.org/\x1b[31m", std::nullopt},
    LinkCase{kFeedUrl, "https://example.org/a\x7f", std::nullopt},
    LinkCase{kFeedUrl, "https://example.org/a\x01b", std::nullopt},
    // The base is no more trusted than the reference.
    LinkCase{"https://news.example.com/\x1b[31m/feed.xml", "story", std::nullopt},
    LinkCase{"https://news.example.com/\x1b[31m/feed.xml", "https://example.org/x",
             "https://example.org/x"}));

// As browsers read them: a wrapped link is joined again and a space is
// percent-encoded, except in the host, where none can be.
INSTANTIATE_TEST_SUITE_P(SpacesAreEncodedAndWrappedLinksJoined, ResolveLink, testing::Values(
    LinkCase{kFeedUrl, "https://example.org/a b", "https://example.org/a%20b"},
    LinkCase{kFeedUrl, "https://example.org/a\nb", "https://example.org/ab"},
    LinkCase{kFeedUrl, "https://example.org/long-\r\n      path?q=a b#c d",
             "https://example.org/long-path?q=a%20b#c%20d"},
    LinkCase{kFeedUrl, "My File.pdf", "https://news.example.com/feeds/My%20File.pdf"},
    LinkCase{"https://news.example.com/a b/feed.xml", "story", "https://news.example.com/a%20b/story"},
    LinkCase{kFeedUrl, "https://exa mple.org/", std::nullopt},
    LinkCase{kFeedUrl, "java\nscript:alert(1)", std::nullopt}));

TEST(ResolveLinkBytes, KeepsANulInTheReferenceFromPassing) {
  EXPECT_EQ(resolve_link(kFeedUrl, std::string_view("https://example.org/a\0b", 23)), std::nullopt);
}

TEST(ResolveLinkBytes, NeverGivesALinkWithAByteOutsidePrintableAscii) {
  // Every single byte, in every part of a link.
  for (int b = 0; b < 256; ++b) {
    const std::string byte(1, static_cast<char>(b));
    for (const std::string& reference :
         {"https://example.org/" + byte, "https://exa" + byte + "mple.org/", "x" + byte + "y",
          "?q=" + byte, "#" + byte}) {
      auto link = resolve_link(kFeedUrl, reference);
      if (!link) continue;
      for (char c : *link) {
        auto u = static_cast<unsigned char>(c);
        EXPECT_TRUE(u > 0x20 && u < 0x7f) << "byte " << b << " in " << printable(reference) << " gave " << printable(*link);
      }
    }
  }
}

}  // namespace
}  // namespace headliner

namespace headliner {
namespace {

struct NormalizeCase {
  const char* label;
  const char* link;
  const char* expected;
};

class NormalizeLink : public testing::TestWithParam<NormalizeCase> {};

TEST_P(NormalizeLink, GivesTheLinkThatIdentifiesThePage) {
  EXPECT_EQ(normalize_link(GetParam().link), GetParam().expected);
}

std::string normalize_case_name(const testing::TestParamInfo<NormalizeCase>& info) { return info.param.label; }

INSTANTIATE_TEST_SUITE_P(TrackingParametersAreDropped, NormalizeLink, testing::Values(
    NormalizeCase{"Utm", "https://a.example/s/1?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://a.example/s/1"},
    NormalizeCase{"UtmInUpperCase", "https://a.example/s/1?UTM_Source=rss", "https://a.example/s/1"},
    NormalizeCase{"Fbclid", "https://a.example/s/1?fbclid=IwAR0abc", "https://a.example/s/1"},
    NormalizeCase{"Gclid", "https://a.example/s/1?gclid=Cj0K", "https://a.example/s/1"},
    NormalizeCase{"OtherClickIds", "https://a.example/s/1?msclkid=1&dclid=2&yclid=3&twclid=4&igshid=5",
                  "https://a.example/s/1"},
    NormalizeCase{"Newsletter", "https://a.example/s/1?mc_cid=1&mc_eid=2&_hsenc=3&_hsmi=4&mkt_tok=5",
                  "https://a.example/s/1"},
    NormalizeCase{"BbcAtInternet", "https://www.bbc.co.uk/news/world-1?at_medium=RSS&at_campaign=KARANGA",
                  "https://bbc.co.uk/news/world-1"},
    NormalizeCase{"OthersKeptInOrder", "https://a.example/s?utm_source=rss&id=7&page=2&fbclid=x",
                  "https://a.example/s?id=7&page=2"},
    NormalizeCase{"LookalikeNamesKept", "https://a.example/s?utm=1&campaign=2&gclid_x=3",
                  "https://a.example/s?utm=1&campaign=2&gclid_x=3"},
    NormalizeCase{"EmptyParametersDropped", "https://a.example/s?&id=7&&", "https://a.example/s?id=7"}),
    normalize_case_name);

INSTANTIATE_TEST_SUITE_P(AmpVariantsAreTheCanonicalPage, NormalizeLink, testing::Values(
    NormalizeCase{"PathSegment", "https://a.example/news/amp/2025/story", "https://a.example/news/2025/story"},
    NormalizeCase{"LastPathSegment", "https://a.example/news/story/amp", "https://a.example/news/story"},
    NormalizeCase{"LastPathSegmentWithSlash", "https://a.example/news/story/amp/", "https://a.example/news/story/"},
    NormalizeCase{"DotAmpSuffix", "https://a.example/news/world-123.amp", "https://a.example/news/world-123"},
    NormalizeCase{"DotAmpHtmlSuffix", "https://a.example/news/story.amp.html", "https://a.example/news/story.html"},
    NormalizeCase{"AmpHost", "https://amp.theguardian.com/world/2025/x", "https://theguardian.com/world/2025/x"},
    NormalizeCase{"WwwHost", "https://www.theguardian.com/world/2025/x", "https://theguardian.com/world/2025/x"},
    NormalizeCase{"AmpQuery", "https://a.example/s/1?amp", "https://a.example/s/1"},
    NormalizeCase{"AmpQueryWithValue", "https://a.example/s/1?id=3&amp=1", "https://a.example/s/1?id=3"},
    NormalizeCase{"OutputTypeAmp", "https://a.example/s/1?outputType=amp", "https://a.example/s/1"}),
    normalize_case_name);

INSTANTIATE_TEST_SUITE_P(AmpLookalikesStay, NormalizeLink, testing::Values(
    NormalizeCase{"SegmentStartingWithAmp", "https://a.example/ampere/amplifier", "https://a.example/ampere/amplifier"},
    NormalizeCase{"HostNamedAmp", "https://amp.com/story", "https://amp.com/story"},
    NormalizeCase{"AmpInsideHost", "https://camp.example/story", "https://camp.example/story"},
    NormalizeCase{"AmpQueryWithOtherValue", "https://a.example/s?amp=volts", "https://a.example/s?amp=volts"},
    NormalizeCase{"DotAmpAlone", "https://a.example/.amp", "https://a.example/.amp"}),
    normalize_case_name);

INSTANTIATE_TEST_SUITE_P(WhatNeverNamesAnotherPageIsDropped, NormalizeLink, testing::Values(
    NormalizeCase{"Fragment", "https://a.example/s/1#comments", "https://a.example/s/1"},
    NormalizeCase{"HostCase", "https://News.Example.COM/Story/1", "https://news.example.com/Story/1"},
    NormalizeCase{"DefaultHttpsPort", "https://a.example:443/s", "https://a.example/s"},
    NormalizeCase{"DefaultHttpPort", "http://a.example:80/s", "http://a.example/s"},
    NormalizeCase{"EmptyPath", "https://a.example", "https://a.example/"}),
    normalize_case_name);

INSTANTIATE_TEST_SUITE_P(EverythingElseIsKept, NormalizeLink, testing::Values(
    NormalizeCase{"OtherPort", "https://a.example:8443/s", "https://a.example:8443/s"},
    NormalizeCase{"HttpsPortOnHttp", "http://a.example:443/s", "http://a.example:443/s"},
    NormalizeCase{"PathCase", "https://a.example/News/Story", "https://a.example/News/Story"},
    NormalizeCase{"Scheme", "http://a.example/s", "http://a.example/s"},
    NormalizeCase{"UserInfo", "https://me@a.example/s", "https://me@a.example/s"},
    NormalizeCase{"FtpLink", "ftp://ftp.example/pub/a.txt#x", "ftp://ftp.example/pub/a.txt#x"},
    NormalizeCase{"NotALink", "not a link", "not a link"}),
    normalize_case_name);

}  // namespace
}  // namespace headliner
