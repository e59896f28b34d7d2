#include "vanthu/docmgmt/DemoData.hpp"

#include "DemoLetters.hpp"

#include <fstream>
#include <map>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/SigningPolicies.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/signing/DemoImages.hpp"
#include "vanthu/signing/DemoPki.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;

namespace {

struct UserSpec {
    const char* username;
    const char* fullName;
    Role role;
    const char* title;
};

struct OfficeSpec {
    const char* code;
    const char* name;
    const char* parentBody;
    OfficeSystem system;
    const char* issuerCode;
    const char* place;
    std::vector<UserSpec> users;
};

// The offices of the seed letters (../shared/seeds); people named in a letter keep their name
// and title, the others are invented. Identifier codes are demo values.
const std::vector<OfficeSpec>& officeSpecs() {
    static const std::vector<OfficeSpec> specs = {
        {"DEMO.TU.BG",
         "TỈNH ỦY BẮC GIANG",
         "",
         OfficeSystem::Party,
         "TU",
         "Bắc Giang",
         {{"bithu.bg", "Dương Văn Thái", Role::Leader, "BÍ THƯ"},
          {"phobithu.bg", "Lê Thị Thu Hồng", Role::Leader, "PHÓ BÍ THƯ"},
          {"vanthu.bg", "Nguyễn Thị Hà", Role::Clerk, "VĂN THƯ"},
          {"chuyenvien.bg", "Trần Văn Nam", Role::Specialist, "CHUYÊN VIÊN"},
          {"quantri.bg", "Hoàng Minh Tuấn", Role::Administrator, "QUẢN TRỊ HỆ THỐNG"}}},
        {"DEMO.HU.BS",
         "HUYỆN ỦY BÌNH SƠN",
         "ĐẢNG BỘ TỈNH QUẢNG NGÃI",
         OfficeSystem::Party,
         "HU",
         "Bình Sơn",
         {{"bithu.bs", "Lương Kim Sơn", Role::Leader, "BÍ THƯ"},
          {"phobithu.bs", "Nguyễn Văn Tình", Role::Leader, "PHÓ BÍ THƯ"},
          {"vanthu.bs", "Phạm Thị Nga", Role::Clerk, "VĂN THƯ"},
          {"chuyenvien.bs", "Võ Minh Quân", Role::Specialist, "CHUYÊN VIÊN"},
          {"quantri.bs", "Đặng Văn Lực", Role::Administrator, "QUẢN TRỊ HỆ THỐNG"}}},
        {"DEMO.DU.BL",
         "ĐẢNG ỦY XÃ BÌNH LƯ",
         "ĐẢNG BỘ TỈNH LAI CHÂU",
         OfficeSystem::Party,
         "ĐU",
         "Bình Lư",
         {{"bithu.bl", "Lò Văn Pằn", Role::Leader, "BÍ THƯ"},
          {"phobithu.bl", "Tạ Thị Dung", Role::Leader, "PHÓ BÍ THƯ"},
          {"vanthu.bl", "Lò Thị Mai", Role::Clerk, "VĂN THƯ"},
          {"chuyenvien.bl", "Vàng A Sử", Role::Specialist, "CHUYÊN VIÊN"},
          {"quantri.bl", "Tao Văn Hùng", Role::Administrator, "QUẢN TRỊ HỆ THỐNG"}}},
        {"DEMO.UB.VQ",
         "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN",
         "",
         OfficeSystem::State,
         "UBND",
         "Văn Quan",
         {{"chutich.vq", "Nông Văn Hòa", Role::Leader, "CHỦ TỊCH"},
          {"phochutich.vq", "Triệu Đức Dũng", Role::Leader, "PHÓ CHỦ TỊCH"},
          {"vanthu.vq", "Nông Thị Hoa", Role::Clerk, "VĂN THƯ"},
          {"chuyenvien.vq", "Hà Thị Mai", Role::Specialist, "CHUYÊN VIÊN"},
          {"quantri.vq", "Lộc Văn Bình", Role::Administrator, "QUẢN TRỊ HỆ THỐNG"}}},
        {"DEMO.UB.ND",
         "ỦY BAN NHÂN DÂN XÃ NGHI DƯƠNG",
         "",
         OfficeSystem::State,
         "UBND",
         "Nghi Dương",
         {{"chutich.nd", "Nguyễn Văn Kiên", Role::Leader, "CHỦ TỊCH"},
          {"phochutich.nd", "Lưu Thị Tươi", Role::Leader, "PHÓ CHỦ TỊCH"},
          {"vanthu.nd", "Trần Thị Lan", Role::Clerk, "VĂN THƯ"},
          {"chuyenvien.nd", "Hồ Văn Đức", Role::Specialist, "CHUYÊN VIÊN"},
          {"quantri.nd", "Lê Văn Hải", Role::Administrator, "QUẢN TRỊ HỆ THỐNG"}}},
    };
    return specs;
}

constexpr const char* kSigningUsage = "digitalSignature,nonRepudiation";
constexpr const char* kCompleteMarker = "demo-keys-complete";

fs::path leaderKeyPath(const fs::path& dir, const std::string& username) {
    return dir / ("leader-" + username + ".p12");
}

fs::path sealKeyPath(const fs::path& dir, std::size_t officeIndex) {
    return dir / ("seal-" + std::to_string(officeIndex + 1) + ".p12");
}

/// The demo PKI, a key per leader and a seal key per office, unless pkiDir already has them.
void ensureKeys(const fs::path& pkiDir, const DemoDataOptions& options) {
    if (fs::exists(pkiDir / kCompleteMarker)) {
        return;
    }
    signing::DemoPkiOptions pkiOptions;
    pkiOptions.password = options.keyPassword;
    pkiOptions.ecdsa = options.ecdsa;
    const signing::DemoPki pki(pkiOptions);
    pki.writeTo(pkiDir);
    long serial = 0x2001;
    const auto& specs = officeSpecs();
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const auto seal =
            pki.issue(std::string(specs[i].name) + " (Demo)", serial++, kSigningUsage);
        signing::writeBinaryFile(sealKeyPath(pkiDir, i).string(),
                                 pki.pkcs12(seal, "seal-" + std::to_string(i + 1)));
        for (const auto& user : specs[i].users) {
            if (user.role == Role::Leader) {
                const auto key = pki.issue(user.fullName, serial++, kSigningUsage);
                signing::writeBinaryFile(leaderKeyPath(pkiDir, user.username).string(),
                                         pki.pkcs12(key, user.username));
            }
        }
    }
    std::ofstream(pkiDir / kCompleteMarker) << "1\n";
}

/// The demo keys' password beside them (DIR/pki/key-password), where Installation reads it: the
/// server then uses the demo's password only for an installation the demo made.
void rememberKeyPassword(const fs::path& pkiDir, const DemoDataOptions& options) {
    const auto file = pkiDir / "key-password";
    if (fs::exists(pkiDir / kCompleteMarker) && !fs::exists(file)) {
        std::ofstream(file, std::ios::binary) << options.keyPassword << "\n";
    }
}

struct DemoContext {
    Storage& storage;
    std::map<std::string, User> users; ///< by username
    OutgoingFlow& flow;

    Actor actor(const std::string& username) const { return {users.at(username), "demo"}; }
    Id id(const std::string& username) const { return users.at(username).id; }
};

DraftInput vanQuanLetter(const DemoContext& c) {
    DraftInput d;
    d.typeCode = "CV";
    d.subject = "đẩy mạnh hiện đại hóa Bộ phận Một cửa cấp huyện, cấp xã";
    d.recipients = {"Các phòng chuyên môn trực thuộc UBND huyện;", "UBND các xã, thị trấn."};
    d.body = "Thực hiện Kế hoạch số 147/KH-UBND ngày 16/4/2024 của UBND huyện Văn Quan về phát "
             "động đợt thi đua cao điểm, UBND huyện yêu cầu các cơ quan, đơn vị thực hiện tốt "
             "một số nội dung sau:\n\n"
             "1. Rà soát, bố trí cán bộ, công chức tại Bộ phận Một cửa có trình độ, năng lực; "
             "nâng cao tinh thần, thái độ phục vụ người dân, doanh nghiệp.\n\n"
             "2. Đẩy mạnh tiếp nhận hồ sơ trực tuyến, thanh toán trực tuyến; phấn đấu tỷ lệ hồ sơ "
             "giải quyết đúng hạn đạt 100%.\n\n"
             "3. Báo cáo kết quả thực hiện về UBND huyện (qua Phòng Nội vụ) **trước ngày 30 hằng "
             "tháng**.\n\n"
             "UBND huyện Văn Quan yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.";
    d.distribution = {"Như trên;", "Chủ tịch, các PCT UBND huyện;", "Lưu: VT, NV."};
    d.signerId = c.id("phochutich.vq");
    d.authority = "KT";
    d.authorityOf = "CHỦ TỊCH";
    d.draftingUnit = "NV";
    d.recipientOffices = {"DEMO.UB.ND"}; // UBND xã Nghi Dương receives it electronically
    return d;
}

DraftInput vanQuanNotice(const DemoContext& c) {
    DraftInput d;
    d.typeCode = "TB";
    d.subject = "Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban tháng";
    d.body = "Ngày 05 tháng này, Chủ tịch UBND huyện chủ trì cuộc họp giao ban. Sau khi nghe các "
             "phòng chuyên môn báo cáo, Chủ tịch UBND huyện kết luận như sau:\n\n"
             "1. Các phòng chuyên môn tập trung hoàn thành các chỉ tiêu cải cách hành chính "
             "năm.\n\n"
             "2. Phòng Nội vụ tổng hợp, báo cáo kết quả trong tháng tới./.";
    d.distribution = {"Các phòng chuyên môn;", "UBND các xã, thị trấn;", "Lưu: VT."};
    d.signerId = c.id("chutich.vq");
    return d;
}

DraftInput binhLuLetter(const DemoContext& c) {
    DraftInput d;
    d.typeCode = "CV";
    d.subject = "tăng cường nâng cao chất lượng phục vụ Nhân dân, doanh nghiệp; đẩy mạnh cải cách "
                "hành chính";
    d.recipients = {"Lãnh đạo UBND xã,", "Các chi, đảng bộ trực thuộc,",
                    "Các phòng, ban, cơ quan, đơn vị."};
    d.body = "Thực hiện Công văn số 1267-CV/TU của Ban Thường vụ Tỉnh ủy về tập trung nâng cao "
             "chất lượng phục vụ Nhân dân, doanh nghiệp; Ban Thường vụ Đảng ủy xã yêu cầu:\n\n"
             "1. Tiếp tục quán triệt, triển khai thực hiện nghiêm các chủ trương, nghị quyết của "
             "Đảng về cải cách hành chính, chuyển đổi số.\n\n"
             "2. Tăng cường vai trò lãnh đạo của cấp ủy, chi bộ đối với công tác cải cách hành "
             "chính; phát huy vai trò nêu gương của cán bộ, đảng viên.\n\n"
             "3. Giao Ủy ban nhân dân xã thường xuyên theo dõi, đánh giá kết quả thực hiện, định "
             "kỳ báo cáo Ban Thường vụ Đảng ủy xã.";
    d.distribution = {"Như trên;", "Thường trực Đảng ủy;", "Lưu VPĐU."};
    d.signerId = c.id("phobithu.bl");
    d.authority = "T/M";
    d.authorityOf = "BAN THƯỜNG VỤ";
    return d;
}

DraftInput simpleDraft(const DemoContext& c, const std::string& type, const std::string& subject,
                       const std::string& signer, const std::string& authority,
                       const std::string& authorityOf, const std::string& unit) {
    DraftInput d;
    d.typeCode = type;
    d.subject = subject;
    if (type == "CV") {
        d.recipients = {"Các cơ quan, đơn vị trực thuộc."};
    }
    d.body = "Căn cứ chương trình công tác năm, đề nghị các cơ quan, đơn vị triển khai thực hiện "
             "nghiêm túc các nội dung sau:\n\n"
             "1. Rà soát, đánh giá kết quả thực hiện nhiệm vụ được giao.\n\n"
             "2. Báo cáo kết quả trước ngày 25 hằng tháng.";
    d.distribution = {"Như trên;", unit.empty() ? "Lưu VP." : "Lưu: VT, " + unit + "."};
    d.signerId = c.id(signer);
    d.authority = authority;
    d.authorityOf = authorityOf;
    d.draftingUnit = unit;
    return d;
}

void createStateDocuments(DemoContext& c) {
    auto& f = c.flow;
    // Văn Quan: one issued letter (to Nghi Dương, which receives it), one notice awaiting
    // approval, one draft.
    const auto letter = f.createDraft(c.actor("chuyenvien.vq"), vanQuanLetter(c));
    f.submit(c.actor("chuyenvien.vq"), letter.id);
    f.approve(c.actor("chutich.vq"), letter.id);
    f.sign(c.actor("phochutich.vq"), letter.id);
    f.issue(c.actor("vanthu.vq"), letter.id);
    const auto notice = f.createDraft(c.actor("chuyenvien.vq"), vanQuanNotice(c));
    f.submit(c.actor("chuyenvien.vq"), notice.id);
    f.createDraft(c.actor("chuyenvien.vq"),
                  simpleDraft(c, "KH", "Kế hoạch kiểm tra công tác cải cách hành chính năm",
                              "phochutich.vq", "KT", "CHỦ TỊCH", ""));
}

void createCommuneDraft(DemoContext& c) {
    c.flow.createDraft(c.actor("chuyenvien.nd"),
                       simpleDraft(c, "TB",
                                   "Kết luận của Phó Chủ tịch UBND xã tại Hội nghị sơ kết "
                                   "công tác cải cách hành chính 9 tháng",
                                   "phochutich.nd", "KT", "CHỦ TỊCH", ""));
}

void createPartyDocuments(DemoContext& c) {
    auto& f = c.flow;
    // Bình Lư: one issued Party letter, one draft.
    const auto party = f.createDraft(c.actor("chuyenvien.bl"), binhLuLetter(c));
    f.submit(c.actor("chuyenvien.bl"), party.id);
    f.approve(c.actor("bithu.bl"), party.id);
    f.sign(c.actor("phobithu.bl"), party.id);
    f.issue(c.actor("vanthu.bl"), party.id);
    f.createDraft(c.actor("chuyenvien.bl"),
                  simpleDraft(c, "TB", "Thông báo phân công nhiệm vụ cấp ủy viên", "bithu.bl",
                              "T/M", "BAN THƯỜNG VỤ", ""));
    // The others: a draft each, Bình Sơn one awaiting approval.
    const auto binhSon = f.createDraft(
        c.actor("chuyenvien.bs"),
        simpleDraft(c, "CV", "chỉ đạo thực hiện một số chỉ tiêu về cải cách thủ tục hành chính",
                    "bithu.bs", "T/M", "BAN THƯỜNG VỤ", ""));
    f.submit(c.actor("chuyenvien.bs"), binhSon.id);
    f.createDraft(c.actor("chuyenvien.bg"),
                  simpleDraft(c, "CV", "nâng cao chất lượng chính quyền thân thiện xã, phường",
                              "phobithu.bg", "T/M", "BAN THƯỜNG VỤ", ""));
}

/// The peer hosting an office under a profile ("" when this server hosts it).
std::string peerFor(OfficeSystem system, DemoProfile profile) {
    if (profile == DemoProfile::Party && system == OfficeSystem::State) {
        return kDemoStatePeer;
    }
    if (profile == DemoProfile::State && system == OfficeSystem::Party) {
        return kDemoPartyPeer;
    }
    return {};
}

} // namespace

DemoDataResult createDemoData(Storage& storage, BlobStore& blobs, AuditTrail& audit,
                              const fs::path& pkiDir, const DemoDataOptions& options) {
    DemoDataResult result;
    const fs::path keys = fs::absolute(pkiDir);
    if (!storage.offices().empty()) {
        rememberKeyPassword(keys, options); // a demo folder from before the file existed
        return result;
    }
    ensureKeys(keys, options);
    rememberKeyPassword(keys, options);

    FlowSettings settings;
    settings.keyPassword = options.keyPassword;
    settings.signatureImagePng = signing::readBinaryFile((keys / "signature.png").string());
    settings.sealImagePng = signing::readBinaryFile((keys / "seal.png").string());
    settings.clock = options.clock;
    settings.verification.trustAnchorsPem = signing::readBinaryFile((keys / "ca.pem").string());
    // The demo's own letters are issued at the offices' default signing policy (issue 21): B-LTA
    // with the demo TSA and OCSP responder written beside the keys, in process.
    SigningPolicies policies(storage, audit, nullptr, keys, options.keyPassword);
    settings.policies = &policies;
    OutgoingFlow flow(storage, blobs, audit, settings);
    DemoContext context{storage, {}, flow};

    storage.transaction([&] {
        const auto& specs = officeSpecs();
        bool installationAdministratorMade = false;
        for (std::size_t i = 0; i < specs.size(); ++i) {
            const auto& spec = specs[i];
            Office office;
            office.code = spec.code;
            office.name = spec.name;
            office.parentBody = spec.parentBody;
            office.system = spec.system;
            office.issuerCode = spec.issuerCode;
            office.place = spec.place;
            office.peer = peerFor(spec.system, options.profile);
            if (!office.isLocal()) { // known for addressing; hosted by the peer server
                office.id = storage.addOffice(office);
                audit.record({std::nullopt, "demo", "create-office",
                              "office/" + std::to_string(office.id), "",
                              office.name + " (máy chủ " + office.peer + ")"});
                continue;
            }
            office.sealKey = sealKeyPath(keys, i).string();
            office.id = storage.addOffice(office);
            audit.record({std::nullopt, "demo", "create-office",
                          "office/" + std::to_string(office.id), "", office.name});
            for (const auto& u : spec.users) {
                User user;
                user.officeId = office.id;
                user.username = u.username;
                user.fullName = u.fullName;
                user.role = u.role;
                user.title = u.title;
                // The first office's administrator administers the installation; the others
                // only their own office (AdministrationScope).
                user.installationAdministrator =
                    u.role == Role::Administrator && !installationAdministratorMade;
                installationAdministratorMade |= user.installationAdministrator;
                if (u.role == Role::Administrator && !user.installationAdministrator) {
                    user.title = "QUẢN TRỊ VIÊN"; // of its own office only
                }
                if (u.role == Role::Leader) {
                    user.signingKey = leaderKeyPath(keys, u.username).string();
                }
                const std::string password = generatePassword();
                user.id = storage.addUser(user, hashPassword(password));
                audit.record({std::nullopt, "demo", "create-user",
                              "user/" + std::to_string(user.id), "", user.username});
                context.users[user.username] = user;
                result.accounts.push_back(
                    {user.username, password, user.fullName, user.role, office.name});
            }
        }
        if (options.profile != DemoProfile::Party) {
            createStateDocuments(context);
        }
        if (options.profile != DemoProfile::State) {
            createPartyDocuments(context);
        }
        if (options.profile != DemoProfile::Party) {
            createCommuneDraft(context);
        }
        if (!options.lettersDir.empty()) {
            importDemoLetters(storage, blobs, audit, options.lettersDir,
                              vietnamTimestamp(options.clock()));
        }
    });
    result.created = true;
    return result;
}

} // namespace vanthu::docmgmt
