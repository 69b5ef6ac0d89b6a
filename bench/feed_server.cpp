// Serves N synthetic news feeds on 127.0.0.1 for bench/fetch_many:
// /feed/K.xml, 20 to 100 items each (realistic sizes, 10–45 KB), with an ETag
// and 304 answers to a matching If-None-Match. Prints the port, then serves
// until SIGINT or SIGTERM.
#include <signal.h>

#include <iostream>
#include <string>

#include "support/http_server.hpp"

namespace {

std::string feed(int k) {
  int items = 20 + (k * 37) % 81;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Feed " +
                    std::to_string(k) + "</title><link>https://example.com/" + std::to_string(k) + "</link>\n";
  for (int i = 0; i < items; ++i) {
    std::string id = std::to_string(k) + "-" + std::to_string(i);
    xml += "<item><title>Story " + id + ": officials say talks on the budget will resume next week</title>"
           "<link>https://example.com/" + std::to_string(k) + "/story/" + id + "?utm_source=rss</link>"
           "<guid isPermaLink=\"false\">urn:bench:" + id + "</guid>"
           "<pubDate>Thu, 26 Nov 2026 0" + std::to_string(i % 10) + ":" + std::to_string(10 + i % 50) +
           ":00 GMT</pubDate><description>&lt;p&gt;The talks, which stalled in the spring, are expected to "
           "cover spending on schools, roads and the health service &amp;amp; more.&lt;/p&gt;</description></item>\n";
  }
  return xml + "</channel></rss>\n";
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
  std::cout << server.port() << std::endl;
  int signal = 0;
  sigwait(&stop, &signal);
  return 0;
}
