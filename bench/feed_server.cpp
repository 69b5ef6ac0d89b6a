// Serves N synthetic news feeds on 127.0.0.1 for bench/fetch_many and
// bench/newsboat: /feed/K.xml, 20 to 100 items each (realistic sizes,
// 10–45 KB), with an ETag and 304 answers to a matching If-None-Match.
// GET /stats answers "200 A 304 B" (feed answers of each kind so far); GET
// /advance moves every other feed (alternating at each call) on by one item:
// one new item, the oldest gone, a new ETag (a typical refresh). With
// --hostile, also one path per fault under /bad/ (see add_hostile_routes).
// Prints the port, then serves until SIGINT or SIGTERM.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <string>

#include "support/http_server.hpp"

namespace {

// A headline of eight words drawn from a small vocabulary: different stories
// share words, as real ones do, but not all of them.
std::string title(int k, int i) {
  static constexpr const char* kWords[] = {
      "minister", "talks", "budget", "storm", "election", "court", "rates", "bank", "strike", "train",
      "river", "school", "vaccine", "market", "shares", "oil", "prices", "police", "fire", "border",
      "league", "final", "council", "housing", "energy", "climate", "summit", "deal", "trade", "tariffs",
      "museum", "festival", "airport", "flights", "hospital", "doctors", "teachers", "union", "wages", "jobs"};
  std::uint32_t x = static_cast<std::uint32_t>(k * 7919 + i * 104729 + 1);
  std::string text;
  for (int w = 0; w < 8; ++w) {
    x = x * 1664525u + 1013904223u;
    if (w) text += ' ';
    text += kWords[(x >> 16) % std::size(kWords)];
  }
  text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text + " (" + std::to_string(k) + "." + std::to_string(i) + ")";
}

// Feed K after `shift` refreshes that each added a new item and dropped the
// oldest: items shift .. shift + count - 1, in the order of the first.
std::string feed(int k, int shift = 0) {
  int items = 20 + (k * 37) % 81;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Feed " +
                    std::to_string(k) + "</title><link>https://example.com/" + std::to_string(k) + "</link>\n";
  for (int j = 0; j < items; ++j) {
    int i = shift + j;
    std::string id = std::to_string(k) + "-" + std::to_string(i);
    xml += "<item><title>" + title(k, i) + "</title>"
           "<link>https://example.com/" + std::to_string(k) + "/story/" + id + "?utm_source=rss</link>"
           "<guid isPermaLink=\"false\">urn:bench:" + id + "</guid>"
           "<pubDate>Thu, 26 Nov 2026 0" + std::to_string(i % 10) + ":" + std::to_string(10 + i % 50) +
           ":00 GMT</pubDate><description>&lt;p&gt;The talks, which stalled in the spring, are expected to "
           "cover spending on schools, roads and the health service &amp;amp; more.&lt;/p&gt;</description></item>\n";
  }
  return xml + "</channel></rss>\n";
}

using headliner::test::HttpResponse;

// Every way a feed server misbehaves, one path each.
void add_hostile_routes(headliner::test::HttpServer& server) {
  const std::map<std::string, std::string> rss = {{"Content-Type", "application/rss+xml"}};
  HttpResponse slow{200, rss, feed(0)};
  slow.delay_before_headers = std::chrono::seconds(3600);
  server.route("/bad/slow-headers", slow);
  HttpResponse stall{200, rss, feed(1)};
  stall.stall_after = 2000;
  server.route("/bad/stall", stall);
  HttpResponse reset{200, rss, feed(2)};
  reset.reset_after = 2000;
  server.route("/bad/reset", reset);
  HttpResponse cut{200, rss, feed(3)};
  cut.close_after = 2000;
  server.route("/bad/truncated", cut);
  HttpResponse endless{200, rss, std::string(64 * 1024, 'x')};
  endless.endless = true;
  server.route("/bad/endless", endless);
  server.route("/bad/gzip-bomb", HttpResponse{200, {{"Content-Type", "application/rss+xml"}, {"Content-Encoding", "gzip"}},
                                              headliner::test::gzip_of_repeated_x(std::size_t{64} << 20)});
  HttpResponse mute{200, rss, ""};
  mute.close_without_response = true;
  server.route("/bad/no-answer", mute);
  server.route("/bad/loop", HttpResponse{302, {{"Location", "/bad/loop"}}, ""});
  server.route("/bad/moved", HttpResponse{301, {{"Location", "/feed/0.xml"}}, ""});
  server.route("/bad/404", HttpResponse{404, {}, "<html><body>Not here</body></html>"});
  server.route("/bad/500", HttpResponse{500, {}, "<html><body>Oops</body></html>"});
  server.route("/bad/503", HttpResponse{503, {{"Retry-After", "120"}}, ""});
  server.route("/bad/429", HttpResponse{429, {{"Retry-After", "300"}}, ""});
  server.route("/bad/html", HttpResponse{200, {{"Content-Type", "text/html"}},
                                         "<!DOCTYPE html><html><head><title>Welcome</title></head><body>Home</body></html>"});
  server.route("/bad/empty", HttpResponse{200, rss, ""});
  std::string junk;
  std::uint32_t x = 2463534242u;
  for (int i = 0; i < 8192; ++i) x ^= x << 13, x ^= x >> 17, x ^= x << 5, junk.push_back(static_cast<char>(x));
  server.route("/bad/random", HttpResponse{200, {{"Content-Type", "application/octet-stream"}}, junk});
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::stoi(argv[1]) : 10;
  // Blocked before the server's thread starts, so that only sigwait() sees them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  headliner::test::HttpServer server;
  // The server answers from one thread; atomics keep the handlers honest anyway.
  static std::atomic<int> ok{0}, not_modified{0}, advances{0};
  for (int k = 0; k < n; ++k) {
    std::string body = feed(k);
    server.route("/feed/" + std::to_string(k) + ".xml", [k, body](const headliner::test::HttpRequest& r) {
      // After A advances, feed K moved on at each advance a with (K + a) even.
      int a = advances.load(), shift = 0;
      for (int step = 1; step <= a; ++step) shift += (k + step) % 2 == 0;
      std::string etag = "\"v";  // appended piecewise: g++ 12 warns falsely on a + chain (-Wrestrict)
      etag += std::to_string(k);
      if (shift) {
        etag += '.';
        etag += std::to_string(shift);
      }
      etag += '"';
      auto match = r.headers.find("if-none-match");
      if (match != r.headers.end() && match->second == etag) {
        ++not_modified;
        return headliner::test::HttpResponse{304, {{"ETag", etag}}, ""};
      }
      ++ok;
      return headliner::test::HttpResponse{200, {{"ETag", etag}, {"Content-Type", "application/rss+xml"}},
                                           shift ? feed(k, shift) : body};
    });
  }
  server.route("/stats", [](const headliner::test::HttpRequest&) {
    return headliner::test::HttpResponse{
        200, {{"Content-Type", "text/plain"}},
        "200 " + std::to_string(ok.load()) + " 304 " + std::to_string(not_modified.load()) + "\n"};
  });
  server.route("/advance", [](const headliner::test::HttpRequest&) {
    return headliner::test::HttpResponse{200, {{"Content-Type", "text/plain"}},
                                         std::to_string(++advances) + "\n"};
  });
  if (argc > 2 && std::string(argv[2]) == "--hostile") add_hostile_routes(server);
  std::cout << server.port() << std::endl;
  int signal = 0;
  sigwait(&stop, &signal);
  return 0;
}
