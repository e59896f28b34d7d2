#include "vanthu/signing/Pkcs11Key.hpp"

#include <libp11.h>
#include <openssl/err.h>

#include <cstring>

#include "vanthu/signing/SigningErrors.hpp"

namespace vanthu::signing {

struct Pkcs11Key::Session {
    PKCS11_CTX* ctx = nullptr;
    bool loaded = false;
    PKCS11_SLOT* slots = nullptr;
    unsigned int slotCount = 0;
    EvpPkeyPtr key;

    ~Session() {
        key.reset();
        if (slots) {
            PKCS11_release_all_slots(ctx, slots, slotCount);
        }
        if (loaded) {
            PKCS11_CTX_unload(ctx);
        }
        if (ctx) {
            PKCS11_CTX_free(ctx);
        }
    }
};

Pkcs11Key::Pkcs11Key(const std::string& modulePath, const std::string& tokenLabel,
                     const std::string& keyLabel, const std::string& pin)
    : session_(std::make_unique<Session>()) {
    Session& s = *session_;
    s.ctx = PKCS11_CTX_new();
    check(s.ctx != nullptr, "out of memory");
    if (PKCS11_CTX_load(s.ctx, modulePath.c_str()) != 0) {
        ERR_clear_error();
        throw BadKey("cannot load the PKCS#11 module " + modulePath);
    }
    s.loaded = true;
    if (PKCS11_enumerate_slots(s.ctx, &s.slots, &s.slotCount) != 0) {
        ERR_clear_error();
        throw BadKey("cannot list the PKCS#11 slots");
    }
    PKCS11_SLOT* slot = nullptr;
    for (unsigned int i = 0; i < s.slotCount; ++i) {
        PKCS11_TOKEN* token = s.slots[i].token;
        if (token && token->initialized && token->label && tokenLabel == token->label) {
            slot = &s.slots[i];
            break;
        }
    }
    if (!slot) {
        throw BadKey("no PKCS#11 token labelled \"" + tokenLabel + "\" is present");
    }
    if (PKCS11_open_session(slot, 0) != 0 || PKCS11_login(slot, 0, pin.c_str()) != 0) {
        ERR_clear_error();
        throw BadKey("cannot log in to the token \"" + tokenLabel + "\": wrong PIN?");
    }
    PKCS11_KEY* keys = nullptr;
    unsigned int keyCount = 0;
    if (PKCS11_enumerate_keys(slot->token, &keys, &keyCount) != 0) {
        ERR_clear_error();
        throw BadKey("cannot list the keys on the token");
    }
    PKCS11_KEY* found = nullptr;
    for (unsigned int i = 0; i < keyCount; ++i) {
        if (keys[i].label && keyLabel == keys[i].label) {
            found = &keys[i];
            break;
        }
    }
    if (!found) {
        throw BadKey("no private key labelled \"" + keyLabel + "\" on the token");
    }
    PKCS11_CERT* certs = nullptr;
    unsigned int certCount = 0;
    if (PKCS11_enumerate_certs(slot->token, &certs, &certCount) != 0) {
        ERR_clear_error();
        throw BadKey("cannot list the certificates on the token");
    }
    for (unsigned int i = 0; i < certCount; ++i) {
        const bool sameId = certs[i].id_len == found->id_len && found->id_len > 0 &&
                            std::memcmp(certs[i].id, found->id, found->id_len) == 0;
        const bool sameLabel = certs[i].label && keyLabel == certs[i].label;
        if (!certs[i].x509) {
            continue;
        }
        X509_up_ref(certs[i].x509);
        if ((sameId || sameLabel) && !certificate_) {
            certificate_.reset(certs[i].x509);
        } else {
            chain_.emplace_back(certs[i].x509);
        }
    }
    if (!certificate_) {
        throw BadKey("the token has no certificate for the key \"" + keyLabel + "\"");
    }
    // libp11 returns a new reference to its EVP_PKEY.
    s.key.reset(PKCS11_get_private_key(found));
    if (!s.key) {
        ERR_clear_error();
        throw BadKey("cannot use the private key \"" + keyLabel + "\" on the token");
    }
    // Keep only CA certificates that belong to the chain, issuer order is not required.
    std::vector<X509Ptr> cas;
    for (auto& cert : chain_) {
        if (X509_check_ca(cert.get()) > 0) {
            cas.push_back(std::move(cert));
        }
    }
    chain_ = std::move(cas);
}

Pkcs11Key::~Pkcs11Key() = default;

std::vector<X509*> Pkcs11Key::chain() const {
    std::vector<X509*> result;
    for (const auto& cert : chain_) {
        result.push_back(cert.get());
    }
    return result;
}

EVP_PKEY* Pkcs11Key::privateKey() const {
    return session_->key.get();
}

Bytes Pkcs11Key::sign(std::string_view data, RsaPadding padding) const {
    return signWithKey(session_->key.get(), data, padding);
}

} // namespace vanthu::signing
