// The client side of LCDproc's text protocol (LCDd, protocol 0.3), as pure
// functions: quoting a string so that LCDd's command parser reads it back as
// one argument, byte for byte, and reading the lines LCDd sends.
//
// LCDd splits a command line (server/parse.c) at spaces, tabs and CRs; "…"
// and {…} group an argument; a backslash takes the next byte literally,
// except \n, \r and \t, which become those controls; a newline or NUL ends the
// command. Every command is answered with "success" or "huh? <why>"
// (screen_set answers once per option it sets). Between answers LCDd may send
// "listen <screen>" / "ignore <screen>" (our screen became visible / hidden),
// "key <name>" (a reserved key was pressed) and "menuevent …".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "char_device.hpp"

namespace headliner::lcdproc {

// `bytes` (in the server's charset, e.g. Latin-1) as one quoted argument:
// wrapped in "…", with " and \ escaped by a backslash. A control byte
// (< 0x20, or 0x7F) becomes '?': a display cannot show it, and a newline or NUL
// would end the command. The result never contains a byte < 0x20.
std::string quote(std::string_view bytes);

// What LCDd answered `hello` with: "connect LCDproc 0.5.9 protocol 0.3 lcd
// wid 20 hgt 4 cellwid 5 cellhgt 8".
struct ServerInfo {
  std::string version;   // "0.5.9"
  std::string protocol;  // "0.3"
  int cols = 0;          // wid
  int rows = 0;          // hgt
  int cell_width = 0;    // cellwid (pixels)
  int cell_height = 0;   // cellhgt
};

enum class MessageKind {
  kConnect,    // the answer to hello; `info` is filled, cols and rows > 0
  kSuccess,    // a command succeeded
  kHuh,        // a command failed; `text` says why ("Unknown screen id")
  kListen,     // the screen `text` is shown now
  kIgnore,     // the screen `text` is no longer shown
  kKey,        // the key `text` ("Up", "Enter") was pressed
  kMenuEvent,  // a client menu event; `text` is the rest of the line
  kBye,        // the server is going away
  kUnknown,    // anything else (`text` is the whole line); also a connect line without a usable size
};

struct ServerMessage {
  MessageKind kind = MessageKind::kUnknown;
  std::string text;
  ServerInfo info;
};

// Reads one line from LCDd (without its newline; a trailing CR is ignored).
ServerMessage parse_message(std::string_view line);

// The keys headliner reserves (shared: LCDd sends them only while our screen
// is the one shown, and its menu key stays with LCDd), in the order of the
// client_add_key command.
inline constexpr std::string_view kReservedKeys[] = {"Up", "Down", "Left", "Right", "Enter"};

// What a key does: Up/Left the previous headline, Down/Right the next one,
// Enter pauses; other keys nothing.
std::optional<UserKey> user_key_for(std::string_view key);

}  // namespace headliner::lcdproc
