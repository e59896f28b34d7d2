#include "vanthu/signing/OpenSsl.hpp"
#include "OpenSslOwned.hpp"
#include "vanthu/signing/SigningErrors.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vanthu::signing {

namespace {

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<size_t>(length));
}

} // namespace

std::string drainOpenSslErrors() {
    std::string text;
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        if (!text.empty()) {
            text += "; ";
        }
        text += buffer;
    }
    return text;
}

OpenSslError::OpenSslError(const std::string& what) : std::runtime_error(what) {}

void check(bool ok, const char* what) {
    if (!ok) {
        const std::string errors = drainOpenSslErrors();
        throw OpenSslError(errors.empty() ? std::string(what)
                                          : std::string(what) + " (" + errors + ")");
    }
}

void pushShared(STACK_OF(X509) * stack, X509* cert) {
    check(X509_up_ref(cert) == 1, "cannot share a certificate");
    X509Ptr reference(cert);
    check(sk_X509_push(stack, cert) > 0, "out of memory");
    (void)reference.release(); // the stack owns it now
}

Bytes toDer(const X509* cert) {
    return derOf(i2d_X509, cert, "cannot encode a certificate");
}

Bytes toDer(const X509_CRL* crl) {
    return derOf(i2d_X509_CRL, crl, "cannot encode a CRL");
}

X509Ptr certificateFromDer(std::string_view der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    check(cert != nullptr, "cannot read a certificate");
    return cert;
}

X509CrlPtr crlFromDer(std::string_view der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
    check(crl != nullptr, "cannot read a CRL");
    return crl;
}

std::string toPem(const X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    check(bio && PEM_write_bio_X509(bio.get(), cert) == 1, "cannot write a certificate as PEM");
    return bioText(bio.get());
}

std::string toPem(const X509_CRL* crl) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    check(bio && PEM_write_bio_X509_CRL(bio.get(), const_cast<X509_CRL*>(crl)) == 1,
          "cannot write a CRL as PEM");
    return bioText(bio.get());
}

std::vector<X509Ptr> certificatesFromPem(std::string_view pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    check(bio != nullptr, "out of memory");
    std::vector<X509Ptr> certs;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        certs.emplace_back(cert);
    }
    ERR_clear_error();
    if (certs.empty()) {
        // Perhaps DER.
        const auto* p = reinterpret_cast<const unsigned char*>(pem.data());
        if (X509* cert = d2i_X509(nullptr, &p, static_cast<long>(pem.size()))) {
            certs.emplace_back(cert);
        }
        ERR_clear_error();
    }
    if (certs.empty()) {
        throw std::runtime_error("no certificate found (expected PEM or DER)");
    }
    return certs;
}

X509CrlPtr crlFromPemOrDer(std::string_view bytes) {
    BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    check(bio != nullptr, "out of memory");
    X509CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
    ERR_clear_error();
    if (crl) {
        return crl;
    }
    return crlFromDer(bytes);
}

Bytes digest(const EVP_MD* md, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    check(EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) == 1, "digest failed");
    return Bytes(reinterpret_cast<char*>(out), length);
}

Bytes sha256(std::string_view data) {
    return digest(EVP_sha256(), data);
}

std::string toHex(std::string_view bytes, bool upper) {
    static const char* lower = "0123456789abcdef";
    static const char* capital = "0123456789ABCDEF";
    const char* digits = upper ? capital : lower;
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const unsigned char c : bytes) {
        hex += digits[c >> 4];
        hex += digits[c & 15];
    }
    return hex;
}

std::string nameToString(const X509_NAME* name) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    check(bio != nullptr, "out of memory");
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    return bioText(bio.get());
}

std::string commonName(const X509* cert) {
    const X509_NAME* subject = X509_get_subject_name(cert);
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index < 0) {
        return nameToString(subject);
    }
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, value);
    const OpenSslMemoryPtr<unsigned char> owned(utf8);
    if (length < 0) {
        return nameToString(subject);
    }
    return std::string(reinterpret_cast<char*>(utf8), static_cast<size_t>(length));
}

std::int64_t toUnixTime(const ASN1_TIME* time) {
    struct tm tm {};
    check(ASN1_TIME_to_tm(time, &tm) == 1, "cannot read a time");
    return static_cast<std::int64_t>(timegm(&tm));
}

namespace {
std::string formatTime(std::int64_t unixTime, int offsetSeconds, const char* suffix) {
    const time_t shifted = static_cast<time_t>(unixTime + offsetSeconds);
    struct tm tm {};
    gmtime_r(&shifted, &tm);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
    return std::string(buffer) + suffix;
}
} // namespace

std::string isoVietnamTime(std::int64_t unixTime) {
    return formatTime(unixTime, 7 * 3600, "+07:00");
}
std::string isoUtcTime(std::int64_t unixTime) {
    return formatTime(unixTime, 0, "Z");
}

Bytes readBinaryFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw FileError("cannot read " + path);
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void writeBinaryFile(const std::string& path, std::string_view bytes) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            throw FileError("cannot write " + path);
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        throw FileError("cannot write " + path);
    }
}

} // namespace vanthu::signing
