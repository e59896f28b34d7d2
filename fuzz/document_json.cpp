// libFuzzer target: the document JSON input format (templates::parseDocumentJson, which every
// draft passes through before it is rendered) and the body markup on its own
// (templates::parseBodyMarkup). InvalidDocument (JSON) and std::invalid_argument (markup) are
// the expected answers to bad input; anything else escaping, a crash or a sanitizer report is
// a bug.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "vanthu/templates/BodyMarkup.hpp"
#include "vanthu/templates/DocumentJson.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace vanthu::templates;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)parseDocumentJson(text);
    } catch (const InvalidDocument&) {
    }
    try {
        (void)parseBodyMarkup(text);
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
