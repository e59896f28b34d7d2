#pragma once
// Which algorithms protect evidence, and until when (issue 21 item 4, "renewal when an algorithm
// weakens"): a value type naming hash and public-key algorithms and the date until which each is
// accepted. The one place these dates are written is AlgorithmPolicy::standard(); the renewal job
// renews a long-term copy whose newest time-stamp uses an algorithm no longer accepted, as it does
// when that time-stamp's certificate nears expiry.
//
// The standard dates follow NIST SP 800-131A rev. 2 and SP 800-57 part 1 rev. 5 (the tables ETSI
// TS 119 312 and the SOG-IS agreed mechanisms also follow): SHA-1 and RSA under 2048 bits were
// disallowed for signatures after 2013; RSA 2048 (112-bit security) and curves under 256 bits are
// acceptable through 2030; SHA-2 of 256 bits and more, RSA 3072 and more and curves of 256 bits
// and more have no end date yet. A new date is a new line here.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

/// An algorithm as used: a hash ("SHA-256") or a key family ("RSA", "EC", "Ed25519") with its
/// size in bits (the RSA modulus, the curve's order; 0 for a hash).
struct AlgorithmUse {
    std::string algorithm;
    int bits = 0;
    /// "SHA-1", "RSA-2048", "EC-256": what messages name.
    std::string label() const;
};

/// The hash of a digest NID ("SHA-256"; OpenSSL's short name for others).
AlgorithmUse hashAlgorithm(int digestNid);
/// The key family and size of a public key.
AlgorithmUse keyAlgorithm(EVP_PKEY* key);

inline constexpr std::int64_t kAcceptedWithoutEnd = std::numeric_limits<std::int64_t>::max();

/// Hash and key algorithms with the date (Unix seconds) until which each is accepted.
class AlgorithmPolicy {
public:
    struct Rule {
        std::string algorithm; ///< "SHA-256", "RSA" …
        int minimumBits = 0;   ///< the rule holds from this size on (keys); 0 for hashes
        std::int64_t acceptedUntil = kAcceptedWithoutEnd; ///< Unix seconds
    };

    AlgorithmPolicy() = default;
    explicit AlgorithmPolicy(std::vector<Rule> rules) : rules_(std::move(rules)) {}

    /// The dates vanthu uses (see the file's comment).
    static const AlgorithmPolicy& standard();

    /// Until when use is accepted: the rule of its algorithm with the largest minimumBits not
    /// above its size; 0 (never) for an algorithm the policy does not name.
    std::int64_t acceptedUntil(const AlgorithmUse& use) const;
    /// Accepted at this time (Unix seconds).
    bool strongAt(const AlgorithmUse& use, std::int64_t at) const {
        return at < acceptedUntil(use);
    }

    const std::vector<Rule>& rules() const { return rules_; }

private:
    std::vector<Rule> rules_;
};

} // namespace vanthu::signing
