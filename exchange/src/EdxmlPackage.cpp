#include "vanthu/exchange/EdxmlPackage.hpp"

namespace vanthu::exchange {

std::string commaDocumentId(const std::string& organId, const std::string& promulgationDate,
                            const Code& code) {
    const std::string number = code.codeNumber.empty() ? std::string() : code.codeNumber + "/";
    return organId + "," + promulgationDate + "," + number + code.codeNotation;
}

} // namespace vanthu::exchange
