// libFuzzer target: a JSON request body as every endpoint reads it (http::parseObject: the
// JSON parse and the text check of every key, value and list item), once with the draft's
// field list (POST/PUT /api/documents) and once without (sign-in). An ApiError (400) is the
// expected answer to bad input; anything else escaping, a crash or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/ApiError.hpp"
#include "http/Json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace vanthu::http;
    const std::string body(reinterpret_cast<const char*>(data), size);
    try {
        const auto draft = parseObject(body, kDraftFields);
        (void)optionalString(draft, "subject");
        (void)stringList(draft, "recipients");
        (void)optionalInteger(draft, "signerId");
        (void)toJsonText(draft);
    } catch (const ApiError&) {
    }
    try {
        const auto signIn = parseObject(body);
        (void)optionalString(signIn, "username");
    } catch (const ApiError&) {
    }
    return 0;
}
