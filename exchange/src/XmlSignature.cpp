#include "XmlSignature.hpp"

#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <xsec/dsig/DSIGConstants.hpp>
#include <xsec/dsig/DSIGKeyInfoX509.hpp>
#include <xsec/dsig/DSIGReference.hpp>
#include <xsec/dsig/DSIGReferenceList.hpp>
#include <xsec/dsig/DSIGSignature.hpp>
#include <xsec/dsig/DSIGTransformC14n.hpp>
#include <xsec/dsig/DSIGTransformEnvelope.hpp>
#include <xsec/dsig/DSIGTransformList.hpp>
#include <xsec/enc/OpenSSL/OpenSSLCryptoX509.hpp>
#include <xsec/enc/XSECCryptoException.hpp>
#include <xsec/enc/XSECCryptoKeyEC.hpp>
#include <xsec/enc/XSECCryptoKeyRSA.hpp>
#include <xsec/framework/XSECException.hpp>
#include <xsec/framework/XSECProvider.hpp>

#include <cctype>
#include <cstring>
#include <memory>
#include <string>

#include "XmlRuntime.hpp"
#include "vanthu/exchange/PackageReader.hpp"
#include "vanthu/signing/Base64.hpp"
#include "vanthu/signing/OpenSsl.hpp"

using namespace xercesc;

namespace vanthu::exchange::detail {

namespace {

constexpr char16_t kDsigNamespace[] = u"http://www.w3.org/2000/09/xmldsig#";

/// A signature object of a provider, released with it.
class SignatureHandle {
public:
    explicit SignatureHandle(XSECProvider& provider, DSIGSignature* signature)
        : provider_(provider), signature_(signature) {}
    ~SignatureHandle() { provider_.releaseSignature(signature_); }
    SignatureHandle(const SignatureHandle&) = delete;
    SignatureHandle& operator=(const SignatureHandle&) = delete;
    DSIGSignature* operator->() const { return signature_; }
    DSIGSignature& operator*() const { return *signature_; }

private:
    XSECProvider& provider_;
    DSIGSignature* signature_;
};

RefusedPackage badSignature(const std::string& detail) {
    return RefusedPackage(Refusal::BadSignature,
                          "Chữ ký số của gói tin không hợp lệ (" + detail +
                              "); gói tin có thể đã bị sửa trên đường truyền.");
}

bool equalText(const XMLCh* a, const XMLCh* b) {
    return a != nullptr && b != nullptr && XMLString::equals(a, b);
}

/// The reference list must be one reference to the whole document ("") with exactly the
/// enveloped-signature transform then a canonicalisation: anything else could sign a part
/// of the package while the rest is swapped (signature wrapping).
void checkShape(const DSIGSignature& signature) {
    const XMLCh* algorithm = signature.getAlgorithmURI();
    if (!equalText(algorithm, DSIGConstants::s_unicodeStrURIRSA_SHA256) &&
        !equalText(algorithm, DSIGConstants::s_unicodeStrURIECDSA_SHA256)) {
        throw BrokenSignature("thuật toán ký không phải RSA-SHA256 hay ECDSA-SHA256");
    }
    const DSIGReferenceList* references = signature.getReferenceList();
    if (references == nullptr || references->getSize() != 1) {
        throw BrokenSignature("chữ ký phải có đúng một tham chiếu");
    }
    const DSIGReference* reference = references->item(0);
    const XMLCh* uri = reference->getURI();
    if (uri == nullptr || *uri != 0) {
        throw BrokenSignature("chữ ký không phủ toàn bộ gói tin");
    }
    if (!equalText(reference->getAlgorithmURI(), DSIGConstants::s_unicodeStrURISHA256)) {
        throw BrokenSignature("hàm băm không phải SHA-256");
    }
    const DSIGTransformList* transforms = reference->getTransforms();
    if (transforms == nullptr || transforms->getSize() != 2 ||
        dynamic_cast<const DSIGTransformEnvelope*>(transforms->item(0)) == nullptr ||
        dynamic_cast<const DSIGTransformC14n*>(transforms->item(1)) == nullptr) {
        throw BrokenSignature("các phép biến đổi không đúng kiểu chữ ký bao trong (enveloped)");
    }
}

/// A library message without the line break it ends with.
std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.pop_back();
    }
    return text;
}

std::string xsecMessage(const XSECException& e) {
    return trimmed(utf8(e.getMsg()));
}

// The signing key handed to xml-security-c. Its own OpenSSL key classes copy the key's numbers
// into a fresh RSA or EC_KEY, which a key on a token (libp11: the numbers stay on the token)
// does not have; these ask OpenSSL to sign the digest with the EVP_PKEY itself, so a PKCS#12 key
// and a PKCS#11 token's key sign the same way.

/// A SHA-2 digest signed with key: PKCS#1 v1.5 with the digest's DigestInfo for RSA (md set), a
/// DER ECDSA-Sig-Value for EC (md null).
std::string signDigest(EVP_PKEY* key, const unsigned char* digest, unsigned int length,
                       const EVP_MD* md) {
    signing::EvpPkeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr));
    std::size_t size = 0;
    if (!context || EVP_PKEY_sign_init(context.get()) != 1 ||
        (md != nullptr && (EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PADDING) != 1 ||
                           EVP_PKEY_CTX_set_signature_md(context.get(), md) != 1)) ||
        EVP_PKEY_sign(context.get(), nullptr, &size, digest, length) != 1) {
        ERR_clear_error();
        throw XSECCryptoException(XSECCryptoException::GeneralError,
                                  "the key cannot sign a digest");
    }
    std::string value(size, '\0');
    if (EVP_PKEY_sign(context.get(), reinterpret_cast<unsigned char*>(value.data()), &size, digest,
                      length) != 1) {
        ERR_clear_error();
        throw XSECCryptoException(XSECCryptoException::GeneralError, "the key did not sign");
    }
    value.resize(size);
    return value;
}

/// value in base64 into out (at most capacity bytes with the terminating NUL); its length.
unsigned int base64Into(const std::string& value, char* out, unsigned int capacity) {
    const std::string text = signing::toBase64(value);
    if (text.size() + 1 > capacity) {
        throw XSECCryptoException(XSECCryptoException::GeneralError,
                                  "the signature is longer than its buffer");
    }
    std::memcpy(out, text.c_str(), text.size() + 1);
    return static_cast<unsigned int>(text.size());
}

const EVP_MD* digestOf(XSECCryptoHash::HashType type) {
    switch (type) {
    case XSECCryptoHash::HASH_SHA256:
        return EVP_sha256();
    case XSECCryptoHash::HASH_SHA384:
        return EVP_sha384();
    case XSECCryptoHash::HASH_SHA512:
        return EVP_sha512();
    default:
        throw XSECCryptoException(XSECCryptoException::GeneralError,
                                  "only SHA-256, SHA-384 and SHA-512 are signed");
    }
}

[[noreturn]] void signingOnly() {
    throw XSECCryptoException(XSECCryptoException::GeneralError, "a signing key only signs");
}

/// Holds a reference to the EVP_PKEY (the caller's key outlives the signature anyway).
signing::EvpPkeyPtr referenced(EVP_PKEY* key) {
    EVP_PKEY_up_ref(key);
    return signing::EvpPkeyPtr(key);
}

class EvpKeyRsa : public XSECCryptoKeyRSA {
public:
    explicit EvpKeyRsa(EVP_PKEY* key) : key_(referenced(key)) {}
    KeyType getKeyType() const override { return KEY_RSA_PRIVATE; }
    const XMLCh* getProviderName() const override { return DSIGConstants::s_unicodeStrPROVOpenSSL; }
    XSECCryptoKey* clone() const override { return new EvpKeyRsa(key_.get()); }
    bool verifySHA1PKCS1Base64Signature(const unsigned char*, unsigned int, const char*,
                                        unsigned int, XSECCryptoHash::HashType) const override {
        signingOnly();
    }
    unsigned int signSHA1PKCS1Base64Signature(unsigned char* hash, unsigned int length, char* out,
                                              unsigned int capacity,
                                              XSECCryptoHash::HashType type) const override {
        return base64Into(signDigest(key_.get(), hash, length, digestOf(type)), out, capacity);
    }
    unsigned int privateDecrypt(const unsigned char*, unsigned char*, unsigned int, unsigned int,
                                PaddingType, const XMLCh*, const XMLCh*, unsigned char*,
                                unsigned int) const override {
        signingOnly();
    }
    unsigned int publicEncrypt(const unsigned char*, unsigned char*, unsigned int, unsigned int,
                               PaddingType, const XMLCh*, const XMLCh*, unsigned char*,
                               unsigned int) const override {
        signingOnly();
    }
    unsigned int getLength() const override {
        return static_cast<unsigned int>(EVP_PKEY_get_size(key_.get()));
    }
    void loadPublicModulusBase64BigNums(const char*, unsigned int) override { signingOnly(); }
    void loadPublicExponentBase64BigNums(const char*, unsigned int) override { signingOnly(); }

private:
    signing::EvpPkeyPtr key_;
};

class EvpKeyEc : public XSECCryptoKeyEC {
public:
    explicit EvpKeyEc(EVP_PKEY* key) : key_(referenced(key)) {}
    KeyType getKeyType() const override { return KEY_EC_PRIVATE; }
    const XMLCh* getProviderName() const override { return DSIGConstants::s_unicodeStrPROVOpenSSL; }
    XSECCryptoKey* clone() const override { return new EvpKeyEc(key_.get()); }
    bool verifyBase64SignatureDSA(unsigned char*, unsigned int, char*,
                                  unsigned int) const override {
        signingOnly();
    }
    /// XML-DSig's ECDSA value: r and s, each as long as the curve's order, one after the other.
    unsigned int signBase64SignatureDSA(unsigned char* hash, unsigned int length, char* out,
                                        unsigned int capacity) const override {
        const std::string der = signDigest(key_.get(), hash, length, nullptr);
        const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
        std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> pair(
            d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())), &ECDSA_SIG_free);
        if (!pair) {
            throw XSECCryptoException(XSECCryptoException::ECError, "not an ECDSA signature");
        }
        const int half = (EVP_PKEY_get_bits(key_.get()) + 7) / 8;
        std::string raw(static_cast<std::size_t>(2 * half), '\0');
        auto* bytes = reinterpret_cast<unsigned char*>(raw.data());
        if (BN_bn2binpad(ECDSA_SIG_get0_r(pair.get()), bytes, half) != half ||
            BN_bn2binpad(ECDSA_SIG_get0_s(pair.get()), bytes + half, half) != half) {
            throw XSECCryptoException(XSECCryptoException::ECError, "an ECDSA value too long");
        }
        return base64Into(raw, out, capacity);
    }
    void loadPublicKeyBase64(const char*, const char*, unsigned int) override { signingOnly(); }

private:
    signing::EvpPkeyPtr key_;
};

} // namespace

void appendSignature(DOMDocument& document, DOMElement& parent, DOMNode* before, EVP_PKEY* key,
                     X509* certificate, const std::vector<X509*>& chain) {
    if (key == nullptr) {
        throw std::runtime_error("Không ký được gói tin edXML: khóa ký không ở trên máy chủ.");
    }
    const bool ec = EVP_PKEY_base_id(key) == EVP_PKEY_EC;
    try {
        XSECProvider provider;
        SignatureHandle signature(provider, provider.newSignature());
        signature->setDSIGNSPrefix(u"ds");
        DOMElement* node =
            signature->createBlankSignature(&document, DSIGConstants::s_unicodeStrURIEXC_C14N_NOC,
                                            ec ? DSIGConstants::s_unicodeStrURIECDSA_SHA256
                                               : DSIGConstants::s_unicodeStrURIRSA_SHA256);
        parent.insertBefore(node, before);
        DSIGReference* reference =
            signature->createReference(u"", DSIGConstants::s_unicodeStrURISHA256);
        reference->appendEnvelopedSignatureTransform();
        reference->appendCanonicalizationTransform(DSIGConstants::s_unicodeStrURIEXC_C14N_NOC);
        DSIGKeyInfoX509* data = signature->appendX509Data();
        data->appendX509Certificate(xml(signing::toBase64(signing::toDer(certificate))).c_str());
        for (X509* ca : chain) {
            data->appendX509Certificate(xml(signing::toBase64(signing::toDer(ca))).c_str());
        }
        if (ec) {
            signature->setSigningKey(new EvpKeyEc(key));
        } else {
            signature->setSigningKey(new EvpKeyRsa(key));
        }
        signature->sign();
    } catch (const XSECException& e) {
        throw std::runtime_error("Không ký được gói tin edXML: " + xsecMessage(e));
    } catch (const XSECCryptoException& e) {
        throw std::runtime_error(std::string("Không ký được gói tin edXML: ") + e.getMsg());
    }
}

DOMElement* findSignature(DOMDocument& document, const DOMElement& parent) {
    DOMNodeList* all = document.getElementsByTagNameNS(kDsigNamespace, u"Signature");
    if (all == nullptr || all->getLength() == 0) {
        return nullptr;
    }
    if (all->getLength() > 1) {
        throw badSignature("gói tin có nhiều hơn một chữ ký");
    }
    auto* signature = static_cast<DOMElement*>(all->item(0));
    if (signature->getParentNode() != &parent || parent.getLastElementChild() != signature) {
        throw badSignature("chữ ký không nằm ở cuối phần đầu gói tin (edXMLHeader)");
    }
    return signature;
}

X509* keyInfoCertificate(const DOMElement& signature) {
    auto certificates = keyInfoCertificates(signature);
    return certificates.size() == 1 ? certificates.front().release() : nullptr;
}

std::vector<signing::X509Ptr> keyInfoCertificates(const DOMElement& signature) {
    std::vector<signing::X509Ptr> out;
    DOMNodeList* certificates =
        signature.getElementsByTagNameNS(kDsigNamespace, u"X509Certificate");
    const XMLSize_t count = certificates == nullptr ? 0 : certificates->getLength();
    try {
        for (XMLSize_t i = 0; i < count; ++i) {
            const auto der = signing::fromBase64(utf8(certificates->item(i)->getTextContent()));
            if (!der) {
                return {};
            }
            out.push_back(signing::certificateFromDer(*der));
        }
    } catch (const std::exception&) {
        out.clear();
    }
    return out;
}

std::size_t verifySignature(DOMDocument& document, DOMElement* node, X509* embedded,
                            const std::vector<X509*>& trusted) {
    if (node == nullptr) {
        throw RefusedPackage(Refusal::Unsigned,
                             "Gói tin không có chữ ký số của cơ quan gửi; không thể tiếp nhận.");
    }
    if (embedded == nullptr) {
        throw badSignature("không có chứng thư số trong KeyInfo");
    }
    std::size_t index = trusted.size();
    for (std::size_t i = 0; i < trusted.size(); ++i) {
        if (X509_cmp(trusted[i], embedded) == 0) {
            index = i;
            break;
        }
    }
    if (index == trusted.size()) {
        throw RefusedPackage(Refusal::UnknownSigner,
                             "Gói tin được ký bởi chứng thư số không thuộc máy chủ nào đã cấu "
                             "hình trao đổi (" +
                                 signing::commonName(embedded) + ").");
    }
    try {
        checkSignatureValue(document, *node, trusted[index]);
    } catch (const BrokenSignature& e) {
        throw badSignature(e.what());
    }
    return index;
}

void checkSignatureValue(DOMDocument& document, DOMElement& node, X509* key) {
    try {
        XSECProvider provider;
        SignatureHandle signature(provider, provider.newSignatureFromDOM(&document, &node));
        signature->load();
        checkShape(*signature);
        OpenSSLCryptoX509 certificate(key);
        signature->setSigningKey(certificate.clonePublicKey());
        if (!signature->verify()) {
            throw BrokenSignature(trimmed(utf8(signature->getErrMsgs())));
        }
    } catch (const XSECException& e) {
        throw BrokenSignature(xsecMessage(e));
    } catch (const XSECCryptoException& e) {
        throw BrokenSignature(trimmed(e.getMsg()));
    }
}

} // namespace vanthu::exchange::detail
