#pragma once
// Issuing a signed draft: the clerk's number and date go into the form fields the renderer left
// for them (DocumentNumber, IssuePlaceDate), as an incremental update, so the leader's
// signature over the earlier revision stays valid. This is how Vietnamese offices number a
// document after its signer signed it (NĐ 30/2020, Điều 15–16: numbered after signing).
#include <string>
#include <string_view>

#include "vanthu/templates/OfficialDocument.hpp"

namespace vanthu::templates {

/// Form-field names of a draft's number line and place-and-date line.
inline constexpr const char* kNumberField = "DocumentNumber";
inline constexpr const char* kPlaceDateField = "IssuePlaceDate";

/// Returns pdf with one more revision that fills the number and place-date fields with the
/// lines of `issued` (which has its number and full date). Throws std::runtime_error when the
/// PDF has no such fields (it was not rendered as a draft by vanthu).
std::string stampIssueDetails(std::string_view pdf, const OfficialDocument& issued);

} // namespace vanthu::templates
