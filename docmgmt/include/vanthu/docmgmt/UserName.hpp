#pragma once
// User names (tên đăng nhập): lower-case, of a fixed alphabet and length, so that two names
// never differ only in case or by an invisible character (issue 19).
#include <string>
#include <string_view>

namespace vanthu::docmgmt {

inline constexpr std::size_t kUsernameMin = 3;
inline constexpr std::size_t kUsernameMax = 64;

/// The name as it is stored: A–Z lowered, then only a–z, 0–9, '.', '_' and '-', 3 to 64 of
/// them. Throws InvalidInput("username", a Vietnamese sentence) otherwise.
std::string acceptedUsername(std::string_view name);

/// The name a sign-in looks up: A–Z lowered (names are stored lower-case).
std::string usernameKey(std::string_view name);

} // namespace vanthu::docmgmt
