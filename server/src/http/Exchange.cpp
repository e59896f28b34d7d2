#include "http/Exchange.hpp"

#include <charconv>

#include "http/ApiError.hpp"
#include "http/Json.hpp"

namespace vanthu::http {

Poco::JSON::Object::Ptr Exchange::json(std::span<const Field> fields) const {
    return parseObject(body, fields);
}

std::string Exchange::param(const std::string& name, const std::string& fallback) const {
    for (const auto& [key, value] : query) {
        if (key == name) {
            return value;
        }
    }
    return fallback;
}

namespace {

std::optional<long long> parseInteger(const std::string& text) {
    long long value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::optional<long long> Exchange::integerParam(const std::string& name) const {
    const std::string text = param(name);
    if (text.empty()) {
        return std::nullopt;
    }
    const auto value = parseInteger(text);
    if (!value) {
        throw ApiError::invalid(name, "Tham số \"" + name + "\" phải là số nguyên.");
    }
    return value;
}

const User& Exchange::me() const {
    if (!user) {
        throw ApiError::unauthenticated("Bạn cần đăng nhập để tiếp tục.");
    }
    return *user;
}

Id Exchange::idAt(std::size_t index) const {
    const auto value = index < segments.size() ? parseInteger(segments[index]) : std::nullopt;
    if (!value || *value <= 0) {
        throw ApiError::notFound("Không tìm thấy địa chỉ này.");
    }
    return *value;
}

} // namespace vanthu::http
