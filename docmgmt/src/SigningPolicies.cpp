#include "vanthu/docmgmt/SigningPolicies.hpp"

#include <fstream>
#include <iterator>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/SecretBox.hpp"
#include "vanthu/docmgmt/TrustList.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"
#include "vanthu/signing/LongTermValidation.hpp"
#include "vanthu/signing/OcspClient.hpp"
#include "vanthu/signing/OcspResponder.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"
#include "vanthu/signing/TimeStampClient.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;
using signing::PadesLevel;

namespace {

constexpr std::size_t kMaxUrl = 2048;
constexpr std::size_t kMaxUsername = 200;
constexpr std::size_t kMaxPassword = 1024;
constexpr int kTsaTimeoutSeconds = 10;
constexpr int kOcspTimeoutSeconds = 10;

std::string readIfPresent(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return in ? std::string(std::istreambuf_iterator<char>(in), {}) : std::string();
}

std::string secretContext(Id officeId) {
    return "tsa/" + std::to_string(officeId);
}

PadesLevel levelOf(const std::string& text, const std::string& field) {
    try {
        return signing::parsePadesLevel(text);
    } catch (const std::invalid_argument&) {
        throw InvalidInput(field, "Mức chữ ký phải là B-B, B-T, B-LT hoặc B-LTA.");
    }
}

bool needsTsa(PadesLevel level) {
    return level != PadesLevel::BB;
}

/// A time-stamp source whose every failure is an EvidenceUnavailable naming the TSA.
class GuardedTimeStamps : public signing::TimeStampSource {
public:
    GuardedTimeStamps(signing::TimeStampSource& inner, std::string name)
        : inner_(inner), name_(std::move(name)) {}
    signing::Bytes timeStamp(std::string_view digest) override {
        try {
            return inner_.timeStamp(digest);
        } catch (const std::exception& e) {
            throw EvidenceUnavailable(
                "tsa-unavailable",
                "Không lấy được dấu thời gian từ " + name_ + " (" + e.what() +
                    "). Chính sách ký của cơ quan yêu cầu dấu thời gian nên văn bản chưa được ký "
                    "hay phát hành, không có gì thay đổi; hãy thử lại sau ít phút hoặc báo quản "
                    "trị hệ thống.");
        }
    }

private:
    signing::TimeStampSource& inner_;
    std::string name_;
};

/// pdf with /DSS from sources; a certificate without data is an EvidenceUnavailable (or a
/// CertificateRefused when it is revoked).
std::string withValidationData(const std::string& pdf, const signing::RevocationSources& sources) {
    try {
        return signing::LongTermValidation(sources).addTo(pdf);
    } catch (const signing::ValidationDataMissing& e) {
        if (e.revoked()) {
            // An answer, not an outage: waiting or retrying cannot help.
            throw CertificateRefused(
                "certificate",
                "Chứng thư số của \"" + e.certificate() + "\" đã bị thu hồi (" + e.what() +
                    "). Văn bản chưa được phát hành, không có gì thay đổi; chờ hay thử "
                    "lại cũng không được: hãy báo quản trị hệ thống để thay chứng thư "
                    "số hoặc con dấu.");
        }
        throw EvidenceUnavailable(
            "revocation-unavailable",
            "Không lấy được dữ liệu kiểm tra thu hồi cho chứng thư số của \"" + e.certificate() +
                "\" (" + e.what() +
                "). Chính sách ký của cơ quan yêu cầu dữ liệu này nên văn bản chưa được "
                "phát hành, không có gì thay đổi; hãy thử lại sau ít phút hoặc báo quản "
                "trị hệ thống.");
    }
}

class PolicyEvidence : public SigningEvidence {
public:
    signing::TimeStampSource* timeStamps() override { return guarded_.get(); }

    std::string completeLetter(const std::string& sealedPdf) override {
        const PadesLevel highest = std::max(signerLevel, sealLevel);
        std::string pdf = sealedPdf;
        if (highest == PadesLevel::BLT || highest == PadesLevel::BLTA) {
            pdf = withValidationData(pdf, revocation);
        }
        if (highest == PadesLevel::BLTA) {
            pdf = signing::PadesSigner::addDocumentTimeStamp(pdf, *guarded_);
        }
        return pdf;
    }

    std::string preserve(const std::string& signedPdf) override {
        if (!guarded_) {
            throw EvidenceUnavailable("tsa-unavailable",
                                      "Cơ quan chưa có dịch vụ cấp dấu thời gian trong chính sách "
                                      "ký nên chưa lưu được bản lưu trữ dài hạn; hãy báo quản trị "
                                      "hệ thống.");
        }
        signing::RevocationSources sources = revocation;
        sources.skipExpired = true;
        return signing::PadesSigner::addDocumentTimeStamp(withValidationData(signedPdf, sources),
                                                          *guarded_);
    }

    std::unique_ptr<signing::TimeStampSource> ownTsa; ///< an outside TSA's client
    std::unique_ptr<signing::OcspSource> ownOcsp;     ///< an OCSP client
    std::unique_ptr<GuardedTimeStamps> guarded_;      ///< null: no TSA
    signing::RevocationSources revocation;
};

} // namespace

PadesLevel SigningEvidence::signatureLevel(PadesLevel level) {
    return level == PadesLevel::BB ? PadesLevel::BB : PadesLevel::BT;
}

SigningPolicies::SigningPolicies(Storage& storage, AuditTrail& audit, const TrustList* trust,
                                 fs::path pkiDir, std::string keyPassword)
    : storage_(storage), audit_(audit), trust_(trust), pki_(std::move(pkiDir)),
      keyPassword_(std::move(keyPassword)) {}

SigningPolicies::~SigningPolicies() = default;

bool SigningPolicies::hasBuiltInTsa() const {
    std::error_code error;
    return fs::is_regular_file(pki_ / "tsa.p12", error);
}

bool SigningPolicies::hasBuiltInResponder() const {
    std::error_code error;
    return fs::is_regular_file(pki_ / "issuing-ca.p12", error);
}

SigningPolicyRecord SigningPolicies::defaultPolicy(Id officeId) const {
    SigningPolicyRecord policy;
    policy.officeId = officeId;
    const bool tsa = hasBuiltInTsa();
    policy.signerLevel = policy.sealLevel = tsa ? "B-LTA" : "B-B";
    policy.tsa = tsa ? "builtin" : "none";
    policy.revocation = hasBuiltInResponder() ? "builtin" : "aia";
    return policy;
}

SigningPolicyRecord SigningPolicies::policyOf(Id officeId) const {
    if (auto stored = storage_.findSigningPolicy(officeId)) {
        return *stored;
    }
    return defaultPolicy(officeId);
}

bool SigningPolicies::stored(Id officeId) const {
    return storage_.findSigningPolicy(officeId).has_value();
}

std::vector<std::string> SigningPolicies::warnings(const SigningPolicyRecord& policy) {
    std::vector<std::string> out;
    const auto below = [](const std::string& level) { return level == "B-B"; };
    if (below(policy.signerLevel) || below(policy.sealLevel)) {
        out.push_back("Mức B-B không có dấu thời gian: khi chứng thư số của người ký hoặc con dấu "
                      "hết hạn hay bị thu hồi, không còn chứng minh được văn bản đã được ký lúc "
                      "chứng thư còn hiệu lực. Nên dùng B-LTA (ít nhất B-T) cho văn bản cần lưu "
                      "trữ lâu dài.");
    }
    if (policy.tsa == "none") {
        out.push_back("Chưa có dịch vụ cấp dấu thời gian (TSA): văn bản chỉ ký được ở mức B-B.");
    }
    return out;
}

SigningPolicyRecord SigningPolicies::change(const Actor& actor, Id officeId,
                                            SigningPolicyRecord wanted,
                                            const std::optional<std::string>& tsaPassword,
                                            std::optional<int> baseVersion) {
    if (actor.user.role != Role::Administrator) {
        throw Forbidden("Chỉ quản trị viên mới được đặt chính sách ký của cơ quan.");
    }
    const auto office = storage_.findOffice(officeId);
    if (!office || !office->isLocal()) {
        throw NotFound("Không có cơ quan này trên máy chủ.");
    }
    const PadesLevel signer = levelOf(wanted.signerLevel, "signerLevel");
    const PadesLevel seal = levelOf(wanted.sealLevel, "sealLevel");
    wanted.signerLevel = signing::toString(signer);
    wanted.sealLevel = signing::toString(seal);
    if (wanted.tsa != "none" && wanted.tsa != "builtin" && wanted.tsa != "url") {
        throw InvalidInput("tsa", "Dịch vụ cấp dấu thời gian phải là none (không có), builtin "
                                  "(của máy chủ) hoặc url (dịch vụ bên ngoài).");
    }
    if (wanted.tsa == "builtin" && !hasBuiltInTsa()) {
        throw InvalidInput("tsa", "Máy chủ chưa có khóa cấp dấu thời gian riêng (pki/tsa.p12); "
                                  "hãy chọn một dịch vụ bên ngoài.");
    }
    if (wanted.tsa == "url") {
        if (wanted.tsaUrl.rfind("http://", 0) != 0 || wanted.tsaUrl.size() <= 7 ||
            wanted.tsaUrl.size() > kMaxUrl ||
            wanted.tsaUrl.find_first_of(" \t\r\n") != std::string::npos) {
            throw InvalidInput("tsaUrl", "Địa chỉ dịch vụ cấp dấu thời gian phải bắt đầu bằng "
                                         "http:// (tối đa 2048 ký tự).");
        }
        if (wanted.tsaUsername.size() > kMaxUsername) {
            throw InvalidInput("tsaUsername", "Tên đăng nhập dịch vụ dấu thời gian quá dài.");
        }
    } else {
        wanted.tsaUrl.clear();
        wanted.tsaUsername.clear();
    }
    if ((needsTsa(signer) || needsTsa(seal)) && wanted.tsa == "none") {
        throw InvalidInput("tsa", "Mức " + signing::toString(std::max(signer, seal)) +
                                      " cần dịch vụ cấp dấu thời gian; hãy chọn một dịch vụ "
                                      "hoặc hạ mức xuống B-B.");
    }
    if (wanted.revocation != "aia" && wanted.revocation != "responders" &&
        wanted.revocation != "builtin") {
        throw InvalidInput("revocation", "Nguồn kiểm tra thu hồi phải là aia (dịch vụ OCSP ghi "
                                         "trong chứng thư), responders (các dịch vụ OCSP đã cấu "
                                         "hình) hoặc builtin (của máy chủ).");
    }
    if (wanted.revocation == "builtin" && !hasBuiltInResponder()) {
        throw InvalidInput("revocation", "Máy chủ không có dịch vụ OCSP riêng (chỉ bản trình "
                                         "diễn có); hãy chọn aia hoặc responders.");
    }
    const auto stored = storage_.findSigningPolicy(officeId);
    wanted.tsaSecret.clear();
    if (wanted.tsa == "url") {
        if (tsaPassword && tsaPassword->size() > kMaxPassword) {
            throw InvalidInput("tsaPassword", "Mật khẩu dịch vụ dấu thời gian quá dài.");
        }
        if (tsaPassword && !tsaPassword->empty()) {
            wanted.tsaSecret = SecretBox::openOrCreate(pki_ / "secret.key")
                                   .seal(*tsaPassword, secretContext(officeId));
        } else if (!tsaPassword && stored && stored->tsa == "url" &&
                   stored->tsaUrl == wanted.tsaUrl) {
            wanted.tsaSecret = stored->tsaSecret; // the same service: its password kept
        }
    }
    wanted.officeId = officeId;
    wanted.changedAt = vietnamTimestamp(systemClock()());
    wanted.changedBy = actor.user.username;
    std::string detail =
        office->code + ": chữ ký lãnh đạo " + wanted.signerLevel + ", con dấu " + wanted.sealLevel +
        ", TSA " +
        (wanted.tsa == "url" ? wanted.tsaUrl + (wanted.tsaSecret.empty() ? "" : " (có mật khẩu)")
                             : wanted.tsa) +
        ", thu hồi " + wanted.revocation;
    if (!warnings(wanted).empty()) {
        detail += " (dưới B-T: đã cảnh báo)";
    }
    storage_.transaction([&] {
        const auto now = storage_.findSigningPolicy(officeId);
        const int current = now ? now->version : 0;
        if (baseVersion && *baseVersion != current) {
            throw audit_.staleSave(
                "Chính sách ký số của " + office->name, "office/" + std::to_string(officeId),
                [](const AuditRecord& e) { return e.action == "signing-policy"; }, current,
                *baseVersion);
        }
        wanted.version = current + 1;
        storage_.saveSigningPolicy(wanted);
        std::optional<Id> userId;
        if (actor.user.id > 0) {
            userId = actor.user.id;
        }
        audit_.record({userId, actor.user.username, "signing-policy",
                       "office/" + std::to_string(officeId), actor.address, detail});
    });
    return wanted;
}

signing::TimeStampAuthority& SigningPolicies::builtInTsa() const {
    std::lock_guard lock(mutex_);
    if (!tsa_) {
        tsa_ = signing::TimeStampAuthority::fromPkcs12((pki_ / "tsa.p12").string(), keyPassword_);
    }
    return *tsa_;
}

signing::OcspResponder& SigningPolicies::builtInResponder() const {
    std::lock_guard lock(mutex_);
    if (!responder_) {
        std::error_code error;
        const auto delegated = pki_ / "ocsp.p12";
        const auto crl = pki_ / "issuing-ca.crl";
        responder_ = signing::OcspResponder::fromFiles(
            (pki_ / "issuing-ca.p12").string(),
            fs::is_regular_file(delegated, error) ? delegated.string() : std::string(),
            fs::is_regular_file(crl, error) ? crl.string() : std::string(), keyPassword_);
    }
    return *responder_;
}

std::vector<std::string> SigningPolicies::installationCrls() const {
    std::vector<std::string> crls;
    if (trust_) {
        crls = trust_->signerTrust().crls;
    }
    if (hasBuiltInResponder()) {
        // The installation's own (demo) CA: its CRLs beside its key.
        for (const char* name : {"ca.crl", "issuing-ca.crl"}) {
            auto bytes = readIfPresent(pki_ / name);
            if (!bytes.empty()) {
                crls.push_back(std::move(bytes));
            }
        }
    }
    return crls;
}

std::unique_ptr<SigningEvidence> SigningPolicies::evidenceFor(Id officeId) const {
    const SigningPolicyRecord policy = policyOf(officeId);
    auto evidence = std::make_unique<PolicyEvidence>();
    evidence->signerLevel = levelOf(policy.signerLevel, "signerLevel");
    evidence->sealLevel = levelOf(policy.sealLevel, "sealLevel");
    signing::TimeStampSource* tsa = nullptr;
    std::string tsaName;
    try {
        if (policy.tsa == "builtin") {
            tsa = &builtInTsa();
            tsaName = "dịch vụ cấp dấu thời gian của máy chủ";
        } else if (policy.tsa == "url") {
            auto client =
                std::make_unique<signing::TimeStampClient>(policy.tsaUrl, kTsaTimeoutSeconds);
            if (!policy.tsaUsername.empty() || !policy.tsaSecret.empty()) {
                const std::string password =
                    policy.tsaSecret.empty() ? std::string()
                                             : SecretBox::open(pki_ / "secret.key")
                                                   .open(policy.tsaSecret, secretContext(officeId));
                client->setCredentials(policy.tsaUsername, password);
            }
            tsa = client.get();
            evidence->ownTsa = std::move(client);
            tsaName = "dịch vụ cấp dấu thời gian " + policy.tsaUrl;
        }
    } catch (const SecretError&) {
        throw;
    } catch (const std::exception& e) {
        throw EvidenceUnavailable(
            "tsa-unavailable", std::string("Không mở được khóa cấp dấu thời gian của máy chủ (") +
                                   e.what() + "); hãy báo quản trị hệ thống.");
    }
    if (tsa) {
        evidence->guarded_ = std::make_unique<GuardedTimeStamps>(*tsa, tsaName);
    } else if (needsTsa(evidence->signerLevel) || needsTsa(evidence->sealLevel)) {
        throw EvidenceUnavailable("tsa-unavailable",
                                  "Chính sách ký của cơ quan yêu cầu dấu thời gian nhưng chưa "
                                  "chọn dịch vụ cấp dấu thời gian; hãy báo quản trị hệ thống.");
    }
    evidence->revocation.crls = installationCrls();
    // Issuers the file may not carry: the trusted CAs (DIR/pki/ca.pem).
    evidence->revocation.caCertificatesPem =
        trust_ ? trust_->anchorsPem() : readIfPresent(pki_ / "ca.pem");
    if (policy.revocation == "builtin" && hasBuiltInResponder()) {
        try {
            evidence->revocation.ocsp = &builtInResponder();
        } catch (const std::exception& e) {
            throw EvidenceUnavailable("revocation-unavailable",
                                      std::string("Không mở được dịch vụ OCSP của máy chủ (") +
                                          e.what() + "); hãy báo quản trị hệ thống.");
        }
    } else if (policy.revocation == "responders" && trust_) {
        evidence->ownOcsp = std::make_unique<signing::OcspClient>(
            trust_->signerTrust().ocspResponders, kOcspTimeoutSeconds);
        evidence->revocation.ocsp = evidence->ownOcsp.get();
    } else {
        evidence->ownOcsp = std::make_unique<signing::OcspClient>(kOcspTimeoutSeconds);
        evidence->revocation.ocsp = evidence->ownOcsp.get();
    }
    return evidence;
}

} // namespace vanthu::docmgmt
