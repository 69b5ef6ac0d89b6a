#include "lcdproc/lcdproc_protocol.hpp"

#include <charconv>
#include <vector>

namespace headliner::lcdproc {
namespace {

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

// The line after its first word, without the spaces between them.
std::string_view rest_after_first_word(std::string_view line) {
  std::size_t end = line.find_first_of(" \t");
  if (end == std::string_view::npos) return {};
  std::size_t start = line.find_first_not_of(" \t", end);
  return start == std::string_view::npos ? std::string_view{} : line.substr(start);
}

std::optional<int> positive_int(std::string_view word) {
  int value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc{} || end != word.data() + word.size() || value <= 0) return std::nullopt;
  return value;
}

ServerMessage parse_connect(std::string_view line, const std::vector<std::string_view>& words) {
  ServerInfo info;
  // Names each followed by a value ("lcd" stands alone and is skipped).
  for (std::size_t i = 1; i + 1 < words.size(); ++i) {
    std::string_view name = words[i], value = words[i + 1];
    if (name == "LCDproc") info.version = value;
    else if (name == "protocol") info.protocol = value;
    else if (name == "wid") info.cols = positive_int(value).value_or(0);
    else if (name == "hgt") info.rows = positive_int(value).value_or(0);
    else if (name == "cellwid") info.cell_width = positive_int(value).value_or(0);
    else if (name == "cellhgt") info.cell_height = positive_int(value).value_or(0);
    else continue;
    ++i;
  }
  if (info.cols <= 0 || info.rows <= 0) return {MessageKind::kUnknown, std::string(line), {}};
  return {MessageKind::kConnect, {}, std::move(info)};
}

}  // namespace

std::string quote(std::string_view bytes) {
  std::string quoted;
  quoted.reserve(bytes.size() + 2);
  quoted.push_back('"');
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      quoted.push_back('?');
      continue;
    }
    if (c == '"' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

ServerMessage parse_message(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> words = split_words(line);
  if (words.empty()) return {MessageKind::kUnknown, std::string(line), {}};
  std::string_view first = words[0];
  std::string rest(rest_after_first_word(line));
  if (first == "success" && words.size() == 1) return {MessageKind::kSuccess, {}, {}};
  if (first == "huh?") return {MessageKind::kHuh, std::move(rest), {}};
  if (first == "bye" && words.size() == 1) return {MessageKind::kBye, {}, {}};
  if (first == "connect") return parse_connect(line, words);
  if (words.size() == 2) {
    if (first == "listen") return {MessageKind::kListen, std::string(words[1]), {}};
    if (first == "ignore") return {MessageKind::kIgnore, std::string(words[1]), {}};
    if (first == "key") return {MessageKind::kKey, std::string(words[1]), {}};
  }
  if (first == "menuevent" && words.size() >= 2) return {MessageKind::kMenuEvent, std::move(rest), {}};
  return {MessageKind::kUnknown, std::string(line), {}};
}

std::optional<UserKey> user_key_for(std::string_view key) {
  if (key == "Up" || key == "Left") return UserKey::kPrevious;
  if (key == "Down" || key == "Right") return UserKey::kNext;
  if (key == "Enter") return UserKey::kPause;
  return std::nullopt;
}

}  // namespace headliner::lcdproc
