// Feed bytes in whatever encoding they came in, as UTF-8 that pugixml can trust.
//
// The encoding is found as browsers and feedparser find it: a byte order
// mark, then the XML declaration, then the HTTP Content-Type charset, then
// UTF-8. Everything else is converted with iconv. Invalid UTF-8 is repaired:
// a stray byte is read as Windows-1252 (the usual mistake), else U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace headliner {

class Utf8Document {
 public:
  // Repair::now: text() is valid UTF-8. Repair::by_reader: bytes that are
  // already UTF-8 are passed on as they are, invalid sequences included, for
  // a reader that repairs (repair_utf8) the little it reads: a feed parser
  // reads a tenth of a feed, and a pass over all of it was 7% of the parse.
  enum class Repair { now, by_reader };

  Utf8Document(std::string_view bytes, std::string_view content_type, Repair repair = Repair::now);
  Utf8Document(const Utf8Document&) = delete;  // text() may point into converted_
  Utf8Document& operator=(const Utf8Document&) = delete;

  // UTF-8 without a byte order mark; valid unless Repair::by_reader.
  std::string_view text() const { return text_; }
  // The encoding the bytes were read as, lower case: "utf-8", "windows-1252", …
  const std::string& encoding() const { return encoding_; }

 private:
  std::string converted_;
  std::string_view text_;
  std::string encoding_;
};

// The charset parameter of a Content-Type header value, lower case; "" if none.
std::string charset_of_content_type(std::string_view content_type);

// The encoding named in an XML declaration at the start of ASCII-compatible
// bytes, lower case; "" if none.
std::string charset_of_xml_declaration(std::string_view bytes);

// `bytes` with every invalid UTF-8 sequence replaced (Windows-1252 guess,
// else U+FFFD). Returns false and leaves `out` alone when nothing needed repair.
bool repair_utf8(std::string_view bytes, std::string& out);

}  // namespace headliner
