#pragma once
// Files compiled into the binary (server/CMakeLists.txt embeds them at build time), so the
// server does not depend on its working directory.
#include <string_view>

namespace vanthu::http::embedded {

extern const std::string_view openApiJson;     ///< server/api/openapi.json
extern const std::string_view placeholderHtml; ///< server/api/placeholder.html

} // namespace vanthu::http::embedded
