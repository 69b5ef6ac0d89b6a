#include "url.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

namespace headliner {
namespace {

struct LinkCase {
  const char* base;
  const char* reference;
  std::optional<std::string> expected;
};

std::ostream& operator<<(std::ostream& os, const LinkCase& c) {
  return os << "resolve_link(\"" << c.base << "\", \"" << c.reference << "\") -> "
            << (c.expected ? "\"" + *c.expected + "\"" : std::string("nullopt"));
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

}  // namespace
}  // namespace headliner
