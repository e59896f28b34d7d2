#pragma once
// The verification report across the sandbox's pipe: a compact length-prefixed encoding of
// VerifyReport (no JSON parser, so that the verifier needs no Poco).
#include <string>
#include <string_view>

#include "vanthu/signing/SignatureVerifier.hpp"

namespace vanthu::signing::wire {

std::string pack(const VerifyReport& report);
/// Throws std::runtime_error when bytes are not what pack wrote.
VerifyReport unpack(std::string_view bytes);

} // namespace vanthu::signing::wire
