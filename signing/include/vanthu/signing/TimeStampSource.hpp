#pragma once
// Something that issues RFC 3161 time-stamp tokens: a remote TSA over HTTP or the built-in one.
#include <string_view>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

class TimeStampSource {
public:
    virtual ~TimeStampSource() = default;
    /// A TimeStampToken (DER ContentInfo) over a SHA-256 message imprint. Throws on failure.
    virtual Bytes timeStamp(std::string_view sha256Digest) = 0;
};

} // namespace vanthu::signing
