#pragma once
// Paged lists (issue 17 item 4): the page a request asks for (?limit=&offset=, bounded, 400 in
// Vietnamese when not) and the paged answer {total, limit, offset, <items>}.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

#include "http/Exchange.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::http {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
constexpr long long kMaxOffset = 100'000'000;

/// The page asked for: limit 1..kMaxPageSize (default kDefaultPageSize), offset
/// 0..kMaxOffset (default 0). A bad value is answered 400 with code "bad-request".
docmgmt::PageRequest pageRequest(const Exchange& exchange);
/// pageRequest when the request names limit or offset, else nothing: lists the web UI reads
/// whole (offices, users, documents, incoming) keep their old array for such a request.
std::optional<docmgmt::PageRequest> optionalPageRequest(const Exchange& exchange);

/// {"total": N, "limit": L, "offset": O, name: items}
Poco::JSON::Object::Ptr pagedJson(const Poco::JSON::Array::Ptr& items, std::int64_t total,
                                  const docmgmt::PageRequest& page,
                                  const std::string& name = "items");

/// One page of a list read whole because it is small by nature (an office's case files, a
/// year's file list, the access notices), as pagedJson with its total.
Poco::JSON::Object::Ptr slicedJson(const Poco::JSON::Array::Ptr& all,
                                   const docmgmt::PageRequest& page);
/// The answer of a list that pages on request: slicedJson when the request names limit or
/// offset, else the whole array as before.
void sendList(Exchange& exchange, const Poco::JSON::Array::Ptr& all);

} // namespace vanthu::http
