// Reading a fetched web page the way its readers see it, for the website monitor: the title, the
// visible text (scripts, styles and comments left out, entities decoded, whitespace folded), the
// text and links inside elements hidden from readers (display:none, visibility:hidden, zero font
// size, pushed off-screen, the hidden attribute — where injected spam hides), and the links,
// scripts and frames. A tolerant scanner, not a validating parser: broken markup still reads,
// every list and depth is bounded. Thread-safe.
#pragma once

#include <string_view>

#include "domain/website.hpp"

namespace ungcuu::monitor {

/// Pages past this are read up to it.
inline constexpr std::size_t kMaxPageBytes = std::size_t{4} << 20;

domain::PageFacts ReadPage(std::string_view html);

}  // namespace ungcuu::monitor
