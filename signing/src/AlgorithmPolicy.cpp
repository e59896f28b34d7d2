#include "vanthu/signing/AlgorithmPolicy.hpp"

#include <openssl/objects.h>

namespace vanthu::signing {

namespace {

constexpr std::int64_t kEndOf2013 = 1388534400; // 2014-01-01T00:00:00Z, the first day refused
constexpr std::int64_t kEndOf2030 = 1924992000; // 2031-01-01T00:00:00Z

} // namespace

std::string AlgorithmUse::label() const {
    return bits > 0 ? algorithm + "-" + std::to_string(bits) : algorithm;
}

AlgorithmUse hashAlgorithm(int digestNid) {
    switch (digestNid) {
    case NID_sha1:
        return {"SHA-1", 0};
    case NID_sha224:
        return {"SHA-224", 0};
    case NID_sha256:
        return {"SHA-256", 0};
    case NID_sha384:
        return {"SHA-384", 0};
    case NID_sha512:
        return {"SHA-512", 0};
    default: {
        const char* name = digestNid == NID_undef ? nullptr : OBJ_nid2sn(digestNid);
        return {name ? name : "(unknown)", 0};
    }
    }
}

AlgorithmUse keyAlgorithm(EVP_PKEY* key) {
    if (!key) {
        return {"(unknown)", 0};
    }
    const int bits = EVP_PKEY_get_bits(key);
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        return {"RSA", bits};
    case EVP_PKEY_EC:
        return {"EC", bits};
    case EVP_PKEY_ED25519:
        return {"Ed25519", 0};
    case EVP_PKEY_ED448:
        return {"Ed448", 0};
    default:
        return {"(unknown)", bits};
    }
}

const AlgorithmPolicy& AlgorithmPolicy::standard() {
    static const AlgorithmPolicy policy({
        {"SHA-1", 0, kEndOf2013},
        {"SHA-224", 0, kEndOf2030},
        {"SHA-256", 0, kAcceptedWithoutEnd},
        {"SHA-384", 0, kAcceptedWithoutEnd},
        {"SHA-512", 0, kAcceptedWithoutEnd},
        {"RSA", 0, kEndOf2013},
        {"RSA", 2048, kEndOf2030},
        {"RSA", 3072, kAcceptedWithoutEnd},
        {"EC", 0, kEndOf2013},
        {"EC", 224, kEndOf2030},
        {"EC", 256, kAcceptedWithoutEnd},
        {"Ed25519", 0, kAcceptedWithoutEnd},
        {"Ed448", 0, kAcceptedWithoutEnd},
    });
    return policy;
}

std::int64_t AlgorithmPolicy::acceptedUntil(const AlgorithmUse& use) const {
    const Rule* best = nullptr;
    for (const auto& rule : rules_) {
        if (rule.algorithm == use.algorithm && rule.minimumBits <= use.bits &&
            (!best || rule.minimumBits > best->minimumBits)) {
            best = &rule;
        }
    }
    return best ? best->acceptedUntil : 0;
}

} // namespace vanthu::signing
