// The algorithm policy (issue 21 item 4, renewal when an algorithm weakens): the dates until
// which hashes and keys are accepted, by size, and the names of algorithms as OpenSSL gives them.
#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/objects.h>

#include "vanthu/signing/AlgorithmPolicy.hpp"

using namespace vanthu::signing;

namespace {

constexpr std::int64_t kFirstDayOf2014 = 1388534400;
constexpr std::int64_t kFirstDayOf2031 = 1924992000;

} // namespace

TEST_CASE("AlgorithmPolicy: the standard dates for hashes and keys by size", "[algorithms]") {
    const auto& policy = AlgorithmPolicy::standard();
    CHECK(policy.acceptedUntil({"SHA-1", 0}) == kFirstDayOf2014);
    CHECK(policy.acceptedUntil({"SHA-256", 0}) == kAcceptedWithoutEnd);
    CHECK(policy.acceptedUntil({"SHA-512", 0}) == kAcceptedWithoutEnd);
    CHECK(policy.acceptedUntil({"RSA", 1024}) == kFirstDayOf2014);
    CHECK(policy.acceptedUntil({"RSA", 2048}) == kFirstDayOf2031);
    CHECK(policy.acceptedUntil({"RSA", 3072}) == kAcceptedWithoutEnd);
    CHECK(policy.acceptedUntil({"RSA", 4096}) == kAcceptedWithoutEnd);
    CHECK(policy.acceptedUntil({"EC", 256}) == kAcceptedWithoutEnd);
    CHECK(policy.acceptedUntil({"EC", 224}) == kFirstDayOf2031);
    CHECK(policy.acceptedUntil({"MD5", 0}) == 0); // not named: never accepted
    CHECK(policy.strongAt({"RSA", 2048}, kFirstDayOf2031 - 1));
    CHECK_FALSE(policy.strongAt({"RSA", 2048}, kFirstDayOf2031));
    CHECK_FALSE(policy.strongAt({"SHA-1", 0}, kFirstDayOf2014));

    // A policy of one's own: the rule with the largest size not above the key's.
    const AlgorithmPolicy own({{"RSA", 2048, 100}, {"RSA", 4096, 200}});
    CHECK(own.acceptedUntil({"RSA", 3072}) == 100);
    CHECK(own.acceptedUntil({"RSA", 8192}) == 200);
    CHECK(own.acceptedUntil({"RSA", 1024}) == 0);
}

TEST_CASE("AlgorithmPolicy: algorithms named from OpenSSL's digests and keys", "[algorithms]") {
    CHECK(hashAlgorithm(NID_sha1).label() == "SHA-1");
    CHECK(hashAlgorithm(NID_sha256).label() == "SHA-256");
    CHECK(hashAlgorithm(NID_undef).label() == "(unknown)");
    const EvpPkeyPtr rsa(EVP_RSA_gen(2048));
    REQUIRE(rsa);
    CHECK(keyAlgorithm(rsa.get()).label() == "RSA-2048");
    const EvpPkeyPtr ec(EVP_EC_gen("P-256"));
    REQUIRE(ec);
    CHECK(keyAlgorithm(ec.get()).label() == "EC-256");
}
