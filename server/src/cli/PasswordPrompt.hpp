#pragma once
// A new password for `vanthu init` and `vanthu admin`: asked twice without echo on a terminal,
// otherwise the first line of standard input (for scripts). Never a default.
#include <string>

namespace vanthu::cli {

/// The password typed for `who`; throws UsageError when none is given or the two differ.
std::string readNewPassword(const std::string& who);

} // namespace vanthu::cli
