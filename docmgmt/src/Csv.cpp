#include "Csv.hpp"

#include <string_view>

namespace vanthu::docmgmt::csv {

std::string field(const std::string& text) {
    const bool formula =
        !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string::npos;
    const std::string value = formula ? "'" + text : text;
    if (value.find_first_of(",\"\r\n;") == std::string::npos) {
        return value;
    }
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    return out + "\"";
}

std::string writtenDate(const std::string& iso) {
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') {
        return iso;
    }
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

} // namespace vanthu::docmgmt::csv
