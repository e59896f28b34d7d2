// The installation's keys (issue 13): an office's seal imported as PKCS#12 (its password sealed
// with the key file, never in the database in clear), the flow sealing with it after checking
// its certificate against the trust list, and two-phase signing accepting only a leader's
// registered certificate.
#include <openssl/evp.h>

#include <catch2/catch.hpp>
#include <ctime>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/KeyRing.hpp"
#include "vanthu/docmgmt/TrustList.hpp"
#include "vanthu/signing/Base64.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

using namespace vanthu;
using namespace vanthu::docmgmt;
using test::DemoWorld;

namespace {

constexpr const char* kSealPassword = "Khóa con dấu UBND 2026 #7";

const signing::DemoPki& sealPki() {
    static const signing::DemoPki instance([] {
        signing::DemoPkiOptions options;
        options.password = kSealPassword;
        return options;
    }());
    return instance;
}

Actor admin() {
    Actor actor;
    actor.user.username = "cli:test";
    actor.address = "local";
    return actor;
}

/// A world whose flow has a key ring over DIR/pki, trusting the demo CA and sealPki's root.
struct KeyedWorld {
    DemoWorld w;
    TrustList trust{w.dir / "pki", *w.audit};
    KeyRing keys{*w.storage, *w.audit, trust, w.dir / "pki", "vanthu"};
    std::unique_ptr<OutgoingFlow> flow;

    KeyedWorld() {
        trust.addCertificates(admin(), test::readFile(test::demoPkiDir() / "ca.pem"));
        trust.addCertificates(admin(), signing::toPem(sealPki().root().certificate.get()));
        const auto clockValue = w.now;
        auto settings = test::flowSettings([clockValue] { return clockValue->load(); }, nullptr);
        settings.keyRing = &keys;
        flow = std::make_unique<OutgoingFlow>(*w.storage, *w.blobs, *w.audit, settings);
    }
};

template <typename Error> std::string refusal(const std::function<void()>& step) {
    try {
        step();
    } catch (const Error& e) {
        return e.what();
    }
    FAIL("not refused");
    return "";
}

std::string tokenSign(const signing::Pkcs12Key& key, const std::string& digestBase64) {
    const auto digest = signing::fromBase64(digestBase64);
    REQUIRE(digest);
    signing::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key.privateKey(), nullptr));
    REQUIRE(EVP_PKEY_sign_init(ctx.get()) == 1);
    REQUIRE(EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) == 1);
    std::size_t length = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(digest->data());
    REQUIRE(EVP_PKEY_sign(ctx.get(), nullptr, &length, in, digest->size()) == 1);
    std::string signature(length, '\0');
    REQUIRE(EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                          in, digest->size()) == 1);
    signature.resize(length);
    return signing::toBase64(signature);
}

std::string chainPem(const signing::Pkcs12Key& key) {
    std::string pem = signing::toPem(key.certificate());
    for (X509* ca : key.chain()) {
        pem += signing::toPem(ca);
    }
    return pem;
}

} // namespace

TEST_CASE("KeyRing: a seal imported as PKCS#12 is checked, kept sealed and seals letters",
          "[keys][flow]") {
    KeyedWorld k;
    auto& w = k.w;
    *w.now = std::time(nullptr); // the seal certificate is new: sign today
    const Office office = w.officeOf("vanthu.vq");
    const auto p12 = sealPki().pkcs12(sealPki().seal(), "con dấu");

    const auto wrong = refusal<InvalidInput>(
        [&] { k.keys.importSealPkcs12(admin(), office, p12, "not the password"); });
    CHECK(wrong.find("sai mật khẩu") != std::string::npos);
    const auto expired = sealPki().issue("Con dấu cũ", 0x7101, "digitalSignature,nonRepudiation",
                                         "", -800 * 86400, -86400);
    const auto old = refusal<CertificateRefused>([&] {
        k.keys.importSealPkcs12(admin(), office, sealPki().pkcs12(expired, "cũ"), kSealPassword);
    });
    CHECK(old.find("Chứng thư số của con dấu đã hết hạn ngày") != std::string::npos);
    const auto encipher = sealPki().issue("Con dấu mã hóa", 0x7102, "keyEncipherment");
    const auto usage = refusal<CertificateRefused>([&] {
        k.keys.importSealPkcs12(admin(), office, sealPki().pkcs12(encipher, "x"), kSealPassword);
    });
    CHECK(usage.find("không dùng để ký") != std::string::npos);
    CHECK_FALSE(k.keys.sealOf(office.id));
    Office elsewhere = office; // an office another server hosts gets its seal there
    elsewhere.peer = "may-chu-tinh";
    CHECK_THROWS_AS(k.keys.importSealPkcs12(admin(), elsewhere, p12, kSealPassword), Conflict);
    Office dissolved = office;
    dissolved.dissolvedOn = "2025-07-01";
    CHECK_THROWS_AS(k.keys.importSealPkcs12(admin(), dissolved, p12, kSealPassword), Conflict);

    const auto seal = k.keys.importSealPkcs12(admin(), office, p12, kSealPassword);
    CHECK(seal.kind == "pkcs12");
    CHECK(seal.location.rfind("seals/" + office.code + "-", 0) == 0);
    CHECK(std::filesystem::exists(w.dir / "pki" / seal.location));
    CHECK(seal.secret.find(kSealPassword) == std::string::npos);
    CHECK(k.keys.sealOf(office.id)->secret == seal.secret);
    CHECK(w.audit->about("office/" + std::to_string(office.id)).back().action == "seal-import");
    // The password is nowhere in clear: not in the database, nor in the folder's files.
    for (const auto& file : std::filesystem::recursive_directory_iterator(w.dir.path())) {
        if (file.is_regular_file()) {
            INFO(file.path());
            CHECK(test::readFile(file.path()).find(kSealPassword) == std::string::npos);
        }
    }
    CHECK(signing::commonName(k.keys.sealKey(office)->certificate()) ==
          signing::commonName(sealPki().seal().certificate.get()));

    // Issued with the imported seal, which verifies against the trust list.
    const Id id = w.signedLetter("con dấu đã nhập");
    const auto issued = k.flow->issue(w.actor("vanthu.vq"), id);
    CHECK(issued.state == DocumentState::Issued);
    const signing::SignatureVerifier verifier(signing::certificatesFromPem(k.trust.anchorsPem()));
    const auto report = verifier.verify(w.blobs->get(issued.issuedPdf));
    REQUIRE(report.signatures.size() == 2);
    CHECK(report.signatures[1].signer == signing::commonName(sealPki().seal().certificate.get()));
    CHECK(report.signatures[1].ok);

    // Its CA taken off the trust list: the next letter is not sealed, and says why.
    const Id next = w.signedLetter("sau khi bỏ tin cậy");
    k.trust.removeCertificates(admin(), signing::toPem(sealPki().root().certificate.get()));
    try {
        k.flow->issue(w.actor("vanthu.vq"), next);
        FAIL("sealed with an untrusted certificate");
    } catch (const CertificateRefused& e) {
        CHECK(e.field() == "seal");
        CHECK(std::string(e.what()).find("Chứng thư số của con dấu không do tổ chức chứng thực "
                                         "tin cậy cấp") != std::string::npos);
    }
    CHECK(w.storage->findDocument(next)->state == DocumentState::Signed);
}

TEST_CASE("KeyRing: two-phase signing accepts only the leader's registered certificate",
          "[keys][flow][sign]") {
    KeyedWorld k;
    auto& w = k.w;
    const auto specialist = w.actor("chuyenvien.vq");
    const auto deputy = w.actor("phochutich.vq");
    const Id id = k.flow->createDraft(specialist, w.letterInput("ký hai bước, đã đăng ký")).id;
    k.flow->submit(specialist, id);
    k.flow->approve(w.actor("chutich.vq"), id);

    const auto own = signing::Pkcs12Key::fromFile(
        (test::demoPkiDir() / "leader-phochutich.vq.p12").string(), "vanthu");
    const auto chairman = signing::Pkcs12Key::fromFile(
        (test::demoPkiDir() / "leader-chutich.vq.p12").string(), "vanthu");

    // Registering: only for leaders, only a certificate that may sign.
    CHECK_THROWS_AS(
        k.keys.registerLeaderCertificate(admin(), w.user("chuyenvien.vq"), chainPem(*own)),
        Conflict);
    CHECK_THROWS_AS(k.keys.registerLeaderCertificate(admin(), w.user("phochutich.vq"), "x"),
                    InvalidInput);
    // Registered: the chairman's certificate, from the same trusted CA, is not the deputy's.
    k.keys.registerLeaderCertificate(admin(), w.user("phochutich.vq"), chainPem(*own));
    CHECK(w.audit->about("user/" + std::to_string(w.user("phochutich.vq").id)).back().action ==
          "leader-certificate-add");
    const auto notTheirs = refusal<CertificateRefused>(
        [&] { k.flow->prepareSignature(deputy, id, chainPem(*chairman)); });
    CHECK(notTheirs.find("không phải chứng thư đã đăng ký") != std::string::npos);

    const auto digest = k.flow->prepareSignature(deputy, id, chainPem(*own));
    CHECK(k.flow->completeSignature(deputy, id, tokenSign(*own, digest)).state ==
          DocumentState::Signed);

    // Without a registration (and no server-held key), two-phase signing is refused.
    k.keys.removeLeaderCertificate(admin(), w.user("phochutich.vq"));
    auto deputyUser = w.user("phochutich.vq");
    deputyUser.signingKey.clear();
    w.storage->updateUser(deputyUser);
    const Id second = k.flow->createDraft(specialist, w.letterInput("chưa đăng ký")).id;
    k.flow->submit(specialist, second);
    k.flow->approve(w.actor("chutich.vq"), second);
    const auto none = refusal<CertificateRefused>(
        [&] { k.flow->prepareSignature(deputy, second, chainPem(*own)); });
    CHECK(none.find("Chưa đăng ký chứng thư số") != std::string::npos);
    CHECK_THROWS_AS(k.keys.removeLeaderCertificate(admin(), w.user("phochutich.vq")), NotFound);
    CHECK(w.audit->verify().intact);
}

TEST_CASE("KeyRing: a seal on a PKCS#11 token (SoftHSM2), its PIN sealed", "[keys][pkcs11]") {
    const std::string module = "/usr/lib/softhsm/libsofthsm2.so";
    INFO("SoftHSM2 (Debian package softhsm2, installed by scripts/bootstrap) is missing");
    REQUIRE(std::filesystem::exists(module));
    KeyedWorld k;
    auto& w = k.w;
    *w.now = std::time(nullptr);
    test::TempDir token;
    std::filesystem::create_directories(token / "tokens");
    test::writeFile(token / "softhsm2.conf",
                    "directories.tokendir = " + (token / "tokens").string() +
                        "\nobjectstore.backend = file\nlog.level = ERROR\n");
    setenv("SOFTHSM2_CONF", (token / "softhsm2.conf").string().c_str(), 1);
    const std::string pin = "246813579";
    const auto run = [](const std::vector<std::string>& argv) {
        const auto result = test::run(argv);
        INFO(argv[0] << ": " << result.err);
        REQUIRE(result.exitCode == 0);
    };
    run({"softhsm2-util", "--init-token", "--free", "--label", "CON DAU", "--pin", pin, "--so-pin",
         "97531"});
    test::writeFile(token / "seal.p12", sealPki().pkcs12(sealPki().seal(), "seal"));
    run({"openssl", "pkcs12", "-in", (token / "seal.p12").string(), "-nocerts", "-nodes", "-passin",
         std::string("pass:") + kSealPassword, "-out", (token / "key.pem").string()});
    run({"openssl", "pkcs8", "-topk8", "-nocrypt", "-in", (token / "key.pem").string(), "-out",
         (token / "key8.pem").string()});
    run({"softhsm2-util", "--import", (token / "key8.pem").string(), "--token", "CON DAU",
         "--label", "seal", "--id", "01", "--pin", pin});
    test::writeFile(token / "cert.der", signing::toDer(sealPki().seal().certificate.get()));
    run({"pkcs11-tool", "--module", module, "--token-label", "CON DAU", "--login", "--pin", pin,
         "--write-object", (token / "cert.der").string(), "--type", "cert", "--id", "01", "--label",
         "seal"});
    // The token holds no CA certificate: the intermediate comes from the trust list.
    k.trust.addCertificates(admin(), signing::toPem(sealPki().issuingCa().certificate.get()));

    const Office office = w.officeOf("vanthu.vq");
    CHECK_THROWS_AS(k.keys.useSealToken(admin(), office, module, "CON DAU", "seal", "0000"),
                    InvalidInput);
    const auto seal = k.keys.useSealToken(admin(), office, module, "CON DAU", "seal", pin);
    CHECK(seal.kind == "pkcs11");
    CHECK(seal.token == "CON DAU");
    CHECK(seal.secret.find(pin) == std::string::npos);
    CHECK(w.audit->about("office/" + std::to_string(office.id)).back().action == "seal-token");

    const Id id = w.signedLetter("con dấu trên thiết bị");
    const auto issued = k.flow->issue(w.actor("vanthu.vq"), id);
    const signing::SignatureVerifier verifier(signing::certificatesFromPem(k.trust.anchorsPem()));
    const auto report = verifier.verify(w.blobs->get(issued.issuedPdf));
    REQUIRE(report.signatures.size() == 2);
    CHECK(report.signatures[1].signer == signing::commonName(sealPki().seal().certificate.get()));
    CHECK(report.signatures[1].valid);
    CHECK(report.signatures[1].trusted);
    // The same token seals XML (exchange packages, archive manifests): no PKCS#12 needed.
    const auto xmlSeal = k.keys.checkedSealKey(office);
    REQUIRE(xmlSeal->privateKey() != nullptr);
    CHECK(X509_cmp(xmlSeal->certificate(), sealPki().seal().certificate.get()) == 0);
    const auto signature = xmlSeal->sign("gói tin edXML");
    CHECK(signing::signatureMatches(xmlSeal->certificate(), "gói tin edXML", signature,
                                    signing::RsaPadding::Pkcs1));
    unsetenv("SOFTHSM2_CONF");
}
