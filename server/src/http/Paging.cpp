#include "http/Paging.hpp"

#include <charconv>

#include "http/ApiError.hpp"
#include "http/Json.hpp"

namespace vanthu::http {

namespace {

bool named(const Exchange& exchange, const std::string& name) {
    for (const auto& [key, value] : exchange.query) {
        if (key == name) {
            return true;
        }
    }
    return false;
}

/// An integer query parameter within low..high, or fallback when absent (400 otherwise: not a
/// number, empty, or out of bounds).
long long boundedPageParam(const Exchange& exchange, const std::string& name, long long fallback,
                           long long low, long long high, const std::string& message) {
    if (!named(exchange, name)) {
        return fallback;
    }
    const std::string text = exchange.param(name);
    long long value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value < low || value > high) {
        throw ApiError(400, "bad-request", message, name);
    }
    return value;
}

} // namespace

docmgmt::PageRequest pageRequest(const Exchange& exchange) {
    docmgmt::PageRequest page;
    page.limit =
        static_cast<int>(boundedPageParam(exchange, "limit", kDefaultPageSize, 1, kMaxPageSize,
                                          "Số dòng mỗi trang (limit) phải là số nguyên từ 1 đến " +
                                              std::to_string(kMaxPageSize) + "."));
    page.offset = static_cast<int>(boundedPageParam(
        exchange, "offset", 0, 0, kMaxOffset,
        "Vị trí bắt đầu (offset) phải là số nguyên từ 0 đến " + std::to_string(kMaxOffset) + "."));
    return page;
}

std::optional<docmgmt::PageRequest> optionalPageRequest(const Exchange& exchange) {
    if (!named(exchange, "limit") && !named(exchange, "offset")) {
        return std::nullopt;
    }
    return pageRequest(exchange);
}

Poco::JSON::Object::Ptr pagedJson(const Poco::JSON::Array::Ptr& items, std::int64_t total,
                                  const docmgmt::PageRequest& page, const std::string& name) {
    auto json = newObject();
    json->set("total", static_cast<Poco::Int64>(total));
    json->set("limit", page.limit);
    json->set("offset", page.offset);
    json->set(name, items);
    return json;
}

Poco::JSON::Object::Ptr slicedJson(const Poco::JSON::Array::Ptr& all,
                                   const docmgmt::PageRequest& page) {
    auto items = newArray();
    const auto size = static_cast<long long>(all->size());
    for (long long i = page.offset; i < size && i < page.offset + page.limit; ++i) {
        items->add(all->get(static_cast<unsigned>(i)));
    }
    return pagedJson(items, size, page);
}

void sendList(Exchange& exchange, const Poco::JSON::Array::Ptr& all) {
    if (const auto page = optionalPageRequest(exchange)) {
        sendJson(exchange.response, 200, slicedJson(all, *page));
        return;
    }
    sendJson(exchange.response, 200, all);
}

} // namespace vanthu::http
