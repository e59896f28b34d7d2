#include "vanthu/docmgmt/TrustList.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxCrlBytes = 16u << 20;
constexpr std::size_t kMaxPemBytes = 4u << 20;
constexpr std::size_t kMaxUrl = 2048;

std::string readIfPresent(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return in ? std::string(std::istreambuf_iterator<char>(in), {}) : std::string();
}

std::string fingerprint(const X509* certificate) {
    return signing::toHex(signing::sha256(signing::toDer(certificate)));
}

bool isCa(X509* certificate) {
    return X509_check_ca(certificate) > 0 &&
           (X509_get_key_usage(certificate) == UINT32_MAX ||
            (X509_get_key_usage(certificate) & KU_KEY_CERT_SIGN) != 0);
}

TrustEntry caEntry(X509* certificate) {
    TrustEntry entry;
    entry.kind = "ca";
    entry.id = fingerprint(certificate);
    entry.subject = signing::nameToString(X509_get_subject_name(certificate));
    entry.validUntil = signing::vietnameseDate(X509_get0_notAfter(certificate));
    entry.selfSigned = (X509_get_extension_flags(certificate) & EXFLAG_SS) != 0;
    return entry;
}

TrustEntry crlEntry(const X509_CRL* crl, const std::string& id) {
    TrustEntry entry;
    entry.kind = "crl";
    entry.id = id;
    entry.subject = signing::nameToString(X509_CRL_get_issuer(crl));
    if (const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl)) {
        entry.validUntil = signing::vietnameseDate(next);
    }
    return entry;
}

TrustEntry ocspEntry(const std::string& url) {
    TrustEntry entry;
    entry.kind = "ocsp";
    entry.id = url;
    entry.subject = url;
    return entry;
}

std::vector<signing::X509Ptr> certificatesIn(const std::string& pem, const char* field) {
    if (pem.size() > kMaxPemBytes) {
        throw InvalidInput(field, "Tệp chứng thư quá lớn (quá 4 MiB).");
    }
    std::vector<signing::X509Ptr> certificates;
    try {
        certificates = signing::certificatesFromPem(pem);
    } catch (const std::exception&) {
        certificates.clear();
    }
    ERR_clear_error();
    if (certificates.empty()) {
        throw InvalidInput(field, "Tệp không chứa chứng thư số dạng PEM (-----BEGIN "
                                  "CERTIFICATE-----).");
    }
    return certificates;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (!line.empty()) {
            out.push_back(line);
        }
        start = end + 1;
    }
    return out;
}

bool isHexId(const std::string& text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

} // namespace

TrustList::TrustList(fs::path pkiDir, AuditTrail& audit) : pki_(std::move(pkiDir)), audit_(audit) {}

fs::path TrustList::anchorsFile() const {
    return pki_ / "ca.pem";
}

std::string TrustList::anchorsPem() const {
    return readIfPresent(anchorsFile());
}

void TrustList::record(const Actor& actor, const std::string& action, const TrustEntry& entry) {
    std::optional<Id> userId;
    if (actor.user.id > 0) {
        userId = actor.user.id;
    }
    std::string detail = entry.kind + ": " + entry.subject;
    if (entry.kind != "ocsp") {
        detail += " (SHA-256 " + entry.id + ")";
    }
    audit_.record(
        {userId, actor.user.username, action, "trust/" + entry.kind, actor.address, detail});
}

std::vector<TrustEntry> TrustList::addCertificates(const Actor& actor, const std::string& pem) {
    auto added = certificatesIn(pem, "cert");
    for (const auto& certificate : added) {
        if (!isCa(certificate.get())) {
            throw InvalidInput("cert", "Chứng thư \"" + signing::commonName(certificate.get()) +
                                           "\" không phải của tổ chức chứng thực (thiếu "
                                           "basicConstraints CA hoặc keyCertSign); chỉ thêm được "
                                           "chứng thư gốc hoặc trung gian.");
        }
    }
    std::string text = anchorsPem();
    std::vector<std::string> present;
    if (!text.empty()) {
        for (const auto& existing : certificatesIn(text, "cert")) {
            present.push_back(fingerprint(existing.get()));
        }
    }
    std::vector<TrustEntry> entries;
    for (const auto& certificate : added) {
        const auto entry = caEntry(certificate.get());
        if (std::find(present.begin(), present.end(), entry.id) != present.end()) {
            continue;
        }
        present.push_back(entry.id);
        text += signing::toPem(certificate.get());
        entries.push_back(entry);
    }
    if (entries.empty()) {
        throw Conflict("Chứng thư này đã có trong danh sách tin cậy.");
    }
    fs::create_directories(pki_);
    templates::writeFileAtomically(anchorsFile().string(), text);
    for (const auto& entry : entries) {
        record(actor, "trust-add", entry);
    }
    return entries;
}

std::vector<TrustEntry> TrustList::removeCertificates(const Actor& actor,
                                                      const std::string& pemOrId) {
    std::vector<std::string> ids;
    if (isHexId(pemOrId)) {
        ids.push_back(pemOrId);
    } else {
        for (const auto& certificate : certificatesIn(pemOrId, "cert")) {
            ids.push_back(fingerprint(certificate.get()));
        }
    }
    const std::string text = anchorsPem();
    std::string kept;
    std::vector<TrustEntry> removed;
    if (!text.empty()) {
        for (const auto& existing : certificatesIn(text, "cert")) {
            const auto entry = caEntry(existing.get());
            if (std::find(ids.begin(), ids.end(), entry.id) != ids.end()) {
                removed.push_back(entry);
            } else {
                kept += signing::toPem(existing.get());
            }
        }
    }
    if (removed.empty()) {
        throw NotFound("Chứng thư này không có trong danh sách tin cậy.");
    }
    templates::writeFileAtomically(anchorsFile().string(), kept);
    for (const auto& entry : removed) {
        record(actor, "trust-remove", entry);
    }
    return removed;
}

TrustEntry TrustList::addCrl(const Actor& actor, const std::string& bytes) {
    if (bytes.size() > kMaxCrlBytes) {
        throw InvalidInput("crl", "Danh sách thu hồi quá lớn (quá 16 MiB).");
    }
    signing::X509CrlPtr crl;
    try {
        crl = signing::crlFromPemOrDer(bytes);
    } catch (const std::exception&) {
        ERR_clear_error();
        throw InvalidInput("crl", "Tệp không phải danh sách chứng thư bị thu hồi (CRL, PEM hoặc "
                                  "DER).");
    }
    bool signedByTrusted = false;
    const std::string anchors = anchorsPem();
    if (!anchors.empty()) {
        for (const auto& ca : certificatesIn(anchors, "crl")) {
            if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(ca.get())) ==
                    0 &&
                X509_CRL_verify(crl.get(), X509_get0_pubkey(ca.get())) == 1) {
                signedByTrusted = true;
            }
        }
    }
    ERR_clear_error();
    if (!signedByTrusted) {
        throw InvalidInput("crl", "Danh sách thu hồi không do tổ chức chứng thực nào trong danh "
                                  "sách tin cậy ký; hãy thêm chứng thư của tổ chức đó trước.");
    }
    const std::string der = signing::toDer(crl.get());
    const auto entry = crlEntry(crl.get(), signing::toHex(signing::sha256(der)));
    fs::create_directories(pki_ / "crl");
    templates::writeFileAtomically((pki_ / "crl" / (entry.id + ".crl")).string(), der);
    record(actor, "trust-add", entry);
    return entry;
}

TrustEntry TrustList::removeCrl(const Actor& actor, const std::string& bytesOrId) {
    std::string id = bytesOrId;
    if (!isHexId(bytesOrId)) {
        try {
            id = signing::toHex(signing::sha256(
                signing::toDer(signing::crlFromPemOrDer(bytesOrId.substr(0, kMaxCrlBytes)).get())));
        } catch (const std::exception&) {
            ERR_clear_error();
            throw InvalidInput("crl", "Tệp không phải danh sách chứng thư bị thu hồi (CRL).");
        }
    }
    const fs::path file = pki_ / "crl" / (id + ".crl");
    const std::string der = readIfPresent(file);
    if (der.empty()) {
        throw NotFound("Danh sách thu hồi này không có trong danh sách tin cậy.");
    }
    const auto entry = crlEntry(signing::crlFromPemOrDer(der).get(), id);
    fs::remove(file);
    record(actor, "trust-remove", entry);
    return entry;
}

TrustEntry TrustList::addOcsp(const Actor& actor, const std::string& url) {
    if (url.size() > kMaxUrl || url.rfind("http://", 0) != 0 || url.size() <= 7 ||
        url.find_first_of(" \t\r\n") != std::string::npos) {
        throw InvalidInput("ocsp", "Địa chỉ máy chủ OCSP phải bắt đầu bằng http:// (OCSP không "
                                   "cần TLS) và không có khoảng trắng.");
    }
    auto urls = lines(readIfPresent(pki_ / "ocsp-responders"));
    if (std::find(urls.begin(), urls.end(), url) != urls.end()) {
        throw Conflict("Máy chủ OCSP này đã có trong danh sách tin cậy.");
    }
    urls.push_back(url);
    std::string text;
    for (const auto& line : urls) {
        text += line + "\n";
    }
    fs::create_directories(pki_);
    templates::writeFileAtomically((pki_ / "ocsp-responders").string(), text);
    const auto entry = ocspEntry(url);
    record(actor, "trust-add", entry);
    return entry;
}

TrustEntry TrustList::removeOcsp(const Actor& actor, const std::string& url) {
    auto urls = lines(readIfPresent(pki_ / "ocsp-responders"));
    const auto found = std::find(urls.begin(), urls.end(), url);
    if (found == urls.end()) {
        throw NotFound("Máy chủ OCSP này không có trong danh sách tin cậy.");
    }
    urls.erase(found);
    std::string text;
    for (const auto& line : urls) {
        text += line + "\n";
    }
    templates::writeFileAtomically((pki_ / "ocsp-responders").string(), text);
    const auto entry = ocspEntry(url);
    record(actor, "trust-remove", entry);
    return entry;
}

std::vector<TrustEntry> TrustList::entries() const {
    std::vector<TrustEntry> out;
    const std::string anchors = anchorsPem();
    if (!anchors.empty()) {
        for (const auto& certificate : certificatesIn(anchors, "cert")) {
            out.push_back(caEntry(certificate.get()));
        }
    }
    std::error_code error;
    std::vector<fs::path> crlFiles;
    for (const auto& file : fs::directory_iterator(pki_ / "crl", error)) {
        crlFiles.push_back(file.path());
    }
    std::sort(crlFiles.begin(), crlFiles.end());
    for (const auto& file : crlFiles) {
        try {
            out.push_back(crlEntry(signing::crlFromPemOrDer(readIfPresent(file)).get(),
                                   file.stem().string()));
        } catch (const std::exception&) {
            ERR_clear_error(); // a damaged file is skipped, as the signer's check skips it
        }
    }
    for (const auto& url : lines(readIfPresent(pki_ / "ocsp-responders"))) {
        out.push_back(ocspEntry(url));
    }
    return out;
}

signing::SignerTrust TrustList::signerTrust() const {
    signing::SignerTrust trust;
    trust.anchorsPem = anchorsPem();
    std::error_code error;
    for (const auto& file : fs::directory_iterator(pki_ / "crl", error)) {
        trust.crls.push_back(readIfPresent(file.path()));
    }
    trust.ocspResponders = lines(readIfPresent(pki_ / "ocsp-responders"));
    return trust;
}

} // namespace vanthu::docmgmt
