#pragma once
// Lists read a page at a time (issue 17 item 4).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

namespace vanthu::docmgmt {

/// Which page of a list is asked for (issue 17 item 4): at most limit rows from offset (0 is
/// the first row). The HTTP layer bounds both before they get here.
struct PageRequest {
    int limit = 50;
    int offset = 0;
};

/// One page of a list and how many rows the whole list has with the same filter.
template <typename Row> struct Paged {
    std::vector<Row> items;
    std::int64_t total = 0;
};

/// The page of all that page asks for, and all's size as the total: for lists that are cut
/// after they are read whole (a filter the database cannot apply, a backend without paging).
template <typename Row> Paged<Row> pageOf(std::vector<Row> all, const PageRequest& page) {
    Paged<Row> out;
    out.total = static_cast<std::int64_t>(all.size());
    const auto from = std::min(all.size(), static_cast<std::size_t>(std::max(page.offset, 0)));
    const auto to = std::min(all.size(), from + static_cast<std::size_t>(std::max(page.limit, 0)));
    out.items.assign(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(from)),
                     std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(to)));
    return out;
}
} // namespace vanthu::docmgmt
