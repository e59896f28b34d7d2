#include "IssueStamping.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"

namespace vanthu::docmgmt {

// Stand-in until templates::stampIssueDetails exists: the signed PDF is sealed as it is, so
// the number and date are in the register and the metadata but not yet on the page.
std::string stampIssue(std::string_view signedPdf, const templates::OfficialDocument&) {
    return std::string(signedPdf);
}

bool issueStampAvailable() {
    return false;
}

} // namespace vanthu::docmgmt
