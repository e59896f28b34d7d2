// Installation::replaceSecretKey: a lost DIR/pki/secret.key replaced; the secrets sealed under
// it (seal passwords and PINs, TSA passwords, the SMTP login) forgotten in one audited step.
#include <catch2/catch.hpp>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/MailSettings.hpp"
#include "vanthu/docmgmt/SecretBox.hpp"
#include "vanthu/docmgmt/Storage.hpp"

using namespace vanthu;
using namespace vanthu::docmgmt;

TEST_CASE("Secret key: a lost key replaced, what only it opened forgotten, the rest kept, audited",
          "[keys][secret]") {
    test::DemoWorld world;
    const auto dir = world.dir.path();
    const auto key = Installation::pkiFolderIn(dir) / "secret.key";
    const auto office = world.officeOf("vanthu.vq");
    {
        Installation installation(dir, test::installationOptions(dir)); // records the key
        auto& storage = installation.storage();
        const auto box = SecretBox::open(key);
        KeyRecord seal;
        seal.owner = "seal/" + std::to_string(office.id);
        seal.kind = "pkcs12";
        seal.location = "seals/seal.p12";
        seal.secret = box.seal("mật khẩu con dấu", seal.owner);
        storage.saveKeyRecord(seal);
        KeyRecord leader;
        leader.owner = "leader/7";
        leader.kind = "certificate";
        leader.certificatePem = "-----BEGIN CERTIFICATE-----";
        storage.saveKeyRecord(leader);
        SigningPolicyRecord policy;
        policy.officeId = office.id;
        policy.signerLevel = policy.sealLevel = "B-T";
        policy.tsa = "url";
        policy.tsaUrl = "http://tsa.example.vn/tsa";
        policy.tsaUsername = "vanthu";
        policy.tsaSecret = box.seal("mật khẩu TSA", "tsa/" + std::to_string(office.id));
        policy.revocation = "aia";
        policy.version = 1;
        storage.saveSigningPolicy(policy);
        StoredSmtp smtp;
        smtp.host = "mail.example.vn";
        smtp.user = "thongbao";
        smtp.passwordSealed = box.seal("mật khẩu SMTP", kSmtpSecretContext);
        smtp.sender = "thongbao@example.vn";
        storage.setStoredSmtp(smtp);
    }
    std::filesystem::remove(key);
    CHECK_THROWS_AS(Installation(dir, test::installationOptions(dir)), InstallationError);

    auto unchecked = test::installationOptions(dir);
    unchecked.checkSecretKey = false;
    {
        Installation installation(dir, unchecked);
        const auto replaced = installation.replaceSecretKey(Administration::commandLineActor());
        CHECK(replaced.sealsRemoved ==
              std::vector<std::string>{"seal/" + std::to_string(office.id)});
        CHECK(replaced.tsaPasswordsRemoved == std::vector<Id>{office.id});
        CHECK(replaced.smtpPasswordRemoved);
        CHECK(replaced.oldKeyKept.empty());
        const auto last = installation.audit().latest(1).front();
        CHECK(last.action == "replace-secret-key");
        CHECK(last.username == Administration::commandLineActor().user.username);
        CHECK(last.detail.find("seal/" + std::to_string(office.id)) != std::string::npos);
    }

    Installation reopened(dir, test::installationOptions(dir));
    auto& storage = reopened.storage();
    CHECK_FALSE(storage.findKeyRecord("seal/" + std::to_string(office.id)));
    CHECK(storage.findKeyRecord("leader/7")); // a certificate holds no secret: kept
    const auto policy = storage.findSigningPolicy(office.id);
    REQUIRE(policy);
    CHECK(policy->tsaSecret.empty());
    CHECK(policy->tsaUrl == "http://tsa.example.vn/tsa");
    CHECK(policy->version == 2);
    const auto smtp = storage.storedSmtp();
    REQUIRE(smtp);
    CHECK(smtp->host == "mail.example.vn");
    CHECK(smtp->user.empty());
    CHECK(smtp->passwordSealed.empty());
    CHECK(reopened.audit().verify().intact);
}
