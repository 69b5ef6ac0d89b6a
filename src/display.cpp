#include "display.hpp"

namespace headliner {

std::string source_label(const Story& story) {
  std::string label = story.feed;
  if (story.sources.size() > 1) label += " +" + std::to_string(story.sources.size() - 1);
  return label;
}

Slide make_slide(const Story& story, WallTime now, std::string color, int failing_feeds) {
  auto age = std::chrono::duration_cast<std::chrono::seconds>(now - story.time);
  return Slide{story.title, source_label(story), format_age(std::max(age, std::chrono::seconds(0))),
               std::move(color), failing_feeds};
}

}  // namespace headliner
