#include "vanthu/docmgmt/UserName.hpp"

#include "vanthu/docmgmt/Errors.hpp"

namespace vanthu::docmgmt {

std::string usernameKey(std::string_view name) {
    std::string key(name);
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return key;
}

std::string acceptedUsername(std::string_view name) {
    std::string key = usernameKey(name);
    if (key.size() < kUsernameMin || key.size() > kUsernameMax) {
        throw InvalidInput("username", "Tên đăng nhập phải dài từ " + std::to_string(kUsernameMin) +
                                           " đến " + std::to_string(kUsernameMax) + " ký tự.");
    }
    for (const char c : key) {
        const bool allowed =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!allowed) {
            throw InvalidInput("username", "Tên đăng nhập chỉ gồm chữ cái không dấu a–z, chữ số "
                                           "và các dấu . _ -");
        }
    }
    return key;
}

} // namespace vanthu::docmgmt
