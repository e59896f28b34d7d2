// An office's own keys and trust list with the built binary (issue 13, item 3): vanthu init,
// admin office add and users, a CA and a seal PKCS#12 made here with openssl, admin seal import,
// admin trust add, admin leader-cert add; a letter drafted, signed in two phases with the
// leader's registered certificate (the digest signed by openssl pkeyutl), issued with the
// imported seal, and accepted by vanthu verify and pdfsig. An expired seal certificate and one
// without digitalSignature are refused before anything is signed, with one Vietnamese line; the
// seal's password is in no file of the data folder in clear.
#include "TestPaths.hpp"
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <tuple>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;

namespace {

constexpr const char* kSealPassword = "Mật khẩu con dấu Nghi Long 2026";

test::ProcessResult runVanthu(const std::vector<std::string>& args, const std::string& input = "") {
    std::vector<std::string> argv{VANTHU_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run(argv, input);
}

std::size_t lineCount(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// openssl with arguments, run in dir; REQUIREs success.
void openssl(const std::filesystem::path& dir, std::vector<std::string> args) {
    args.insert(args.begin(), "openssl");
    for (auto& arg : args) {
        if (arg.rfind("@", 0) == 0) {
            arg = (dir / arg.substr(1)).string(); // @name: a file in dir
        }
    }
    const auto result = test::run(args);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
}

/// An end-entity key and certificate signed by the test's CA, with this key usage and days.
void issueCertificate(const std::filesystem::path& dir, const std::string& name,
                      const std::string& commonName, const std::string& keyUsage,
                      const std::string& days) {
    test::writeFile(dir / (name + ".ext"), "keyUsage=critical," + keyUsage + "\n");
    openssl(dir, {"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "@" + name + ".key", "-out",
                  "@" + name + ".csr", "-subj", "/CN=" + commonName + "/O=UBND xa Nghi Long"});
    openssl(dir, {"x509", "-req", "-in", "@" + name + ".csr", "-CA", "@ca.pem", "-CAkey", "@ca.key",
                  "-CAcreateserial", "-days", days, "-extfile", "@" + name + ".ext", "-out",
                  "@" + name + ".pem"});
}

void makePkcs12(const std::filesystem::path& dir, const std::string& name) {
    test::writeFile(dir / "p12-password", std::string(kSealPassword) + "\n");
    openssl(dir, {"pkcs12", "-export", "-inkey", "@" + name + ".key", "-in", "@" + name + ".pem",
                  "-certfile", "@ca.pem", "-passout", "file:" + (dir / "p12-password").string(),
                  "-out", "@" + name + ".p12"});
}

/// A CA, a seal PKCS#12 (kSealPassword), a leader's certificate, an expired seal and one for
/// encryption only, all made with openssl in dir.
void makeTestPki(const std::filesystem::path& pki) {
    openssl(pki, {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "@ca.key", "-out",
                  "@ca.pem", "-days", "3650", "-subj", "/CN=CA thu nghiem Nghe An/O=Test",
                  "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                  "keyUsage=critical,keyCertSign,cRLSign"});
    issueCertificate(pki, "seal", "UBND xa Nghi Long", "digitalSignature,nonRepudiation", "365");
    makePkcs12(pki, "seal");
    issueCertificate(pki, "leader", "Nguyen Van Chu Tich", "digitalSignature,nonRepudiation",
                     "365");
    issueCertificate(pki, "expired", "Con dau het han", "digitalSignature,nonRepudiation", "-1");
    makePkcs12(pki, "expired");
    issueCertificate(pki, "encipher", "Con dau ma hoa", "keyEncipherment", "365");
    makePkcs12(pki, "encipher");
}

std::string idPath(const Poco::JSON::Object::Ptr& object) {
    return "/api/documents/" + std::to_string(object->getValue<long>("id"));
}

} // namespace

TEST_CASE("an office's seal, leader's certificate and trusted CA: a letter issued and verified",
          "[setup][cli][keys]") {
    test::TempDir dir;
    const auto data = (dir / "data").string();
    const auto database = test::freshTestDatabase();
    const auto pki = dir.path() / "openssl";
    std::filesystem::create_directories(pki);
    REQUIRE(runVanthu(test::withDatabase({"init", "--data", data, "--office-code", "000.00.00.H41",
                                          "--office-name", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
                                          "--issuer-code", "UBND", "--place", "Nghệ An", "--admin",
                                          "quantri"},
                                         database),
                      "mật khẩu quản trị\n")
                .exitCode == 0);
    const auto admin = [&](std::vector<std::string> args, const std::string& input = "") {
        args.insert(args.begin(), "admin");
        args.push_back("--data");
        args.push_back(data);
        return runVanthu(args, input);
    };
    REQUIRE(
        admin({"office", "add", "--code", "000.00.12.H41", "--name", "ỦY BAN NHÂN DÂN XÃ NGHI LONG",
               "--issuer-code", "UBND", "--place", "Nghi Long", "--parent", "000.00.00.H41"})
            .exitCode == 0);
    for (const auto& [name, role, title] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"chuyenvien.nl", "specialist", ""},
             {"chutich.nl", "leader", "CHỦ TỊCH"},
             {"vanthu.nl", "clerk", "VĂN THƯ"}}) {
        const auto added =
            admin({"user", "add", "--office", "000.00.12.H41", "--username", name, "--full-name",
                   "Người dùng " + name, "--role", role, "--title", title},
                  "mật khẩu " + name + "\n");
        INFO(added.err);
        REQUIRE(added.exitCode == 0);
    }

    // The office's CA, its seal (PKCS#12 with a password), the leader's certificate: openssl.
    makeTestPki(pki);
    const auto passwordFile = (pki / "p12-password").string();

    // Refused before anything is signed: an expired seal, one that cannot sign, a bad password.
    const auto expired = admin({"seal", "import", "--office", "000.00.12.H41", "--p12",
                                (pki / "expired.p12").string(), "--password-file", passwordFile});
    CHECK(expired.exitCode == 2);
    CHECK(lineCount(expired.err) == 1);
    CHECK(expired.err.find("Chứng thư số của con dấu đã hết hạn ngày") != std::string::npos);
    const auto encipher = admin({"seal", "import", "--office", "000.00.12.H41", "--p12",
                                 (pki / "encipher.p12").string(), "--password-file", passwordFile});
    CHECK(encipher.exitCode == 2);
    CHECK(lineCount(encipher.err) == 1);
    CHECK(encipher.err.find("không dùng để ký (thiếu công dụng digitalSignature") !=
          std::string::npos);
    test::writeFile(pki / "wrong-password", "sai\n");
    const auto wrong =
        admin({"seal", "import", "--office", "000.00.12.H41", "--p12", (pki / "seal.p12").string(),
               "--password-file", (pki / "wrong-password").string()});
    CHECK(wrong.exitCode == 2);
    CHECK(wrong.err.find("sai mật khẩu") != std::string::npos);
    CHECK(admin({"seal", "show", "--office", "000.00.12.H41"}).out.find("chưa nhập con dấu") !=
          std::string::npos);

    const auto imported = admin({"seal", "import", "--office", "000.00.12.H41", "--p12",
                                 (pki / "seal.p12").string(), "--password-file", passwordFile});
    INFO(imported.err);
    REQUIRE(imported.exitCode == 0);
    CHECK(imported.out.find("UBND xa Nghi Long") != std::string::npos);
    const auto trusted = admin({"trust", "add", "--cert", (pki / "ca.pem").string()});
    INFO(trusted.err);
    REQUIRE(trusted.exitCode == 0);
    CHECK(admin({"trust", "add", "--cert", (pki / "seal.pem").string()}).exitCode == 2); // not a CA
    CHECK(admin({"trust", "add", "--cert", (pki / "ca.pem").string()}).exitCode == 1);   // again
    const auto list = admin({"trust", "list"});
    CHECK(list.out.find("ca\t") == 0);
    CHECK(list.out.find("CA thu nghiem Nghe An") != std::string::npos);
    CHECK(admin({"leader-cert", "add", "--user", "vanthu.nl", "--cert",
                 (pki / "leader.pem").string()})
              .exitCode == 1); // not a leader
    const auto registered = admin(
        {"leader-cert", "add", "--user", "chutich.nl", "--cert", (pki / "leader.pem").string()});
    INFO(registered.err);
    REQUIRE(registered.exitCode == 0);

    // The password is in no file of the data folder and nowhere in the database in clear
    // (sealed in the database, its key in DIR/pki/secret.key).
    for (const auto& file : std::filesystem::recursive_directory_iterator(data)) {
        if (file.is_regular_file()) {
            INFO(file.path());
            CHECK(test::readFile(file.path()).find(kSealPassword) == std::string::npos);
        }
    }
    CHECK(test::databaseHolds(data, database, "chutich.nl")); // the search sees the records
    CHECK_FALSE(test::databaseHolds(data, database, kSealPassword));
    CHECK(std::filesystem::exists(std::filesystem::path(data) / "pki" / "secret.key"));
    const auto keyMode =
        std::filesystem::status(std::filesystem::path(data) / "pki" / "secret.key").permissions() &
        std::filesystem::perms::all;
    CHECK((keyMode == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)));

    // A letter through the server: drafted, approved, signed in two phases with the registered
    // certificate (the digest signed by openssl), issued with the imported seal.
    test::ServerProcess server(data, test::withDatabase({"--no-ocr"}, database));
    ApiClient specialist(server.port());
    ApiClient leader(server.port());
    ApiClient clerk(server.port());
    specialist.signIn("chuyenvien.nl", "mật khẩu chuyenvien.nl");
    const auto leaderId = leader.signIn("chutich.nl", "mật khẩu chutich.nl")->getValue<long>("id");
    clerk.signIn("vanthu.nl", "mật khẩu vanthu.nl");
    const auto approvedLetter = [&](const std::string& subject) {
        const auto created =
            specialist.post("/api/documents", test::letterDraft(leaderId, subject));
        INFO(created.body);
        REQUIRE(created.status == 201);
        const auto path = idPath(created.object());
        REQUIRE(specialist.post(path + "/submit").status == 200);
        REQUIRE(leader.post(path + "/approve").status == 200);
        return path;
    };
    const auto prepareWith = [&](const std::string& path, const std::string& pem) {
        Poco::JSON::Object body;
        body.set("certificateChainPem", pem);
        return leader.post(path + "/sign/prepare", test::jsonText(body));
    };
    // The leader's token: the digest signed by openssl with the registered certificate's key.
    const auto signWithToken = [&](const std::string& path) {
        const auto prepared =
            prepareWith(path, test::readFile(pki / "leader.pem") + test::readFile(pki / "ca.pem"));
        INFO(prepared.body);
        REQUIRE(prepared.status == 200);
        const auto digest = prepared.object()->getValue<std::string>("digest");
        test::writeFile(pki / "digest.b64", digest + "\n");
        openssl(pki, {"base64", "-d", "-in", "@digest.b64", "-out", "@digest.bin"});
        openssl(pki, {"pkeyutl", "-sign", "-inkey", "@leader.key", "-in", "@digest.bin", "-pkeyopt",
                      "digest:sha256", "-out", "@signature.bin"});
        Poco::JSON::Object complete;
        complete.set("signatureValue", test::base64(test::readFile(pki / "signature.bin")));
        const auto signedDoc = leader.post(path + "/sign/complete", test::jsonText(complete));
        INFO(signedDoc.body);
        REQUIRE(signedDoc.status == 200);
    };
    const auto base = approvedLetter("V/v con dấu đã nhập");
    // The seal's certificate, from the same trusted CA, is not the leader's registered one.
    const auto other =
        prepareWith(base, test::readFile(pki / "seal.pem") + test::readFile(pki / "ca.pem"));
    CHECK(other.status == 422);
    CHECK(other.body.find("không phải chứng thư đã đăng ký") != std::string::npos);
    signWithToken(base);
    const auto issued = clerk.post(base + "/issue");
    INFO(issued.body);
    REQUIRE(issued.status == 200);
    CHECK(issued.object()->getValue<std::string>("state") == "issued");
    const auto pdf = clerk.get(base + "/pdf");
    REQUIRE(pdf.status == 200);
    test::writeFile(dir / "letter.pdf", pdf.body);

    // A key file that no longer opens the stored password (replaced): 409 with the sentence,
    // the letter stays signed and unnumbered.
    const auto second = approvedLetter("V/v khóa bí mật bị thay");
    signWithToken(second);
    test::writeFile(std::filesystem::path(data) / "pki" / "secret.key", std::string(32, 'x'));
    const auto refused = clerk.post(second + "/issue");
    CHECK(refused.status == 409);
    CHECK(refused.body.find("không mở được bằng khóa của thư mục dữ liệu") != std::string::npos);
    CHECK(clerk.get(second).object()->getValue<std::string>("state") == "signed");
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);

    // vanthu verify with the CA: both signatures, the leader's and the imported seal, accepted.
    const auto verified =
        runVanthu({"verify", (dir / "letter.pdf").string(), "--trust", (pki / "ca.pem").string()});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.find("UBND xa Nghi Long") != std::string::npos);
    CHECK(verified.out.find("Nguyen Van Chu Tich") != std::string::npos);
    const auto pdfsig = test::run({"pdfsig", (dir / "letter.pdf").string()});
    INFO(pdfsig.out);
    CHECK(pdfsig.out.find("Signature #2") != std::string::npos);
    std::size_t valid = 0;
    for (auto at = pdfsig.out.find("Signature Validation: Signature is Valid.");
         at != std::string::npos;
         at = pdfsig.out.find("Signature Validation: Signature is Valid.", at + 1)) {
        ++valid;
    }
    CHECK(valid == 2);
    CHECK(runVanthu({"audit", "verify", "--data", data}).exitCode == 0);
    const auto log = runVanthu({"audit", "verify", "--data", data});
    CHECK(log.out.find("intact") != std::string::npos);
}

TEST_CASE("administrators manage the keys and trust list through /api/keys", "[setup][keys][api]") {
    test::TempDir dir;
    const auto data = (dir / "data").string();
    const auto database = test::freshTestDatabase();
    const auto pki = dir.path() / "openssl";
    std::filesystem::create_directories(pki);
    makeTestPki(pki);
    REQUIRE(runVanthu(test::withDatabase({"init", "--data", data, "--office-code", "000.00.00.H41",
                                          "--office-name", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
                                          "--issuer-code", "UBND", "--place", "Nghệ An", "--admin",
                                          "quantri"},
                                         database),
                      "mật khẩu quản trị\n")
                .exitCode == 0);
    REQUIRE(runVanthu({"admin", "user", "add", "--data", data, "--office", "000.00.00.H41",
                       "--username", "chutich.na", "--full-name", "Chủ tịch", "--role", "leader"},
                      "mật khẩu lãnh đạo\n")
                .exitCode == 0);
    test::ServerProcess server(data, test::withDatabase({"--no-ocr"}, database));
    ApiClient admin(server.port());
    ApiClient leader(server.port());
    const auto adminMe = admin.signIn("quantri", "mật khẩu quản trị");
    const auto officeId = adminMe->getValue<long>("officeId");
    const auto leaderId = leader.signIn("chutich.na", "mật khẩu lãnh đạo")->getValue<long>("id");
    const auto json = [](std::initializer_list<std::pair<std::string, std::string>> fields) {
        Poco::JSON::Object body;
        for (const auto& [name, value] : fields) {
            body.set(name, value);
        }
        return test::jsonText(body);
    };

    CHECK(leader.get("/api/keys/trust").status == 403);
    const auto added =
        admin.post("/api/keys/trust",
                   json({{"kind", "ca"}, {"certificatePem", test::readFile(pki / "ca.pem")}}));
    INFO(added.body);
    REQUIRE(added.status == 201);
    const auto caId = added.array()->getObject(0)->getValue<std::string>("id");
    CHECK(admin
              .post("/api/keys/trust",
                    json({{"kind", "ca"}, {"certificatePem", test::readFile(pki / "seal.pem")}}))
              .status == 422);
    CHECK(admin.post("/api/keys/trust", json({{"kind", "ocsp"}, {"url", "http://127.0.0.1:9/"}}))
              .status == 201);
    CHECK(admin.get("/api/keys/trust").array()->size() == 2);

    const auto seals = "/api/keys/seals/" + std::to_string(officeId);
    CHECK(admin.get(seals).status == 404);
    const auto sealBody = [&](const std::string& name, const std::string& password) {
        return json({{"pkcs12Base64", test::base64(test::readFile(pki / (name + ".p12")))},
                     {"password", password}});
    };
    const auto wrong = admin.put(seals, sealBody("seal", "sai mật khẩu"));
    CHECK(wrong.status == 422);
    CHECK(wrong.body.find("\"password\"") != std::string::npos);
    const auto expired = admin.put(seals, sealBody("expired", kSealPassword));
    CHECK(expired.status == 422);
    CHECK(expired.body.find("Chứng thư số của con dấu đã hết hạn ngày") != std::string::npos);
    const auto imported = admin.put(seals, sealBody("seal", kSealPassword));
    INFO(imported.body);
    REQUIRE(imported.status == 200);
    CHECK(imported.object()->getValue<std::string>("subject").find("UBND xa Nghi Long") !=
          std::string::npos);
    CHECK(imported.body.find(kSealPassword) == std::string::npos);
    CHECK(admin.get(seals).status == 200);

    const auto leaders = "/api/keys/leaders/" + std::to_string(leaderId);
    const auto adminCert = "/api/keys/leaders/" + std::to_string(adminMe->getValue<long>("id"));
    CHECK(admin.put(adminCert, json({{"certificatePem", test::readFile(pki / "leader.pem")}}))
              .status == 409); // not a leader
    CHECK(
        admin.put(leaders, json({{"certificatePem", test::readFile(pki / "leader.pem")}})).status ==
        200);
    CHECK(admin.get(leaders).object()->getValue<std::string>("kind") == "certificate");
    CHECK(admin.request("DELETE", leaders).status == 204);
    CHECK(admin.get(leaders).status == 404);

    CHECK(admin.post("/api/keys/trust/remove", json({{"kind", "ca"}, {"id", caId}})).status == 200);
    CHECK(admin.post("/api/keys/trust/remove", json({{"kind", "ca"}, {"id", caId}})).status == 404);
    const auto audit = admin.get("/api/audit?limit=20").body;
    for (const char* action : {"trust-add", "trust-remove", "seal-import", "leader-certificate-add",
                               "leader-certificate-remove"}) {
        INFO(action);
        CHECK(audit.find(action) != std::string::npos);
    }
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
}

TEST_CASE("an office's seal on a PKCS#11 token through /api/keys: only a module the server "
          "allows, the PIN checked and kept sealed",
          "[setup][keys][api][pkcs11]") {
    test::TempDir dir;
    const auto data = (dir / "data").string();
    const auto database = test::freshTestDatabase();
    const auto pki = dir.path() / "openssl";
    std::filesystem::create_directories(pki);
    makeTestPki(pki);
    const std::string pin = "246813579";
    const test::SoftHsmToken token("CON DAU", pin, "seal", test::readFile(pki / "seal.p12"),
                                   kSealPassword);
    REQUIRE(runVanthu(test::withDatabase({"init", "--data", data, "--office-code", "000.00.00.H41",
                                          "--office-name", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
                                          "--issuer-code", "UBND", "--place", "Nghệ An", "--admin",
                                          "quantri"},
                                         database),
                      "mật khẩu quản trị\n")
                .exitCode == 0);
    // A module that is not a file is refused at start.
    CHECK(runVanthu(test::withDatabase(
                        {"serve", "--data", data, "--pkcs11-module", "/nonexistent/libtoken.so"},
                        database))
              .exitCode == 2);
    test::ServerProcess server(
        data,
        test::withDatabase({"--no-ocr", "--pkcs11-module", test::SoftHsmToken::kModule}, database));
    ApiClient admin(server.port());
    const auto officeId = admin.signIn("quantri", "mật khẩu quản trị")->getValue<long>("officeId");
    const auto modules = admin.get("/api/keys/pkcs11-modules");
    REQUIRE(modules.status == 200);
    REQUIRE(modules.array()->size() == 1);
    CHECK(modules.array()->getElement<std::string>(0) == test::SoftHsmToken::kModule);

    const auto seals = "/api/keys/seals/" + std::to_string(officeId);
    const auto tokenBody = [&](const std::string& module, const std::string& tokenPin) {
        Poco::JSON::Object body;
        body.set("module", module);
        body.set("token", "CON DAU");
        body.set("label", "seal");
        body.set("pin", tokenPin);
        return test::jsonText(body);
    };
    // Another library on the server: never loaded.
    const auto notAllowed = admin.put(seals, tokenBody("/usr/lib/x86_64-linux-gnu/libc.so.6", pin));
    CHECK(notAllowed.status == 422);
    CHECK(notAllowed.body.find("\"field\":\"module\"") != std::string::npos);
    CHECK(notAllowed.body.find("pkcs11-module") != std::string::npos);
    const auto wrongPin = admin.put(seals, tokenBody(test::SoftHsmToken::kModule, "0000"));
    CHECK(wrongPin.status == 422);
    CHECK(wrongPin.body.find("\"field\":\"pkcs11\"") != std::string::npos);
    CHECK(admin.get(seals).status == 404); // nothing kept from the refusals

    const auto used = admin.put(seals, tokenBody(test::SoftHsmToken::kModule, pin));
    INFO(used.body);
    REQUIRE(used.status == 200);
    CHECK(used.object()->getValue<std::string>("kind") == "pkcs11");
    CHECK(used.object()->getValue<std::string>("token") == "CON DAU");
    CHECK(used.object()->getValue<std::string>("subject").find("UBND xa Nghi Long") !=
          std::string::npos);
    CHECK(used.body.find(pin) == std::string::npos);
    const auto shown = admin.get(seals);
    REQUIRE(shown.status == 200);
    CHECK(shown.object()->getValue<std::string>("kind") == "pkcs11");
    CHECK(shown.body.find(pin) == std::string::npos);
    CHECK(admin.get("/api/audit?limit=20").body.find("seal-token") != std::string::npos);
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
    // The PIN is in the database only sealed.
    CHECK(test::databaseHolds(data, database, "quantri")); // the search sees the records
    CHECK_FALSE(test::databaseHolds(data, database, pin));
}
