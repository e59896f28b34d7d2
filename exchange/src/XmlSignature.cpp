#include "XmlSignature.hpp"

#include <xsec/dsig/DSIGConstants.hpp>
#include <xsec/dsig/DSIGKeyInfoX509.hpp>
#include <xsec/dsig/DSIGReference.hpp>
#include <xsec/dsig/DSIGReferenceList.hpp>
#include <xsec/dsig/DSIGSignature.hpp>
#include <xsec/dsig/DSIGTransformC14n.hpp>
#include <xsec/dsig/DSIGTransformEnvelope.hpp>
#include <xsec/dsig/DSIGTransformList.hpp>
#include <xsec/enc/OpenSSL/OpenSSLCryptoKeyEC.hpp>
#include <xsec/enc/OpenSSL/OpenSSLCryptoKeyRSA.hpp>
#include <xsec/enc/OpenSSL/OpenSSLCryptoX509.hpp>
#include <xsec/enc/XSECCryptoException.hpp>
#include <xsec/framework/XSECException.hpp>
#include <xsec/framework/XSECProvider.hpp>

#include <cctype>
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

} // namespace

void appendSignature(DOMDocument& document, DOMElement& parent, DOMNode* before, EVP_PKEY* key,
                     X509* certificate, const std::vector<X509*>& chain) {
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
            signature->setSigningKey(new OpenSSLCryptoKeyEC(key));
        } else {
            signature->setSigningKey(new OpenSSLCryptoKeyRSA(key));
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
