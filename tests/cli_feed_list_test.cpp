// End to end: `headliner import` and `headliner export --opml`, the real
// binary on real files.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/http_server.hpp"
#include "support/process.hpp"

namespace headliner::test {
namespace {

const std::string kBinary = HEADLINER_BINARY;
const std::string kLists = std::string(HEADLINER_TEST_DATA) + "/feed_lists/";

using NamedUrls = std::vector<std::pair<std::string, std::string>>;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// No config anywhere: not the tester's, not another test's.
std::map<std::string, std::string> without_config(const TempDir& dir) {
  return {{"HEADLINER_CONFIG", ""}, {"XDG_CONFIG_HOME", dir.path() + "/nothing"}, {"HOME", dir.path()}};
}

// The feeds `check` resolves from a config, as name and URL.
NamedUrls checked_feeds(const std::string& config) {
  auto result = run_process({kBinary, "check", "--config", config});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  NamedUrls feeds;
  for (const auto& line : lines_of(result.out)) {
    if (!line.starts_with("[[feed]]    ")) continue;
    auto rest = line.substr(12);
    auto gap = rest.find("  ");
    auto url_end = rest.find("  ", gap + 2);
    feeds.emplace_back(rest.substr(0, gap), rest.substr(gap + 2, url_end - gap - 2));
  }
  return feeds;
}

NamedUrls outlines_of(const std::string& opml) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(opml.c_str())) << opml;
  NamedUrls feeds;
  for (const auto& outline : doc.child("opml").child("body").children("outline"))
    feeds.emplace_back(outline.attribute("title").value(), outline.attribute("xmlUrl").value());
  return feeds;
}

TEST(CliImport, AppendedToAConfigWithoutFeedsTheOutputIsAConfigThatChecks) {
  TempDir dir;
  // What a new user has: settings, no feeds yet, no newline at the end.
  auto config = dir.write("config.toml", with_state(dir, "[ticker]\nspeed = 8\n[filter]\nexclude = [\"sport\"]"));
  auto result = run_process({kBinary, "import", kLists + "feedly.opml", "--config", config});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "headliner: imported 3 feeds, skipped 1: 1 duplicate\n");
  EXPECT_TRUE(result.out.starts_with("\n# " + kLists + "feedly.opml (headliner import)\n[[feed]]\n")) << result.out;
  std::ofstream(config, std::ios::app) << result.out;
  EXPECT_EQ(checked_feeds(config), (NamedUrls{{"BBC News - World", "https://feeds.bbci.co.uk/news/world/rss.xml"},
                                              {"The Guardian", "https://www.theguardian.com/world/rss"},
                                              {"Ars Technica", "https://feeds.arstechnica.com/arstechnica/index"}}));
}

TEST(CliImport, ImportingTheSameListAgainAddsNothingAndExitsOne) {
  TempDir dir;
  auto config = dir.write("config.toml", with_state(dir, ""));
  auto first = run_process({kBinary, "import", kLists + "inoreader.opml", "--config", config});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::ofstream(config, std::ios::app) << first.out;
  auto again = run_process({kBinary, "import", kLists + "inoreader.opml", "--config", config});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.out, "");
  EXPECT_EQ(again.err, "headliner: imported 0 feeds, skipped 3: 3 already in the config\n");
}

TEST(CliImport, FindsTheConfigAsTheOtherCommandsDo) {
  TempDir dir;
  auto config = dir.write("env.toml", "[[feed]]\nname = \"Hacker News\"\nurl = \"https://example.org/other\"\n");
  auto result = run_process({kBinary, "import", kLists + "inoreader.opml"}, {{"HEADLINER_CONFIG", config}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "headliner: imported 2 feeds, skipped 1: 1 already in the config\n");
}

TEST(CliImport, WorksWithoutAnyConfig) {
  TempDir dir;
  auto result = run_process({kBinary, "import", kLists + "netnewswire.opml"}, without_config(dir));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "headliner: imported 3 feeds\n");
}

TEST(CliImport, ReadsANewsboatUrlsFileWhateverItIsCalled) {
  TempDir dir;
  auto list = dir.write("feeds.opml", read_file(kLists + "urls"));  // the name says OPML; the content does not
  auto result = run_process({kBinary, "import", list}, without_config(dir));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err,
            "headliner: imported 4 feeds, skipped 3: 2 exec:/filter: scripts (headliner runs no commands), "
            "1 newsboat query feed (not a URL)\n");
  auto config = dir.write("config.toml", with_state(dir, result.out));
  EXPECT_EQ(checked_feeds(config), (NamedUrls{{"blog.fefe.de", "https://blog.fefe.de/rss.xml?html"},
                                              {"ORF News", "https://rss.orf.at/news.xml"},
                                              {"heise.de", "https://www.heise.de/newsticker/heise.rdf"},
                                              {"Hidden \"one\"", "https://hidden.example/feed.xml"}}));
}

TEST(CliImport, FetchesAListFromAUrl) {
  TempDir dir;
  HttpServer server;
  server.route_file("/subscriptions.opml", kLists + "thunderbird.opml", "text/x-opml");
  auto result = run_process({kBinary, "import", server.url("/subscriptions.opml")}, without_config(dir));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "headliner: imported 2 feeds, skipped 1: 1 without a URL\n");
}

TEST(CliImport, HostileNamesNeverReachTheOutput) {
  TempDir dir;
  auto list = dir.write("evil.opml",
                        "<opml><body>"
                        "<outline text=\"&#27;]0;pwned&#7;&#27;[2J\" xmlUrl=\"https://a.example/\"/>"
                        "<outline text=\"gnp&#x202E;.exe\" xmlUrl=\"https://b.example/\"/>"
                        "<outline text=\"Fine &quot;quoted&quot; \\ name\" xmlUrl=\"https://c.example/?a=&quot;1&quot;\"/>"
                        "</body></opml>");
  auto result = run_process({kBinary, "import", list}, without_config(dir));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "headliner: imported 1 feed, skipped 2: 2 with control or bidi characters\n");
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(result.out.find("\xE2\x80\xAE"), std::string::npos);
  auto config = dir.write("config.toml", with_state(dir, result.out));
  EXPECT_EQ(checked_feeds(config), (NamedUrls{{"Fine \"quoted\" \\ name", "https://c.example/?a=\"1\""}}));
}

struct BadFile {
  std::string label;
  std::string content;
  std::string message;  // after "headliner: FILE"
};

class CliImportBadFile : public testing::TestWithParam<BadFile> {};

TEST_P(CliImportBadFile, SaysWhatIsWrongInOneLineNamingTheFileAndExitsOne) {
  TempDir dir;
  auto file = dir.write("list", GetParam().content);
  auto result = run_process({kBinary, "import", file}, without_config(dir));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "headliner: " + file + GetParam().message + "\n");
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliImportBadFile,
    testing::Values(
        BadFile{"Empty", "", ": empty"},
        BadFile{"Binary", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + std::string(200, '\x01'),
                ": binary data, not a list of feeds"},
        BadFile{"BrokenXml", "<?xml version=\"1.0\"?>\n<opml>\n<body>\n<outline text=\"a\" xmlUrl=\"https://a.example/\">\n</body>",
                ":5:3: not well-formed XML: Start-end tags mismatch"},
        BadFile{"AFeed", "<rss version=\"2.0\"><channel><title>x</title></channel></rss>",
                ": a feed, not a list of feeds: add its URL to the config as a [[feed]]"},
        BadFile{"ATomlFile", "[[feed]]\nname = \"x\"\n", ":1: neither OPML nor a newsboat urls file (the first entry is not a URL)"}),
    [](const testing::TestParamInfo<BadFile>& info) { return info.param.label; });

// Built here, not in the table: gtest holds every parameter for the whole run.
TEST(CliImport, AFileLargerThan16MiBIsNotRead) {
  TempDir dir;
  auto file = dir.write("huge", std::string(16 * 1024 * 1024 + 1, '#'));
  auto result = run_process({kBinary, "import", file}, without_config(dir));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "headliner: " + file + ": larger than 16 MiB, not read\n");
}

TEST(CliImport, AMissingFileOrADirectoryIsOneLine) {
  TempDir dir;
  auto missing = run_process({kBinary, "import", dir.path() + "/missing.opml"}, without_config(dir));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "headliner: " + dir.path() + "/missing.opml: cannot read: No such file or directory\n");
  auto directory = run_process({kBinary, "import", dir.path()}, without_config(dir));
  EXPECT_EQ(directory.exit_code, 1);
  EXPECT_EQ(directory.err, "headliner: " + dir.path() + ": cannot read: Is a directory\n");
}

TEST(CliImport, ReadsFromAPipe) {
  auto result = run_process({"/bin/sh", "-c", "cat '" + kLists + "urls' | " + headliner_for_shell() + " import /dev/stdin --config /dev/null"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.err.starts_with("headliner: imported 4 feeds")) << result.err;
}

TEST(CliImport, ABrokenConfigIsAConfigErrorButMistakesOutsideTheFeedsAreNot) {
  TempDir dir;
  auto broken = dir.write("broken.toml", "[ticker\n");
  auto result = run_process({kBinary, "import", kLists + "feedly.opml", "--config", broken});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_TRUE(result.err.starts_with(broken + ":1:")) << result.err;
  EXPECT_EQ(lines_of(result.err).size(), 1u);

  auto typo = dir.write("typo.toml", "[ticker]\nsped = 3\n");
  EXPECT_EQ(run_process({kBinary, "import", kLists + "feedly.opml", "--config", typo}).exit_code, 0);

  auto missing = run_process({kBinary, "import", kLists + "feedly.opml", "--config", dir.path() + "/none.toml"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "headliner: " + dir.path() + "/none.toml: cannot read: No such file or directory\n");
}

TEST(CliImport, WantsExactlyOneFile) {
  auto none = run_process({kBinary, "import"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err, "headliner import: give one FILE or URL (headliner import --help)\n");
  EXPECT_EQ(run_process({kBinary, "import", "a.opml", "b.opml"}).exit_code, 2);
  EXPECT_EQ(run_process({kBinary, "import", "a.opml", "--json"}).exit_code, 2);
  EXPECT_EQ(run_process({kBinary, "import", "a.opml", "--opml"}).exit_code, 2);
}

TEST(CliExport, PrintsTheConfigsFeedsAsOpml) {
  TempDir dir;
  auto config = dir.write("c.toml", "[[feed]]\nname = \"A & B <\\\"c\\\">\"\nurl = \"https://a.example/?x=1&y=2\"\n"
                                    "[[feed]]\nname = \"Ünï 📰\"\nurl = \"file:///srv/b.rss\"\n");
  auto result = run_process({kBinary, "export", "--opml", "--config", config});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_TRUE(result.out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">")) << result.out;
  EXPECT_EQ(outlines_of(result.out),
            (NamedUrls{{"A & B <\"c\">", "https://a.example/?x=1&y=2"}, {"Ünï 📰", "file:///srv/b.rss"}}));
}

TEST(CliExport, WhatItExportsImportsAsTheSameFeeds) {
  TempDir dir;
  auto config = dir.write("c.toml", "[[feed]]\nname = \"A & B <\\\"c\\\"> \\\\\"\nurl = \"https://a.example/?x=1&y=2\"\n"
                                    "[[feed]]\nname = \"Ünï 📰\"\nurl = \"file:///srv/b.rss\"\n"
                                    "[[feed]]\nname = \"example.org\"\nurl = \"http://example.org/rss\"\n");
  auto exported = run_process({kBinary, "export", "--opml", "--config", config});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto opml = dir.write("out.opml", exported.out);
  auto imported = run_process({kBinary, "import", opml}, without_config(dir));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.err, "headliner: imported 3 feeds\n");
  auto fresh = dir.write("fresh.toml", with_state(dir, imported.out));
  EXPECT_EQ(checked_feeds(fresh), checked_feeds(config));
}

TEST(CliExport, WantsTheFormatAndAValidConfig) {
  TempDir dir;
  auto config = dir.write("c.toml", "[[feed]]\nname = \"A\"\nurl = \"https://a.example/\"\n");
  auto bare = run_process({kBinary, "export", "--config", config});
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_EQ(bare.err, "headliner export: say which format: --opml (headliner export --help)\n");
  auto bad = dir.write("bad.toml", "[ticker]\nsped = 3\n");
  auto result = run_process({kBinary, "export", "--opml", "--config", bad});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, bad + ":2:1: unknown key 'sped' in [ticker] (did you mean 'speed'?)\n");
  EXPECT_EQ(run_process({kBinary, "export", "--opml", "x.opml", "--config", config}).exit_code, 2);
  EXPECT_EQ(run_process({kBinary, "once", "--opml", "--config", config}).exit_code, 2);
}

TEST(CliFeedListHelp, BothCommandsHaveHelpAndTheMainHelpNamesThem) {
  for (std::string command : {"import", "export"}) {
    auto result = run_process({kBinary, command, "--help"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_TRUE(result.out.starts_with("usage: headliner " + command)) << result.out;
  }
  EXPECT_NE(run_process({kBinary, "import", "--help"}).out.find("headliner import feeds.opml >> ~/.config/headliner/config.toml"),
            std::string::npos);
  auto main = run_process({kBinary, "--help"});
  EXPECT_NE(main.out.find("headliner import FILE|URL [--config FILE]"), std::string::npos) << main.out;
  EXPECT_NE(main.out.find("headliner export --opml [--config FILE]"), std::string::npos) << main.out;
}

}  // namespace
}  // namespace headliner::test
