// `vanthu agent` (docs/signing-agent.md) against a SoftHSM2 token: the origin rule, the list of
// certificates, a digest signed and checked with openssl, and the Vietnamese messages for a
// wrong PIN, an expired certificate and a token pulled out.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <catch2/catch.hpp>
#include <openssl/pem.h>

#include <cstdlib>
#include <sstream>

#include "TestSupport.hpp"
#include "agent/SigningAgent.hpp"
#include "vanthu/signing/Base64.hpp"
#include "vanthu/signing/DemoPki.hpp"

using namespace vanthu;
using namespace vanthu::test;

namespace {

const std::string kModule = "/usr/lib/softhsm/libsofthsm2.so";
const std::string kOrigin = "https://vanthu.example.gov.vn";

struct Answer {
    int status = 0;
    std::string allowOrigin;
    std::string body;
    Poco::JSON::Object::Ptr json() const {
        return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    }
};

Answer call(unsigned short port, const std::string& method, const std::string& path,
            const std::string& origin, const std::string& body = "") {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!origin.empty()) {
        request.set("Origin", origin);
    }
    if (method == "POST") {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(request) << body;
    } else {
        session.sendRequest(request);
    }
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    Answer answer;
    answer.status = response.getStatus();
    answer.allowOrigin = response.get("Access-Control-Allow-Origin", "");
    Poco::StreamCopier::copyToString(in, answer.body);
    return answer;
}

void writePem(const std::filesystem::path& path, const signing::DemoIdentity& identity) {
    signing::BioPtr bio(BIO_new_file(path.c_str(), "w"));
    REQUIRE(PEM_write_bio_PrivateKey(bio.get(), identity.key.get(), nullptr, nullptr, 0, nullptr,
                                     nullptr) == 1);
}

void putOnToken(const TempDir& dir, const std::string& name, const std::string& id,
                const signing::DemoIdentity& identity, bool withKey) {
    writeFile(dir / (name + ".pem"), signing::toPem(identity.certificate.get()));
    REQUIRE(run({"openssl", "x509", "-in", (dir / (name + ".pem")).string(), "-outform", "DER",
                 "-out", (dir / (name + ".der")).string()})
                .exitCode == 0);
    if (withKey) {
        writePem(dir / (name + ".key"), identity);
        const auto key =
            run({"softhsm2-util", "--import", (dir / (name + ".key")).string(), "--token",
                 "vanthu-agent", "--label", name, "--id", id, "--pin", "1234"});
        INFO(key.out + key.err);
        REQUIRE(key.exitCode == 0);
    }
    const auto cert =
        run({"pkcs11-tool", "--module", kModule, "--token-label", "vanthu-agent", "--login",
             "--pin", "1234", "--write-object", (dir / (name + ".der")).string(), "--type", "cert",
             "--id", id, "--label", name});
    INFO(cert.err);
    REQUIRE(cert.exitCode == 0);
}

std::string signBody(const std::string& id, const std::string& digest) {
    return R"({"token":"vanthu-agent","id":")" + id + R"(","digest":")" +
           signing::toBase64(digest) + R"(","algorithm":"sha256"})";
}

} // namespace

TEST_CASE("Signing agent: a SoftHSM2 token through vanthu agent's protocol", "[agent][pkcs11]") {
    INFO("SoftHSM2 and OpenSC (installed by scripts/bootstrap) are needed");
    REQUIRE(std::filesystem::exists(kModule));
    TempDir dir;
    std::filesystem::create_directories(dir / "tokens");
    writeFile(dir / "softhsm2.conf", "directories.tokendir = " + (dir / "tokens").string() +
                                         "\nobjectstore.backend = file\nlog.level = ERROR\n");
    setenv("SOFTHSM2_CONF", (dir / "softhsm2.conf").string().c_str(), 1);
    REQUIRE(run({"softhsm2-util", "--init-token", "--free", "--label", "vanthu-agent", "--pin",
                 "1234", "--so-pin", "5678"})
                .exitCode == 0);
    const signing::DemoPki pki;
    const auto expired = pki.issue("Lê Văn Hết Hạn", 0x2001, "digitalSignature,nonRepudiation", "",
                                   -3LL * 365 * 86400, -86400);
    putOnToken(dir, "signer1", "01", pki.signer1(), true);
    putOnToken(dir, "expired", "03", expired, true);
    putOnToken(dir, "issuing-ca", "02", pki.issuingCa(), false);

    writeFile(dir / "pin", "1234\n");
    agent::AgentSettings settings;
    settings.serverOrigin = kOrigin;
    settings.modulePath = kModule;
    settings.port = 0;
    settings.pins =
        std::make_shared<agent::CommandPinSource>("cat '" + (dir / "pin").string() + "'");
    const agent::SigningAgent running(settings);
    const auto port = running.port();

    SECTION("another origin, or none, gets nothing") {
        const auto other = call(port, "GET", "/v1/certificates", "https://evil.example");
        CHECK(other.status == 403);
        CHECK(other.allowOrigin.empty());
        CHECK(other.json()->getValue<std::string>("error") == "origin-refused");
        CHECK(other.body.find("BEGIN CERTIFICATE") == std::string::npos);
        CHECK(call(port, "GET", "/v1/certificates", "").status == 403);
        CHECK(call(port, "POST", "/v1/sign", "http://127.0.0.1:9",
                   signBody("01", std::string(32, 'a')))
                  .status == 403);
    }
    SECTION("the server's origin: preflight, status, the certificates") {
        const auto preflight = call(port, "OPTIONS", "/v1/sign", kOrigin);
        CHECK(preflight.status == 204);
        CHECK(preflight.allowOrigin == kOrigin);
        const auto status = call(port, "GET", "/v1/status", kOrigin);
        CHECK(status.status == 200);
        CHECK(status.json()->getValue<int>("protocol") == 1);
        const auto list = call(port, "GET", "/v1/certificates", kOrigin);
        INFO(list.body);
        REQUIRE(list.status == 200);
        CHECK(list.allowOrigin == kOrigin);
        const auto certificates = list.json()->getArray("certificates");
        REQUIRE(certificates->size() == 2);
        bool sawSigner = false;
        bool sawExpired = false;
        for (std::size_t i = 0; i < certificates->size(); ++i) {
            const auto entry = certificates->getObject(static_cast<unsigned>(i));
            CHECK(entry->getValue<std::string>("token") == "vanthu-agent");
            const auto chain = entry->getValue<std::string>("certificateChainPem");
            if (entry->getValue<std::string>("id") == "01") {
                sawSigner = true;
                CHECK(entry->getValue<std::string>("subject") ==
                      signing::commonName(pki.signer1().certificate.get()));
                CHECK_FALSE(entry->getValue<bool>("expired"));
                CHECK(chain == signing::toPem(pki.signer1().certificate.get()) +
                                   signing::toPem(pki.issuingCa().certificate.get()));
            } else {
                sawExpired =
                    entry->getValue<std::string>("id") == "03" && entry->getValue<bool>("expired");
            }
        }
        CHECK(sawSigner);
        CHECK(sawExpired);
    }
    SECTION("a digest signed on the token verifies with openssl") {
        const std::string digest = signing::sha256("Công văn số 05/UBND-NV");
        const auto signed_ = call(port, "POST", "/v1/sign", kOrigin, signBody("01", digest));
        INFO(signed_.body);
        REQUIRE(signed_.status == 200);
        const auto value =
            signing::fromBase64(signed_.json()->getValue<std::string>("signatureValue"));
        REQUIRE(value);
        writeFile(dir / "digest.bin", digest);
        writeFile(dir / "sig.bin", *value);
        const auto verify =
            run({"openssl", "pkeyutl", "-verify", "-certin", "-inkey",
                 (dir / "signer1.pem").string(), "-in", (dir / "digest.bin").string(), "-sigfile",
                 (dir / "sig.bin").string(), "-pkeyopt", "digest:sha256"});
        INFO(verify.out + verify.err);
        CHECK(verify.exitCode == 0);
        CHECK(verify.out.find("Signature Verified Successfully") != std::string::npos);
    }
    SECTION("a bad digest is refused before the PIN is asked") {
        const auto bad = call(port, "POST", "/v1/sign", kOrigin, signBody("01", "short"));
        CHECK(bad.status == 400);
        CHECK(bad.json()->getValue<std::string>("message").find("SHA-256") != std::string::npos);
    }
    SECTION("a wrong PIN") {
        writeFile(dir / "pin", "0000\n");
        const auto wrong =
            call(port, "POST", "/v1/sign", kOrigin, signBody("01", signing::sha256("x")));
        INFO(wrong.body);
        CHECK(wrong.status == 401);
        CHECK(wrong.json()->getValue<std::string>("error") == "wrong-pin");
        CHECK(wrong.json()->getValue<std::string>("message").find("Mã PIN") != std::string::npos);
    }
    SECTION("a PIN dialog cancelled") {
        writeFile(dir / "pin", "");
        const auto cancelled =
            call(port, "POST", "/v1/sign", kOrigin, signBody("01", signing::sha256("x")));
        CHECK(cancelled.status == 403);
        CHECK(cancelled.json()->getValue<std::string>("error") == "pin-cancelled");
    }
    SECTION("an expired certificate") {
        const auto refused =
            call(port, "POST", "/v1/sign", kOrigin, signBody("03", signing::sha256("x")));
        INFO(refused.body);
        CHECK(refused.status == 409);
        CHECK(refused.json()->getValue<std::string>("error") == "certificate-expired");
        CHECK(refused.json()->getValue<std::string>("message").find("đã hết hạn") !=
              std::string::npos);
    }
    SECTION("the token pulled out") {
        for (const auto& entry : std::filesystem::directory_iterator(dir / "tokens")) {
            std::filesystem::remove_all(entry.path());
        }
        const auto gone =
            call(port, "POST", "/v1/sign", kOrigin, signBody("01", signing::sha256("x")));
        INFO(gone.body);
        CHECK(gone.status == 404);
        CHECK(gone.json()->getValue<std::string>("error") == "token-missing");
        CHECK(gone.json()->getValue<std::string>("message").find("rút ra") != std::string::npos);
        const auto list = call(port, "GET", "/v1/certificates", kOrigin);
        CHECK(list.status == 200);
        CHECK(list.json()->getArray("certificates")->size() == 0);
    }
    unsetenv("SOFTHSM2_CONF");
}

TEST_CASE("Signing agent: vanthu agent listens on 127.0.0.1 only", "[agent][cli]") {
    const auto refused = runVanthu({"agent", "--server-origin", kOrigin, "--pkcs11-module", kModule,
                                    "--pin-command", "printf 1234", "--listen", "0.0.0.0:8765"});
    CHECK(refused.exitCode == 2);
    CHECK(refused.err.find("127.0.0.1 only") != std::string::npos);
    const auto badOrigin = runVanthu({"agent", "--server-origin", kOrigin + "/path",
                                      "--pkcs11-module", kModule, "--pin-command", "printf 1234"});
    CHECK(badOrigin.exitCode == 2);
}
