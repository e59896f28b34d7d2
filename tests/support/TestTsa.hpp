#pragma once
// Time-stamp authorities for tests (issue 21): certificates of the demo PKI's issuing CA that
// live as long as a test needs, and a TSA on loopback that can be made slow (it sleeps before
// answering), counted, or made to sign with an old hash.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/ServerSocket.h>

#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SigningKey.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"
#include "vanthu/signing/TimeStampServer.hpp"

namespace vanthu::test {

/// A certificate of the PKI folder's issuing CA (pki/issuing-ca.p12, password caPassword) issued
/// a minute ago that expires `seconds` from now, with a fresh P-256 key: a PKCS#12 file's bytes
/// (password "vanthu"). extendedKeyUsage as OpenSSL writes it ("critical,timeStamping"), or "".
inline std::string shortLivedPkcs12(const std::filesystem::path& pki, const std::string& commonName,
                                    long serial, long seconds,
                                    const std::string& extendedKeyUsage = "",
                                    const std::string& caPassword = "vanthu") {
    using namespace signing;
    const auto ca = Pkcs12Key::fromFile((pki / "issuing-ca.p12").string(), caPassword);
    EvpPkeyPtr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "cannot make a key");
    X509Ptr cert(X509_new());
    check(cert && X509_set_version(cert.get(), 2) == 1, "cannot make a certificate");
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), seconds);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("VN"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), X509_get_subject_name(ca->certificate()));
    X509_set_pubkey(cert.get(), key.get());
    const auto add = [&](int nid, const std::string& value) {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, ca->certificate(), cert.get(), nullptr, nullptr, 0);
        X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.c_str()));
        check(extension && X509_add_ext(cert.get(), extension.get(), -1) == 1,
              "cannot add an extension");
    };
    add(NID_basic_constraints, "critical,CA:FALSE");
    add(NID_key_usage, "critical,digitalSignature,nonRepudiation");
    add(NID_subject_key_identifier, "hash");
    add(NID_authority_key_identifier, "keyid");
    if (!extendedKeyUsage.empty()) {
        add(NID_ext_key_usage, extendedKeyUsage);
    }
    check(X509_sign(cert.get(), ca->privateKey(), EVP_sha256()) > 0, "cannot sign");
    X509StackPtr chain(sk_X509_new_null());
    sk_X509_push(chain.get(), ca->certificate()); // issuing CA first, then the root
    for (X509* c : ca->chain()) {
        sk_X509_push(chain.get(), c);
    }
    Pkcs12Ptr p12(PKCS12_create("vanthu", commonName.c_str(), key.get(), cert.get(), chain.get(), 0,
                                0, 0, 0, 0));
    check(p12 != nullptr, "cannot build a PKCS#12 file");
    sk_X509_zero(chain.get()); // borrowed
    unsigned char* out = nullptr;
    const int length = i2d_PKCS12(p12.get(), &out);
    check(length > 0, "cannot encode a PKCS#12 file");
    std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(length));
    OPENSSL_free(out);
    return der;
}

/// A TSA over HTTP on 127.0.0.1 (the PKCS#12 file given, password "vanthu"), sleeping `delay`
/// before each answer; counts requests.
class DelayedTsa {
public:
    explicit DelayedTsa(const std::filesystem::path& p12)
        : authority_(signing::TimeStampAuthority::fromPkcs12(p12.string(), "vanthu")),
          socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(4);
        params->setKeepAlive(false);
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket_, params);
        server_->start();
    }
    ~DelayedTsa() { server_->stopAll(true); }
    DelayedTsa(const DelayedTsa&) = delete;
    DelayedTsa& operator=(const DelayedTsa&) = delete;

    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/tsa";
    }
    std::atomic<int> delayMs{0};
    std::atomic<int> requests{0}; ///< requests that arrived (counted before the sleep)
    /// The hash the TSA signs its tokens with (SHA-256; EVP_sha1() for an old TSA's tokens).
    void signWith(const EVP_MD* digest) { authority_->setSignerDigest(digest); }

private:
    class Handler : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Handler(DelayedTsa& tsa) : tsa_(tsa) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response) override {
            ++tsa_.requests;
            std::this_thread::sleep_for(std::chrono::milliseconds(tsa_.delayMs.load()));
            std::unique_ptr<Poco::Net::HTTPRequestHandler> inner(
                signing::newTimeStampRequestHandler(*tsa_.authority_));
            inner->handleRequest(request, response);
        }

    private:
        DelayedTsa& tsa_;
    };
    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        explicit Factory(DelayedTsa& tsa) : tsa_(tsa) {}
        Poco::Net::HTTPRequestHandler*
        createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(tsa_);
        }

    private:
        DelayedTsa& tsa_;
    };

    std::unique_ptr<signing::TimeStampAuthority> authority_;
    Poco::Net::ServerSocket socket_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

} // namespace vanthu::test
