#pragma once
// Text written into XML or HTML by hand (the archive manifest, the case file's metadata, the
// search results' export table): one escaping for all of them.
#include <string>

namespace vanthu::docmgmt {

/// Text for XML (or HTML) content and attributes: & < > " escaped; C0 controls other than tab
/// and line breaks, which XML 1.0 does not allow, become spaces.
std::string xmlEscaped(const std::string& text);

} // namespace vanthu::docmgmt
