#pragma once
// Secrets kept at rest (issue 13): the password of an imported seal's PKCS#12 file and the PIN
// of a token slot are stored in the database only encrypted, with AES-256-GCM under a key that
// is not in the database: a 32-byte key file of the installation (DIR/pki/secret.key, mode
// 0600), made on first use. A copy of the database alone reveals no password; a copy of the
// key file alone holds no secret.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vanthu::docmgmt {

/// The key file is missing, unreadable or damaged, or a sealed secret does not open with it
/// (altered, or sealed under another key); the message is one Vietnamese sentence.
class SecretError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class SecretBox {
public:
    static constexpr std::size_t kKeyBytes = 32;

    /// Opens the key in keyFile, making it (random, mode 0600, its folder 0700) when it does not
    /// exist. Throws SecretError when it exists with another size or cannot be read or written.
    static SecretBox openOrCreate(const std::filesystem::path& keyFile);
    /// Opens an existing key file; SecretError when it is missing or damaged.
    static SecretBox open(const std::filesystem::path& keyFile);

    /// "v1:" and base64 of nonce (12 bytes), ciphertext and tag (16 bytes); a fresh random nonce
    /// each time. context (e.g. "seal/000.00.00.H41") is authenticated as well: a secret moved to
    /// another record does not open.
    std::string seal(std::string_view secret, std::string_view context) const;
    /// The secret; SecretError when sealed is not what seal() made under this key and context.
    std::string open(std::string_view sealed, std::string_view context) const;
    /// Names the key without revealing it (the database keeps it, so that a server with another
    /// key file refuses to start): hex SHA-256 of a fixed label and the key.
    std::string fingerprint() const;

private:
    explicit SecretBox(std::string key);
    std::string key_;
};

} // namespace vanthu::docmgmt
