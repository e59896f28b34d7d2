#pragma once
// A built-in RFC 3161 time-stamping authority: answers TimeStampReq DER with TimeStampResp DER,
// signed by a key whose certificate has the critical timeStamping extended key usage. Used
// in-process (B-T offline, tests) and behind `vanthu tsa serve`.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/TimeStampSource.hpp"

namespace vanthu::signing {

inline constexpr const char* kDemoTsaPolicy = "1.3.6.1.4.1.99999.3161.1";

class TimeStampAuthority : public TimeStampSource {
public:
    /// Reads the TSA key and certificates from a PKCS#12 file; checks the key usage.
    static std::unique_ptr<TimeStampAuthority> fromPkcs12(const std::string& path,
                                                          const std::string& password);
    TimeStampAuthority(EvpPkeyPtr key, X509Ptr certificate, std::vector<X509Ptr> chain);

    /// The answer to one request (always a TimeStampResp; rejections carry a failure status).
    Bytes respond(std::string_view requestDer);
    /// In-process: a token over a SHA-256 digest.
    Bytes timeStamp(std::string_view sha256Digest) override;

    X509* certificate() const { return certificate_.get(); }

    /// The hash the TSA signs its tokens with: SHA-256. Tests set SHA-1 to make the tokens an
    /// old TSA made (a time-stamp whose algorithm has weakened, issue 21 item 4).
    void setSignerDigest(const EVP_MD* digest) { signerDigest_ = digest; }

private:
    EvpPkeyPtr key_;
    X509Ptr certificate_;
    std::vector<X509Ptr> chain_;
    std::atomic<unsigned long long> serial_{0};
    std::atomic<const EVP_MD*> signerDigest_{EVP_sha256()};
};

/// A time-stamp request DER for a SHA-256 digest, with a random nonce (returned).
Bytes makeTimeStampRequest(std::string_view sha256Digest, Bytes* nonce = nullptr);
/// Checks a TimeStampResp against the request and returns its token (DER ContentInfo). Throws
/// with the TSA's own status text when it refused.
Bytes tokenFromResponse(std::string_view responseDer, std::string_view sha256Digest,
                        std::string_view nonce);

} // namespace vanthu::signing
