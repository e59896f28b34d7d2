#include "vanthu/docmgmt/KeyRing.hpp"

#include <openssl/err.h>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/SecretBox.hpp"
#include "vanthu/docmgmt/TrustList.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"
#include "vanthu/signing/Pkcs11Key.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxPkcs12Bytes = 1u << 20;
constexpr std::size_t kMaxPemBytes = 1u << 20;

fs::path secretKeyFile(const fs::path& pki) {
    return pki / "secret.key";
}

/// The seal's certificate fit to sign now (the chain is checked at each signature).
void requireUsable(X509* certificate, const std::string& holder, const std::string& field) {
    const auto problem = signing::certificateUsageProblem(certificate, holder);
    if (!problem.empty()) {
        throw CertificateRefused(field, problem);
    }
}

std::string describe(X509* certificate) {
    return signing::commonName(certificate) + ", số sê-ri " +
           [&] {
               const ASN1_INTEGER* serial = X509_get0_serialNumber(certificate);
               return signing::toHex(std::string_view(reinterpret_cast<const char*>(serial->data),
                                                      static_cast<std::size_t>(serial->length)),
                                     true);
           }() +
           ", hết hạn " + signing::vietnameseDate(X509_get0_notAfter(certificate));
}

/// Only an office hosted here and not dissolved gets a seal.
void requireHosted(const Office& office) {
    if (!office.isLocal()) {
        throw Conflict("Cơ quan " + office.name + " ở máy chủ " + office.peer +
                       "; con dấu của cơ quan được nhập ở máy chủ đó.");
    }
    if (office.dissolved()) {
        throw Conflict("Cơ quan " + office.name + " đã giải thể ngày " + office.dissolvedOn +
                       "; không nhập con dấu mới.");
    }
}

} // namespace

KeyRing::KeyRing(Storage& storage, AuditTrail& audit, const TrustList& trust, fs::path pkiDir,
                 std::string legacyPassword)
    : storage_(storage), audit_(audit), trust_(trust), pki_(std::move(pkiDir)),
      legacyPassword_(std::move(legacyPassword)) {}

std::string KeyRing::sealOwner(Id officeId) {
    return "seal/" + std::to_string(officeId);
}
std::string KeyRing::leaderOwner(Id userId) {
    return "leader/" + std::to_string(userId);
}

void KeyRing::record(const Actor& actor, const std::string& action, const std::string& object,
                     const std::string& detail) {
    std::optional<Id> userId;
    if (actor.user.id > 0) {
        userId = actor.user.id;
    }
    audit_.record({userId, actor.user.username, action, object, actor.address, detail});
}

KeyRecord KeyRing::importSealPkcs12(const Actor& actor, const Office& office,
                                    const std::string& p12, const std::string& password) {
    requireHosted(office);
    if (p12.size() > kMaxPkcs12Bytes) {
        throw InvalidInput("p12", "Tệp PKCS#12 quá lớn (quá 1 MiB).");
    }
    std::unique_ptr<signing::Pkcs12Key> key;
    try {
        key = signing::Pkcs12Key::fromBytes(p12, password);
    } catch (const std::exception&) {
        ERR_clear_error();
        throw InvalidInput("password", "Không mở được tệp PKCS#12 của con dấu: sai mật khẩu, hoặc "
                                       "tệp không phải PKCS#12 có khóa và chứng thư.");
    }
    requireUsable(key->certificate(), "con dấu", "seal");
    const auto box = SecretBox::openOrCreate(secretKeyFile(pki_));
    KeyRecord record;
    record.owner = sealOwner(office.id);
    record.kind = "pkcs12";
    // Relative to DIR/pki, so that a restored copy of the folder finds its own file; named by
    // its content, so that an import that fails halfway leaves the stored seal's file alone.
    record.location =
        (fs::path("seals") /
         (office.code + "-" + signing::toHex(signing::sha256(p12)).substr(0, 16) + ".p12"))
            .string();
    record.certificatePem = signing::toPem(key->certificate());
    record.secret = box.seal(password, record.owner);
    record.changedAt = vietnamTimestamp(systemClock()());
    fs::create_directories(pki_ / "seals");
    templates::writeFileAtomically((pki_ / record.location).string(), p12);
    storage_.transaction([&] {
        storage_.saveKeyRecord(record);
        KeyRing::record(actor, "seal-import", "office/" + std::to_string(office.id),
                        "PKCS#12: " + describe(key->certificate()));
    });
    return record;
}

KeyRecord KeyRing::useSealToken(const Actor& actor, const Office& office, const std::string& module,
                                const std::string& token, const std::string& label,
                                const std::string& pin) {
    requireHosted(office);
    std::unique_ptr<signing::Pkcs11Key> key;
    try {
        key = std::make_unique<signing::Pkcs11Key>(module, token, label, pin);
    } catch (const std::exception& e) {
        ERR_clear_error();
        throw InvalidInput("pkcs11", std::string("Không mở được khóa con dấu trên thiết bị "
                                                 "PKCS#11: ") +
                                         e.what());
    }
    requireUsable(key->certificate(), "con dấu", "seal");
    const auto box = SecretBox::openOrCreate(secretKeyFile(pki_));
    KeyRecord record;
    record.owner = sealOwner(office.id);
    record.kind = "pkcs11";
    record.location = module;
    record.token = token;
    record.label = label;
    record.certificatePem = signing::toPem(key->certificate());
    record.secret = box.seal(pin, record.owner);
    record.changedAt = vietnamTimestamp(systemClock()());
    storage_.transaction([&] {
        storage_.saveKeyRecord(record);
        KeyRing::record(actor, "seal-token", "office/" + std::to_string(office.id),
                        "PKCS#11 " + module + ", thiết bị " + token + ", khóa " + label + ": " +
                            describe(key->certificate()));
    });
    return record;
}

KeyRecord KeyRing::registerLeaderCertificate(const Actor& actor, const User& user,
                                             const std::string& pem) {
    if (user.role != Role::Leader) {
        throw Conflict(user.username + " không phải lãnh đạo; chỉ đăng ký chứng thư ký cho lãnh "
                                       "đạo.");
    }
    std::vector<signing::X509Ptr> certificates;
    try {
        certificates = pem.size() > kMaxPemBytes ? std::vector<signing::X509Ptr>{}
                                                 : signing::certificatesFromPem(pem);
    } catch (const std::exception&) {
        certificates.clear();
    }
    ERR_clear_error();
    if (certificates.empty()) {
        throw InvalidInput("cert", "Tệp không chứa chứng thư số dạng PEM (-----BEGIN "
                                   "CERTIFICATE-----).");
    }
    X509* certificate = certificates.front().get();
    requireUsable(certificate, "người ký " + user.fullName, "cert");
    KeyRecord record;
    record.owner = leaderOwner(user.id);
    record.kind = "certificate";
    record.certificatePem = signing::toPem(certificate);
    record.changedAt = vietnamTimestamp(systemClock()());
    storage_.transaction([&] {
        storage_.saveKeyRecord(record);
        KeyRing::record(actor, "leader-certificate-add", "user/" + std::to_string(user.id),
                        describe(certificate));
    });
    return record;
}

void KeyRing::removeLeaderCertificate(const Actor& actor, const User& user) {
    storage_.transaction([&] {
        if (!storage_.removeKeyRecord(leaderOwner(user.id))) {
            throw NotFound("Chưa đăng ký chứng thư số nào cho " + user.username + ".");
        }
        record(actor, "leader-certificate-remove", "user/" + std::to_string(user.id), "");
    });
}

std::optional<KeyRecord> KeyRing::sealOf(Id officeId) const {
    return storage_.findKeyRecord(sealOwner(officeId));
}

std::optional<KeyRecord> KeyRing::leaderCertificateOf(Id userId) const {
    return storage_.findKeyRecord(leaderOwner(userId));
}

std::unique_ptr<signing::SigningKey> KeyRing::sealKey(const Office& office) const {
    if (const auto seal = sealOf(office.id); seal && seal->kind == "pkcs11") {
        const auto pin = SecretBox::open(secretKeyFile(pki_)).open(seal->secret, seal->owner);
        return std::make_unique<signing::Pkcs11Key>(seal->location, seal->token, seal->label, pin);
    }
    return openPkcs12(office);
}

std::unique_ptr<signing::SigningKey> KeyRing::checkedSealKey(const Office& office) const {
    auto key = sealKey(office);
    requireTrusted(*key, "con dấu", "seal");
    return key;
}

void KeyRing::requireTrusted(const signing::SigningKey& key, const std::string& holder,
                             const std::string& field) const {
    std::vector<X509*> chain{key.certificate()};
    for (X509* certificate : key.chain()) {
        if (certificate && X509_cmp(certificate, key.certificate()) != 0) {
            chain.push_back(certificate);
        }
    }
    const auto problem = signing::signerCertificateProblem(chain, signerTrust(), holder);
    if (!problem.empty()) {
        throw CertificateRefused(field, problem);
    }
}

std::unique_ptr<signing::Pkcs12Key> KeyRing::openPkcs12(const Office& office) const {
    if (const auto seal = sealOf(office.id)) {
        const auto secret = SecretBox::open(secretKeyFile(pki_)).open(seal->secret, seal->owner);
        return signing::Pkcs12Key::fromFile((pki_ / seal->location).string(), secret);
    }
    if (office.sealKey.empty()) {
        throw Conflict("Máy chủ chưa có khóa con dấu của cơ quan; hãy báo quản trị hệ thống "
                       "(vanthu admin seal import).");
    }
    return signing::Pkcs12Key::fromFile(office.sealKey, legacyPassword_);
}

signing::X509Ptr KeyRing::leaderCertificate(const User& user) const {
    if (const auto registered = leaderCertificateOf(user.id)) {
        auto certificates = signing::certificatesFromPem(registered->certificatePem);
        return std::move(certificates.front());
    }
    if (!user.signingKey.empty()) {
        try {
            const auto key = signing::Pkcs12Key::fromFile(user.signingKey, legacyPassword_);
            X509_up_ref(key->certificate());
            return signing::X509Ptr(key->certificate());
        } catch (const std::exception&) {
            ERR_clear_error();
        }
    }
    return nullptr;
}

signing::SignerTrust KeyRing::signerTrust() const {
    return trust_.signerTrust();
}

} // namespace vanthu::docmgmt
