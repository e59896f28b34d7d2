// Two-phase signing through the API: the server gives the digest of the signed attributes, the
// signature value is made where the key is (here: the leader's PKCS#12, standing in for a
// token), and the server puts it into the PDF.
#include <Poco/Base64Decoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "DocmgmtServer.hpp"
#include "vanthu/signing/SigningKey.hpp"

using namespace vanthu;

namespace {

std::string base64Decode(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), {});
}

std::string pem(X509* certificate) {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, certificate);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return text;
}

/// A signature over an already computed SHA-256 digest, as a token would make it.
std::string signDigest(EVP_PKEY* key, const std::string& digest) {
    EVP_PKEY_CTX* context = EVP_PKEY_CTX_new(key, nullptr);
    REQUIRE(EVP_PKEY_sign_init(context) == 1);
    REQUIRE(EVP_PKEY_CTX_set_signature_md(context, EVP_sha256()) == 1);
    std::size_t size = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(digest.data());
    REQUIRE(EVP_PKEY_sign(context, nullptr, &size, in, digest.size()) == 1);
    std::string value(size, '\0');
    REQUIRE(EVP_PKEY_sign(context, reinterpret_cast<unsigned char*>(value.data()), &size, in,
                          digest.size()) == 1);
    value.resize(size);
    EVP_PKEY_CTX_free(context);
    return value;
}

} // namespace

TEST_CASE("two-phase signing through the API", "[flow][two-phase]") {
    auto& server = test::DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    auto chair = server.as("chutich.vq");
    auto deputy = server.as("phochutich.vq");
    auto clerk = server.as("vanthu.vq");
    const auto created = specialist.post(
        "/api/documents", test::letterDraft(server.userId("chutich.vq"), "V/v ký bằng token"));
    REQUIRE(created.status == 201);
    const auto base = "/api/documents/" + std::to_string(created.object()->getValue<long>("id"));
    REQUIRE(specialist.post(base + "/submit").status == 200);
    REQUIRE(chair.post(base + "/approve").status == 200);

    const auto key = signing::Pkcs12Key::fromFile(
        (server.dataDir() / "pki" / "leader-chutich.vq.p12").string(), "vanthu");
    std::string chain = pem(key->certificate());
    for (X509* ca : key->chain()) {
        chain += pem(ca);
    }
    const std::string prepareBody = test::jsonText([&] {
        Poco::JSON::Object body;
        body.set("certificateChainPem", chain);
        return body;
    }());
    CHECK(deputy.post(base + "/sign/prepare", prepareBody).status == 403); // not the signer
    const auto prepared = chair.post(base + "/sign/prepare", prepareBody);
    REQUIRE(prepared.status == 200);
    const auto digest = base64Decode(prepared.object()->getValue<std::string>("digest"));
    REQUIRE(digest.size() == 32);

    Poco::JSON::Object complete;
    complete.set("signatureValue", test::base64(signDigest(key->privateKey(), digest)));
    const auto signedDoc = chair.post(base + "/sign/complete", test::jsonText(complete));
    REQUIRE(signedDoc.status == 200);
    CHECK(signedDoc.object()->getValue<std::string>("state") == "signed");
    const auto issued = clerk.post(base + "/issue");
    REQUIRE(issued.status == 200);
    CHECK(issued.object()->getValue<std::string>("state") == "issued");
}
