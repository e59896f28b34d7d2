#pragma once
// A secret document's or a case file's limit to named people (giới hạn người được xem, NĐ 30
// Phụ lục VI III.3b; docs/access-rules.md "Secret documents"). Read with the document from the
// storage, so that every visibility check (OutgoingFlow::canSee, canSeeIncoming,
// CaseFiles::visibleFile) applies it without another query.
#include <algorithm>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

struct AccessLimit {
    bool limited = false;    ///< true: only the named people (and those who must act) see it
    std::vector<Id> readers; ///< the named people, in order of id
    bool names(Id userId) const {
        return std::find(readers.begin(), readers.end(), userId) != readers.end();
    }
    /// Whether the limit lets this user through (an unlimited object lets everyone through;
    /// the ordinary rules still apply).
    bool lets(Id userId) const { return !limited || names(userId); }
};

} // namespace vanthu::docmgmt
