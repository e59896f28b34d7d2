#pragma once
// A saved search (tìm kiếm đã lưu, NĐ 30 Phụ lục VI 6e): a name, the query as the search page
// writes it ("q=…&type=CV&handler=…") and the columns chosen for its results (6đ); its owner's,
// or shared with everyone of the owner's office.
#include <string>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

struct SavedSearch {
    Id id = 0;
    Id officeId = 0;
    Id ownerId = 0;
    std::string name;    ///< unique among the owner's saved searches
    std::string query;   ///< URL query string of /api/search (without limit and offset)
    std::string columns; ///< the chosen columns, comma-separated ("notation,subject,date")
    bool shared = false; ///< seen by every user of the office (changed only by its owner)
    std::string createdAt, updatedAt;
    int version = 1; ///< raised by each update: an update from an older one is refused
};

} // namespace vanthu::docmgmt
