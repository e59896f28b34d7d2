#pragma once
// A linear pass over the bytes before the XML parser sees them: counts elements, nesting depth,
// attributes per element and text run lengths, and refuses a document over ReadLimits. It
// parses nothing for use (Xerces-C does): it only keeps the parser's cost linear in the body
// (Xerces-C is quadratic on very deep nesting and on many attributes of one element).
#include <string_view>

#include "vanthu/exchange/PackageReader.hpp"

namespace vanthu::exchange::detail {

/// Throws RefusedPackage(TooLarge) over a limit, RefusedPackage(Malformed) for an unterminated
/// tag, comment, CDATA section or processing instruction.
void prescan(std::string_view xml, const ReadLimits& limits);

} // namespace vanthu::exchange::detail
