#pragma once
// The one place issuing calls templates::stampIssueDetails (number and date into the signed
// draft's form fields). Two implementations: the real call, and a stand-in while templates does
// not provide it yet (docmgmt/CMakeLists.txt picks one).
#include <string>
#include <string_view>

#include "vanthu/templates/OfficialDocument.hpp"

namespace vanthu::docmgmt {

std::string stampIssue(std::string_view signedPdf, const templates::OfficialDocument& issued);

} // namespace vanthu::docmgmt
