#include "agent/TokenModule.hpp"

#include <libp11.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "vanthu/signing/SignerCertificate.hpp"

namespace vanthu::agent {
namespace {

// PKCS#11 return values that libp11 leaves as the reason of its OpenSSL error.
constexpr unsigned long kDeviceRemoved = 0x32;
constexpr unsigned long kPinIncorrect = 0xA0;
constexpr unsigned long kPinInvalid = 0xA1;
constexpr unsigned long kPinLenRange = 0xA2;
constexpr unsigned long kPinLocked = 0xA4;
constexpr unsigned long kTokenNotPresent = 0xE0;

std::string hex(const unsigned char* bytes, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string text;
    for (std::size_t i = 0; i < size; ++i) {
        text += digits[bytes[i] >> 4];
        text += digits[bytes[i] & 0xF];
    }
    return text;
}

/// Every PKCS#11 reason in OpenSSL's error queue, which is emptied.
std::vector<unsigned long> takeReasons() {
    std::vector<unsigned long> reasons;
    while (const unsigned long error = ERR_get_error()) {
        reasons.push_back(ERR_GET_REASON(error));
    }
    return reasons;
}

bool contains(const std::vector<unsigned long>& reasons, unsigned long reason) {
    for (const auto r : reasons) {
        if (r == reason) {
            return true;
        }
    }
    return false;
}

AgentError tokenMissing(const std::string& label) {
    return AgentError(404, "token-missing",
                      "Không thấy thiết bị ký số “" + label +
                          "” trên máy này (USB token chưa cắm hoặc đã bị rút ra). Hãy cắm "
                          "thiết bị ký số vào máy rồi thử lại.");
}

/// The CA certificates among `others` that chain `signer` upwards, issuer first.
std::vector<signing::X509Ptr> chainOf(X509* signer, std::vector<signing::X509Ptr>& others) {
    std::vector<signing::X509Ptr> chain;
    X509* current = signer;
    for (std::size_t step = 0; step < others.size(); ++step) {
        bool found = false;
        for (auto& candidate : others) {
            if (candidate && candidate.get() != current &&
                X509_check_issued(candidate.get(), current) == X509_V_OK) {
                current = candidate.get();
                chain.push_back(std::move(candidate));
                found = true;
                break;
            }
        }
        if (!found || X509_check_issued(current, current) == X509_V_OK) {
            break;
        }
    }
    return chain;
}

/// The problem with a certificate's validity period now, or "".
std::string validityProblem(X509* certificate) {
    const std::string name = signing::commonName(certificate);
    if (X509_cmp_current_time(X509_get0_notAfter(certificate)) < 0) {
        return "Chứng thư số của " + name + " đã hết hạn ngày " +
               signing::vietnameseDate(X509_get0_notAfter(certificate)) +
               "; không ký được bằng chứng thư này. Hãy liên hệ tổ chức chứng thực để gia hạn.";
    }
    if (X509_cmp_current_time(X509_get0_notBefore(certificate)) > 0) {
        return "Chứng thư số của " + name + " chưa có hiệu lực (từ ngày " +
               signing::vietnameseDate(X509_get0_notBefore(certificate)) + ").";
    }
    return "";
}

/// A SHA-256 digest signed by a token's key: PKCS#1 v1.5 with the DigestInfo for RSA, ECDSA.
std::string signPrehashed(EVP_PKEY* key, const std::string& digest) {
    const std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(
        EVP_PKEY_CTX_new(key, nullptr), EVP_PKEY_CTX_free);
    bool ok = context && EVP_PKEY_sign_init(context.get()) == 1;
    if (ok && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
        ok = EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PADDING) == 1;
    }
    ok = ok && EVP_PKEY_CTX_set_signature_md(context.get(), EVP_sha256()) == 1;
    const auto* data = reinterpret_cast<const unsigned char*>(digest.data());
    std::size_t size = 0;
    ok = ok && EVP_PKEY_sign(context.get(), nullptr, &size, data, digest.size()) == 1;
    std::string value(size, '\0');
    ok = ok && EVP_PKEY_sign(context.get(), reinterpret_cast<unsigned char*>(value.data()), &size,
                             data, digest.size()) == 1;
    if (!ok) {
        const auto reasons = takeReasons();
        if (contains(reasons, kDeviceRemoved) || contains(reasons, kTokenNotPresent)) {
            throw AgentError(404, "token-missing",
                             "Thiết bị ký số đã bị rút ra trong khi ký. Hãy cắm lại rồi ký lại.");
        }
        throw AgentError(502, "token-error", "Thiết bị ký số không ký được; hãy thử lại.");
    }
    value.resize(size);
    return value;
}

} // namespace

struct TokenModule::Context {
    PKCS11_CTX* ctx = nullptr;
    bool loaded = false;
    PKCS11_SLOT* slots = nullptr;
    unsigned int slotCount = 0;

    ~Context() {
        if (slots) {
            PKCS11_release_all_slots(ctx, slots, slotCount);
        }
        if (loaded) {
            PKCS11_CTX_unload(ctx);
        }
        if (ctx) {
            PKCS11_CTX_free(ctx);
        }
        ERR_clear_error();
    }

    /// The initialised tokens present now.
    std::vector<PKCS11_SLOT*> tokens() const {
        std::vector<PKCS11_SLOT*> present;
        for (unsigned int i = 0; i < slotCount; ++i) {
            const PKCS11_TOKEN* token = slots[i].token;
            if (token && token->initialized && token->label) {
                present.push_back(&slots[i]);
            }
        }
        return present;
    }

    PKCS11_SLOT* token(const std::string& label) const {
        for (auto* slot : tokens()) {
            if (label == slot->token->label) {
                return slot;
            }
        }
        throw tokenMissing(label);
    }
};

TokenModule::TokenModule(const std::string& modulePath) : context_(std::make_unique<Context>()) {
    context_->ctx = PKCS11_CTX_new();
    if (!context_->ctx || PKCS11_CTX_load(context_->ctx, modulePath.c_str()) != 0) {
        throw AgentError(500, "module-error",
                         "Không nạp được thư viện PKCS#11 của thiết bị ký số (" + modulePath +
                             "); hãy cài lại phần mềm của thiết bị.");
    }
    context_->loaded = true;
    if (PKCS11_enumerate_slots(context_->ctx, &context_->slots, &context_->slotCount) != 0) {
        throw AgentError(500, "module-error", "Không đọc được danh sách khe cắm thiết bị ký số.");
    }
}

TokenModule::~TokenModule() = default;

std::vector<TokenCertificate> TokenModule::certificates() const {
    std::vector<TokenCertificate> found;
    for (auto* slot : context_->tokens()) {
        PKCS11_CERT* certs = nullptr;
        unsigned int count = 0;
        if (PKCS11_enumerate_certs(slot->token, &certs, &count) != 0) {
            ERR_clear_error();
            continue; // a token pulled out while being read: it is simply not listed
        }
        std::vector<TokenCertificate> signers;
        std::vector<signing::X509Ptr> cas;
        for (unsigned int i = 0; i < count; ++i) {
            if (!certs[i].x509) {
                continue;
            }
            X509_up_ref(certs[i].x509);
            signing::X509Ptr certificate(certs[i].x509);
            if (X509_check_ca(certificate.get()) > 0) {
                cas.push_back(std::move(certificate));
                continue;
            }
            TokenCertificate entry;
            entry.token = slot->token->label;
            entry.label = certs[i].label ? certs[i].label : "";
            entry.id = hex(certs[i].id, certs[i].id_len);
            entry.certificate = std::move(certificate);
            signers.push_back(std::move(entry));
        }
        for (auto& signer : signers) {
            std::vector<signing::X509Ptr> others;
            for (const auto& ca : cas) {
                X509_up_ref(ca.get());
                others.emplace_back(ca.get());
            }
            signer.cas = chainOf(signer.certificate.get(), others);
            found.push_back(std::move(signer));
        }
    }
    return found;
}

std::string TokenModule::signDigest(const std::string& tokenLabel, const std::string& id,
                                    const std::string& digest, PinSource& pins) const {
    PKCS11_SLOT* slot = context_->token(tokenLabel);
    X509* certificate = nullptr;
    PKCS11_CERT* certs = nullptr;
    unsigned int count = 0;
    if (PKCS11_enumerate_certs(slot->token, &certs, &count) != 0) {
        ERR_clear_error();
        throw tokenMissing(tokenLabel);
    }
    for (unsigned int i = 0; i < count && !certificate; ++i) {
        if (certs[i].x509 && hex(certs[i].id, certs[i].id_len) == id) {
            certificate = certs[i].x509;
        }
    }
    const auto keyMissing =
        AgentError(404, "key-missing",
                   "Thiết bị ký số “" + tokenLabel + "” không có khóa và chứng thư số đã chọn.");
    if (!certificate) {
        throw keyMissing;
    }
    if (const auto problem = validityProblem(certificate); !problem.empty()) {
        throw AgentError(409, "certificate-expired", problem);
    }
    if (slot->token->userPinLocked) {
        throw AgentError(423, "pin-locked",
                         "Thiết bị ký số đã bị khóa vì nhập sai mã PIN quá số lần cho phép; hãy "
                         "liên hệ tổ chức chứng thực để mở khóa.");
    }
    std::string pin = pins.pin(tokenLabel, signing::commonName(certificate));
    if (PKCS11_open_session(slot, 0) != 0) {
        OPENSSL_cleanse(pin.data(), pin.size());
        takeReasons();
        throw tokenMissing(tokenLabel);
    }
    const int loggedIn = PKCS11_login(slot, 0, pin.c_str());
    OPENSSL_cleanse(pin.data(), pin.size()); // the PIN is kept nowhere
    if (loggedIn != 0) {
        const auto reasons = takeReasons();
        if (contains(reasons, kPinLocked)) {
            throw AgentError(423, "pin-locked",
                             "Thiết bị ký số đã bị khóa vì nhập sai mã PIN quá số lần cho phép; "
                             "hãy liên hệ tổ chức chứng thực để mở khóa.");
        }
        if (contains(reasons, kPinIncorrect) || contains(reasons, kPinInvalid) ||
            contains(reasons, kPinLenRange)) {
            throw AgentError(401, "wrong-pin",
                             "Mã PIN của thiết bị ký số không đúng. Hãy ký lại và nhập đúng mã "
                             "PIN (nhập sai nhiều lần thiết bị sẽ bị khóa).");
        }
        if (contains(reasons, kDeviceRemoved) || contains(reasons, kTokenNotPresent)) {
            throw tokenMissing(tokenLabel);
        }
        throw AgentError(502, "token-error",
                         "Không đăng nhập được vào thiết bị ký số “" + tokenLabel + "”.");
    }
    PKCS11_KEY* keys = nullptr;
    unsigned int keyCount = 0;
    if (PKCS11_enumerate_keys(slot->token, &keys, &keyCount) != 0) {
        takeReasons();
        throw tokenMissing(tokenLabel);
    }
    for (unsigned int i = 0; i < keyCount; ++i) {
        if (hex(keys[i].id, keys[i].id_len) == id && keys[i].isPrivate) {
            const signing::EvpPkeyPtr key(PKCS11_get_private_key(&keys[i]));
            if (!key) {
                takeReasons();
                throw keyMissing;
            }
            return signPrehashed(key.get(), digest);
        }
    }
    throw keyMissing;
}

} // namespace vanthu::agent
