#include "IssueStamping.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"

#include "vanthu/templates/IssueStamp.hpp"

namespace vanthu::docmgmt {

std::string stampIssue(std::string_view signedPdf, const templates::OfficialDocument& issued) {
    return templates::stampIssueDetails(signedPdf, issued);
}

bool issueStampAvailable() {
    return true;
}

} // namespace vanthu::docmgmt
