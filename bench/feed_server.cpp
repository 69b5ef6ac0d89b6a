// Serves N synthetic news feeds on 127.0.0.1 for bench/fetch_many:
// /feed/K.xml, 20 to 100 items each (realistic sizes, 10–45 KB), with an ETag
// and 304 answers to a matching If-None-Match. With --hostile, also one path
// per fault under /bad/ (see add_hostile_routes). Prints the port, then
// serves until SIGINT or SIGTERM.
#include <signal.h>

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

std::string feed(int k) {
  int items = 20 + (k * 37) % 81;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Feed " +
                    std::to_string(k) + "</title><link>https://example.com/" + std::to_string(k) + "</link>\n";
  for (int i = 0; i < items; ++i) {
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
  for (int k = 0; k < n; ++k) {
    std::string etag = "\"v" + std::to_string(k) + "\"";
    std::string body = feed(k);
    server.route("/feed/" + std::to_string(k) + ".xml", [etag, body](const headliner::test::HttpRequest& r) {
      auto match = r.headers.find("if-none-match");
      if (match != r.headers.end() && match->second == etag)
        return headliner::test::HttpResponse{304, {{"ETag", etag}}, ""};
      return headliner::test::HttpResponse{200, {{"ETag", etag}, {"Content-Type", "application/rss+xml"}}, body};
    });
  }
  if (argc > 2 && std::string(argv[2]) == "--hostile") add_hostile_routes(server);
  std::cout << server.port() << std::endl;
  int signal = 0;
  sigwait(&stop, &signal);
  return 0;
}
