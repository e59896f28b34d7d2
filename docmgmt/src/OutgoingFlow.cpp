#include "vanthu/docmgmt/OutgoingFlow.hpp"

#include "vanthu/docmgmt/FieldLimits.hpp"
#include "vanthu/docmgmt/KeyRing.hpp"
#include "vanthu/signing/Base64.hpp"
#include "vanthu/signing/SignerCertificate.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <sstream>
#include <string_view>
#include <thread>

#include "Actors.hpp"
#include "vanthu/docmgmt/AdministrationScope.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/OutgoingRegister.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/docmgmt/SigningPolicies.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/SigningKey.hpp"
#include "vanthu/templates/Authority.hpp"
#include "vanthu/templates/BodyMarkup.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/DocumentType.hpp"
#include "vanthu/templates/IssueStamp.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::docmgmt {

namespace {

using JsonObject = Poco::JSON::Object::Ptr;

bool isOneOf(DocumentState state, std::initializer_list<DocumentState> states) {
    return std::find(states.begin(), states.end(), state) != states.end();
}

std::string objectName(Id id) {
    return "document/" + std::to_string(id);
}

JsonObject parseObject(const std::string& json) {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    return parser.parse(json).extract<JsonObject>();
}

std::string stringify(const JsonObject& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

Poco::JSON::Array::Ptr toArray(const std::vector<std::string>& items) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& item : items) {
        array->add(item);
    }
    return array;
}

/// The draft field a document-JSON field comes from, for InvalidInput::field().
std::string draftFieldOf(const std::string& jsonField) {
    if (jsonField == "type") {
        return "typeCode";
    }
    if (jsonField == "signer.authority") {
        return "authority";
    }
    if (jsonField == "signer.authorityOf") {
        return "authorityOf";
    }
    if (jsonField.rfind("signer", 0) == 0) {
        return "signerId";
    }
    if (jsonField == "notation") {
        return "draftingUnit";
    }
    return jsonField;
}

/// "Lưu: VT, NV." → "VT, NV"; the archive copy column of the register.
std::string archiveCopyOf(const std::vector<std::string>& distribution) {
    if (distribution.empty()) {
        return {};
    }
    std::string last = distribution.back();
    if (last.rfind("Lưu", 0) != 0) {
        return {};
    }
    last = last.substr(std::string("Lưu").size());
    const auto start = last.find_first_not_of(": ");
    last = start == std::string::npos ? std::string() : last.substr(start);
    while (!last.empty() && (last.back() == '.' || last.back() == ';' || last.back() == ',')) {
        last.pop_back();
    }
    return last;
}

/// The issuing body as printed: a long name breaks before its administrative unit, as offices
/// write it ("ỦY BAN NHÂN DÂN" / "HUYỆN VĂN QUAN"); short names and names with their own line
/// break stay as they are.
std::string printedIssuingBody(const std::string& name) {
    constexpr std::size_t kLongName = 24; // characters that fit on one line of the header
    std::size_t characters = 0;
    for (unsigned char c : name) {
        characters += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    if (characters <= kLongName || name.find('\n') != std::string::npos) {
        return name;
    }
    std::size_t at = std::string::npos;
    for (const char* unit : {" TỈNH ", " THÀNH PHỐ ", " HUYỆN ", " QUẬN ", " THỊ XÃ ", " XÃ ",
                             " PHƯỜNG ", " THỊ TRẤN "}) {
        at = std::min(at, name.find(unit));
    }
    if (at == std::string::npos) {
        return name;
    }
    std::string printed = name;
    printed[at] = '\n';
    return printed;
}

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

/// What is wrong with body markup, in words a specialist can act on.
std::string bodyProblem(const std::string& detail) {
    if (detail.find("emphasis") != std::string::npos) {
        return "Nội dung có dấu * hoặc ** (chữ đậm, nghiêng) chưa được đóng.";
    }
    if (detail.find("footnote") != std::string::npos) {
        return "Nội dung có chú thích [^…] chưa có lời chú thích ([^1]: …).";
    }
    if (detail.find("heading") != std::string::npos) {
        return "Dòng phần, chương, mục viết chưa đúng: \"# Phần I | TÊN PHẦN\", \"## Chương I | "
               "TÊN CHƯƠNG\" hoặc \"### Mục 1 | TÊN MỤC\".";
    }
    return "Cách trình bày nội dung chưa đúng (xem “Cách trình bày nội dung”).";
}

bool isOneOfTexts(const std::string& text, std::initializer_list<const char*> options) {
    return std::any_of(options.begin(), options.end(),
                       [&](const char* option) { return text == option; });
}

/// 1234567 → "1.234.567", as Vietnamese writes numbers.
std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
        digits.insert(static_cast<std::size_t>(at), ".");
    }
    return digits;
}

void requireAtMost(const char* field, std::size_t count, std::size_t limit, const char* what) {
    if (count > limit) {
        throw InvalidInput(field, "Dự thảo có " + grouped(count) + " " + what + ", vượt giới hạn " +
                                      grouped(limit) + " " + what + ".");
    }
}

/// The sizes a draft may have (DraftLimits), checked before anything else is done with it.
void checkDraftSize(const DraftInput& input, const DraftLimits& limits) {
    // The Phần II lengths first (FieldLimits.hpp): what the archive package will have to hold.
    requireLength(limits::kSubject, input.subject);
    requireLength(limits::kAuthorityOf, input.authorityOf);
    requireLength(limits::kDraftingUnit, input.draftingUnit);
    requireLength(limits::kLanguage, input.language);
    requireLength(limits::kDescription, input.description);
    requireAmount(limits::kIssuedAmount, input.issuedAmount);
    requireIsoDate("dueDate", "Hạn trả lời", input.dueDate);
    requireAtMost("body", characterCount(input.body), limits.bodyCharacters, "ký tự");
    requireAtMost("recipients", input.recipients.size(), limits.recipients, "dòng nơi nhận");
    requireAtMost("distribution", input.distribution.size(), limits.distribution,
                  "dòng nơi nhận cuối văn bản");
    requireAtMost("recipientOffices", input.recipientOffices.size(), limits.recipientOffices,
                  "cơ quan nhận");
    templates::Body body;
    try {
        body = templates::parseBodyMarkup(input.body);
    } catch (const std::invalid_argument&) {
        return; // composing the document names the fault in the markup
    }
    requireAtMost("body", body.blocks.size(), limits.paragraphs, "đoạn");
    requireAtMost("body", body.footnotes.size(), limits.footnotes, "chú thích");
}

std::string joinLines(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : "\n") + item;
    }
    return out;
}

} // namespace

struct OutgoingFlow::Impl {
    Storage& storage;
    BlobStore& blobs;
    AuditTrail& audit;
    FlowSettings settings;
    OutgoingRegister outgoing{storage};
    std::unique_ptr<Dispatch> dispatch;
    mutable std::mutex renderMutex; ///< a plain mutex: ThreadSanitizer sees it (issue 19 item 11)
    mutable std::unique_ptr<templates::PdfRenderer> renderer;

    Impl(Storage& s, BlobStore& b, AuditTrail& a, FlowSettings f)
        : storage(s), blobs(b), audit(a), settings(std::move(f)) {
        if (!settings.clock) {
            settings.clock = systemClock();
        }
        dispatch = std::make_unique<Dispatch>(storage, blobs, audit, settings.clock,
                                              settings.verification);
    }

    std::string nowText() const { return vietnamTimestamp(settings.clock()); }

    /// Only trusted certificates sign (issues 19 and 13): before every signature the signer's
    /// certificate is valid now, may sign, chains to the trust list and is not revoked; else
    /// CertificateRefused(field) naming the holder ("người ký", "con dấu").
    void requireTrusted(const signing::SigningKey& key, const std::string& holder = "người ký",
                        const std::string& field = "certificateChainPem") const {
        if (settings.keyRing) {
            settings.keyRing->requireTrusted(key, holder, field);
            return;
        }
        std::vector<X509*> chain{key.certificate()};
        for (X509* certificate : key.chain()) {
            if (certificate && X509_cmp(certificate, key.certificate()) != 0) {
                chain.push_back(certificate);
            }
        }
        signing::SignerTrust trust;
        trust.anchorsPem = settings.verification.trustAnchorsPem;
        const auto problem = signing::signerCertificateProblem(chain, trust, holder);
        if (!problem.empty()) {
            throw CertificateRefused(field, problem);
        }
    }

    /// With a key ring, a leader signs in two phases only with the certificate registered for
    /// them (`vanthu admin leader-cert add`): any other is refused, even from a trusted CA.
    void requireRegistered(const User& user, const signing::SigningKey& key) const {
        if (!settings.keyRing) {
            return;
        }
        const auto registered = settings.keyRing->leaderCertificate(user);
        if (!registered) {
            throw CertificateRefused("certificateChainPem",
                                     "Chưa đăng ký chứng thư số của " + user.fullName +
                                         " để ký; hãy báo quản trị hệ thống (vanthu admin "
                                         "leader-cert add).");
        }
        if (X509_cmp(registered.get(), key.certificate()) != 0) {
            throw CertificateRefused(
                "certificateChainPem",
                "Chứng thư số gửi lên (" + signing::commonName(key.certificate()) +
                    ") không phải chứng thư đã đăng ký của " + user.fullName + " (" +
                    signing::commonName(registered.get()) + "); không ký được bằng chứng thư này.");
        }
    }

    /// The office's seal key: from the key ring, else Office::sealKey.
    std::unique_ptr<signing::SigningKey> sealKey(const Office& office) const {
        if (settings.keyRing) {
            return settings.keyRing->sealKey(office);
        }
        return serverKey(office.sealKey,
                         "Máy chủ chưa có khóa con dấu của cơ quan; hãy báo quản trị hệ thống.");
    }

    // ---- who is acting -------------------------------------------------------------------

    /// The actor as the storage knows them now.
    User current(const Actor& actor) const { return activeUser(storage, actor); }

    Office officeOf(Id id) const {
        const auto office = storage.findOffice(id);
        if (!office) {
            throw NotFound("Không tìm thấy cơ quan này.");
        }
        return *office;
    }

    static bool canSee(const User& user, const OutgoingDocument& doc) {
        return canSeeOutgoing(user, doc);
    }

    /// Register rows of documents limited to named people keep their number, not their subject,
    /// for whoever may not see the document (administrators included).
    std::vector<RegisterEntry> hideLimited(const User& user,
                                           std::vector<RegisterEntry> rows) const {
        for (auto& row : rows) {
            if (!row.limited) {
                continue;
            }
            const auto doc = storage.findDocument(row.documentId);
            if (!doc || !canSeeOutgoing(user, *doc)) {
                row.subject = kHiddenSubject;
            }
        }
        return rows;
    }

    /// The document if the user may see it; NotFound otherwise (the same answer as for an
    /// unknown id, so other offices' documents are not revealed).
    OutgoingDocument visible(const User& user, Id id) const {
        refuseAdministrator(user);
        const auto doc = storage.findDocument(id);
        if (!doc || !canSee(user, *doc)) {
            throw NotFound("Không tìm thấy văn bản này, hoặc bạn không được xem văn bản này.");
        }
        return *doc;
    }

    static void requireAuthor(const User& user, const OutgoingDocument& doc,
                              const std::string& message) {
        if (doc.authorId != user.id) {
            throw Forbidden(message);
        }
    }

    /// Who may edit the document now: its author while a draft or returned (kEditedByAuthor), a
    /// leader of the office while it waits for approval (kEditedByLeader); the document is
    /// visible to the user already.
    static std::string requireEditor(const User& user, const OutgoingDocument& doc) {
        if (user.role == Role::Leader && doc.state == DocumentState::Submitted &&
            user.officeId == doc.officeId) {
            return kEditedByLeader;
        }
        requireAuthor(user, doc,
                      "Chỉ người soạn thảo (hoặc lãnh đạo, khi văn bản đang chờ "
                      "duyệt) mới được sửa văn bản này.");
        requireState(doc, {DocumentState::Draft, DocumentState::Returned},
                     "Văn bản đã trình hoặc đã ký thì không sửa được; hãy đề nghị lãnh "
                     "đạo trả lại nếu cần sửa.");
        return kEditedByAuthor;
    }

    static void requireLeader(const User& user) {
        if (user.role != Role::Leader) {
            throw Forbidden("Chỉ lãnh đạo của cơ quan mới được duyệt hoặc trả lại văn bản.");
        }
    }

    static void requireState(const OutgoingDocument& doc,
                             std::initializer_list<DocumentState> states,
                             const std::string& message) {
        if (!isOneOf(doc.state, states)) {
            throw Conflict(message);
        }
    }

    static void requireSigner(const User& user, const OutgoingDocument& doc) {
        if (user.role != Role::Leader || !doc.signerId || *doc.signerId != user.id) {
            throw Forbidden("Chỉ người ký đã được chọn cho văn bản này mới được ký.");
        }
    }

    static void requireSignable(const OutgoingDocument& doc) {
        requireState(doc, {DocumentState::Approved}, "Chỉ ký được văn bản đã được lãnh đạo duyệt.");
    }

    void record(const User& user, const Actor& actor, const std::string& action, Id id,
                const std::string& detail) {
        audit.record({user.id, user.username, action, objectName(id), actor.address, detail});
    }

    // ---- composing the document JSON ----------------------------------------------------

    User signerFor(const Office& office, Id signerId) const {
        const auto signer = storage.findUser(signerId);
        if (!signer || signer->officeId != office.id || signer->role != Role::Leader ||
            !signer->active) {
            throw InvalidInput("signerId", "Người ký phải là lãnh đạo đang làm việc của cơ quan.");
        }
        return *signer;
    }

    static templates::DocumentType typeFor(const Office& office, const std::string& code) {
        const auto type = templates::findDocumentType(code);
        const bool party = office.system == OfficeSystem::Party;
        if (!type || (party ? !type->partyUse : !type->stateUse)) {
            throw InvalidInput("typeCode", "Loại văn bản \"" + code +
                                               "\" không có trong danh mục loại văn bản của " +
                                               (party ? "Đảng." : "Nhà nước."));
        }
        return *type;
    }

    /// State công văn: <issuer>-<drafting unit>; State others: <type>-<issuer>; Party:
    /// <type>/<issuer>.
    static std::string notationFor(const Office& office, const templates::DocumentType& type,
                                   const DraftInput& input) {
        if (office.system == OfficeSystem::Party) {
            return type.code + "/" + office.issuerCode;
        }
        if (type.isLetter) {
            if (input.draftingUnit.empty()) {
                throw InvalidInput("draftingUnit", "Công văn cần đơn vị soạn thảo (ví dụ NV) để "
                                                   "ghi ký hiệu như UBND-NV.");
            }
            return office.issuerCode + "-" + input.draftingUnit;
        }
        return type.code + "-" + office.issuerCode;
    }

    /// The notation (CodeNotation, S30 in Phần II) the draft will be issued with must fit the
    /// archive package: the office's code and the drafting unit together.
    static void requireNotationFits(const std::string& notation) {
        if (characterCount(notation) > limits::kCodeNotation.max) {
            throw FieldTooLong("draftingUnit", "Ký hiệu văn bản \"" + notation + "\" dài " +
                                                   std::to_string(characterCount(notation)) +
                                                   " ký tự, vượt giới hạn " +
                                                   std::to_string(limits::kCodeNotation.max) +
                                                   " ký tự; hãy rút gọn đơn vị soạn thảo.");
        }
    }

    /// requireNotationFits at saving, when the type and unit are known already.
    void requireNotationFitsIfKnown(const Office& office, const DraftInput& input) const {
        try {
            const auto type = typeFor(office, input.typeCode);
            requireNotationFits(notationFor(office, type, input));
        } catch (const FieldTooLong&) {
            throw;
        } catch (const InvalidInput&) {
            // an unknown type or a missing unit is a problem of the unfinished draft
        }
    }

    std::string compose(const Office& office, const DraftInput& input) const {
        const auto type = typeFor(office, input.typeCode);
        const User signer = signerFor(office, input.signerId);
        JsonObject o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("system", office.system == OfficeSystem::Party ? "party" : "state");
        o->set("type", type.code);
        if (!office.parentBody.empty()) {
            o->set("parentBody", office.parentBody);
        }
        o->set("issuingBody", printedIssuingBody(office.name));
        const std::string notation = notationFor(office, type, input);
        requireNotationFits(notation);
        o->set("notation", notation);
        o->set("place", office.place);
        o->set("date", vietnamDate(settings.clock()).isoMonth());
        if (!input.subject.empty()) {
            o->set("subject", input.subject);
        }
        if (!input.recipients.empty()) {
            o->set("recipients", toArray(input.recipients));
        }
        o->set("body", input.body);
        JsonObject s = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        if (!input.authority.empty()) {
            s->set("authority", input.authority);
            s->set("authorityOf", input.authorityOf);
        }
        s->set("title", signer.title);
        s->set("name", signer.fullName);
        o->set("signer", s);
        o->set("distribution", toArray(input.distribution));
        if (!input.urgency.empty()) {
            o->set("urgency", input.urgency);
        }
        if (!input.secrecy.empty()) {
            o->set("secrecy", input.secrecy);
        }
        const std::string json = stringify(o);
        parse(json);
        return json;
    }

    /// Every problem of a draft at once, each naming its field, in Vietnamese; empty when it
    /// can be composed (and so submitted).
    std::vector<FieldProblem> problemsOf(const Office& office, const DraftInput& input) const {
        std::vector<FieldProblem> problems;
        const auto add = [&](const char* field, std::string message) {
            problems.push_back({field, std::move(message)});
        };
        std::optional<templates::DocumentType> type;
        if (blank(input.typeCode)) {
            add("typeCode", "Hãy chọn loại văn bản.");
        } else {
            try {
                type = typeFor(office, input.typeCode);
            } catch (const InvalidInput& e) {
                add("typeCode", e.what());
            }
        }
        const bool letter = type && type->isLetter;
        if (letter && office.system == OfficeSystem::State && blank(input.draftingUnit)) {
            add("draftingUnit", "Công văn cần đơn vị soạn thảo (ví dụ NV) để ghi ký hiệu như "
                                "UBND-NV.");
        }
        if (letter && blank(input.subject)) {
            add("subject", "Hãy nhập trích yếu nội dung; công văn nào cũng cần.");
        }
        if (letter && input.recipients.empty()) {
            add("recipients", "Công văn cần ít nhất một nơi nhận ở mục “Kính gửi”.");
        }
        if (blank(input.body)) {
            add("body", "Hãy nhập nội dung văn bản.");
        } else {
            try {
                templates::parseBodyMarkup(input.body);
            } catch (const std::invalid_argument& e) {
                add("body", bodyProblem(e.what()));
            }
        }
        if (input.distribution.empty()) {
            add("distribution", "Hãy ghi nơi nhận, ít nhất dòng “Lưu: VT”.");
        }
        if (input.signerId == 0) {
            add("signerId", "Hãy chọn người ký.");
        } else {
            try {
                signerFor(office, input.signerId);
            } catch (const InvalidInput& e) {
                add("signerId", e.what());
            }
        }
        if (!input.authority.empty()) {
            const auto authority = templates::parseAuthority(input.authority);
            if (!authority || (office.system == OfficeSystem::Party &&
                               *authority == templates::Authority::Acting)) {
                add("authority", office.system == OfficeSystem::Party
                                     ? "Thẩm quyền ký phải là T/M, K/T, T/L hoặc T/UQ."
                                     : "Thẩm quyền ký phải là TM, KT, TL, TUQ hoặc Q.");
            } else if (*authority != templates::Authority::Own && blank(input.authorityOf)) {
                add("authorityOf", "Hãy ghi ký thay cho hoặc thay mặt ai (ví dụ CHỦ TỊCH).");
            }
        }
        if (!isOneOfTexts(input.urgency, {"", "khan", "thuong-khan", "hoa-toc"})) {
            add("urgency", "Độ khẩn phải là Thường, Khẩn, Thượng khẩn hoặc Hỏa tốc.");
        }
        if (!isOneOfTexts(input.secrecy, {"", "mat", "toi-mat", "tuyet-mat"})) {
            add("secrecy", "Độ mật phải là Không mật, Mật, Tối mật hoặc Tuyệt mật.");
        }
        if (problems.empty()) {
            try {
                compose(office, input);
            } catch (const InvalidInput& e) {
                add(e.field().empty() ? "body" : e.field().c_str(),
                    "Dự thảo chưa tạo được văn bản: " + std::string(e.what()));
            }
        }
        return problems;
    }

    /// The content of a draft if it can be composed now, else "" (an unfinished draft is kept
    /// as typed; its preview waits).
    std::string contentIfComplete(const Office& office, const DraftInput& input) const {
        if (!problemsOf(office, input).empty()) {
            return {};
        }
        return compose(office, input);
    }

    /// The type code as the catalogue spells it, or as typed when it is not in it (yet).
    static std::string storedType(const Office& office, const std::string& code) {
        try {
            return typeFor(office, code).code;
        } catch (const InvalidInput&) {
            return code;
        }
    }

    /// The signer as stored: only a leader of the office (the draft keeps whatever was typed).
    std::optional<Id> storedSigner(const Office& office, Id signerId) const {
        if (signerId == 0) {
            return std::nullopt;
        }
        try {
            return signerFor(office, signerId).id;
        } catch (const InvalidInput&) {
            return std::nullopt;
        }
    }

    /// Refuses a save based on an older version than the stored one: StaleVersion names who
    /// saved the newer one and when.
    void requireVersion(const OutgoingDocument& doc, int baseVersion) const {
        if (baseVersion == doc.version) {
            return;
        }
        std::string by, at = doc.updatedAt;
        Id byId = doc.authorId;
        for (const auto& version : storage.documentVersions(doc.id)) {
            if (version.version == doc.version) {
                byId = version.authorId;
                at = version.createdAt;
            }
        }
        if (const auto user = storage.findUser(byId)) {
            by = user->fullName;
        }
        throw StaleVersion::of("Dự thảo", doc.version, baseVersion, by, at);
    }

    static templates::OfficialDocument parse(const std::string& json) {
        try {
            return templates::parseDocumentJson(json);
        } catch (const templates::InvalidDocument& e) {
            throw InvalidInput(draftFieldOf(e.field()), e.what());
        }
    }

    /// The content with "date" set to the current month (a draft's date follows the calendar
    /// until the register gives it its day).
    std::string withCurrentMonth(const std::string& content) const {
        JsonObject o = parseObject(content);
        o->set("date", vietnamDate(settings.clock()).isoMonth());
        return stringify(o);
    }

    static std::string issuedContent(const std::string& content, int number,
                                     const std::string& date) {
        JsonObject o = parseObject(content);
        o->set("number", number);
        o->set("date", date);
        return stringify(o);
    }

    /// Renders under settings.renderTimeLimit (the wait for another render included) and
    /// settings.stopRenders. Over the limit: InvalidInput("body"); cancelled:
    /// templates::RenderStopped escapes (the server answers 503).
    std::string render(const std::string& content) const {
        const auto budget =
            templates::RenderBudget::within(settings.renderTimeLimit, settings.stopRenders);
        const auto document = parse(content);
        try {
            std::unique_lock lock(renderMutex, std::defer_lock);
            // try_lock in a loop, not timed_mutex::try_lock_for: ThreadSanitizer does not see
            // the lock taken by the latter (pthread_mutex_clocklock).
            while (!lock.try_lock()) {
                budget.check();
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            if (!renderer) {
                renderer = std::make_unique<templates::PdfRenderer>();
            }
            return renderer->render(document, budget).bytes;
        } catch (const templates::RenderStopped& e) {
            if (e.why() == templates::RenderStopped::Why::Cancelled) {
                throw;
            }
            const auto seconds =
                std::chrono::duration_cast<std::chrono::seconds>(settings.renderTimeLimit).count();
            throw InvalidInput("body", "Không dựng xong bản PDF của văn bản trong " +
                                           std::to_string(seconds) +
                                           " giây (văn bản quá dài hoặc máy chủ đang bận); hãy "
                                           "rút ngắn văn bản hoặc thử lại sau.");
        }
    }

    // ---- signing ---------------------------------------------------------------------------

    /// One lock per register series (office, year, series): the issues of one series wait for
    /// each other from the number they look at to their commit, since each letter's seal and
    /// time-stamps cover its number. Other series, offices and every other write go on.
    std::mutex seriesLocksMutex;
    std::map<std::string, std::shared_ptr<std::mutex>> seriesLocks;
    std::shared_ptr<std::mutex> seriesLock(const RegisterKey& key) {
        std::lock_guard lock(seriesLocksMutex);
        auto& entry =
            seriesLocks[std::to_string(key.officeId) + "/" + key.period + "/" + key.series];
        if (!entry) {
            entry = std::make_shared<std::mutex>();
        }
        return entry;
    }

    /// The issued letter's long-term copy row (settings.preservation); never throws.
    void adoptIssued(Id id) {
        if (!settings.preservation) {
            return;
        }
        try {
            settings.preservation->adoptIssued(id);
        } catch (const std::exception&) {
            // the renewal job's next round adopts it
        }
    }
    /// One try of issue() (defined beside it); fromQueue: added to the audit entry's detail.
    OutgoingDocument issueOnce(const Actor& actor, Id id, const std::optional<LowerLevel>& lower,
                               const std::string& fromQueue);
    /// The clerk issues, and only a signed letter.
    static void requireIssuer(const User& user, const OutgoingDocument& doc);
    /// Checks the clerk's choice to issue below the policy and lowers the evidence's levels.
    static LoweredIssue lowerEvidence(const User& user, const OutgoingDocument& doc,
                                      SigningEvidence* evidence, const LowerLevel& lower);

    /// What the office's policy signs with now; null without policies (every signature B-B).
    std::unique_ptr<SigningEvidence> evidenceFor(const Office& office) const {
        return settings.policies ? settings.policies->evidenceFor(office.id) : nullptr;
    }

    static void applyLevel(signing::SignOptions& options, SigningEvidence* evidence,
                           signing::PadesLevel level) {
        if (evidence) {
            options.level = SigningEvidence::signatureLevel(level);
            if (options.level != signing::PadesLevel::BB) {
                options.timeStamps = evidence->timeStamps();
            }
        }
    }

    signing::SignOptions signerOptions(const Office& office, const User& signer,
                                       SigningEvidence* evidence) const {
        signing::SignOptions options;
        options.role = signing::SignatureRole::Signer;
        if (evidence) {
            applyLevel(options, evidence, evidence->signerLevel);
        }
        options.imagePng = settings.signatureImagePng;
        if (options.imagePng.empty()) {
            options.appearanceText = {signer.fullName};
        }
        options.reason = "Ký văn bản";
        options.location = office.place;
        options.signingTime = settings.clock();
        return options;
    }

    signing::SignOptions sealOptions(const Office& office, SigningEvidence* evidence) const {
        signing::SignOptions options;
        options.role = signing::SignatureRole::Seal;
        if (evidence) {
            applyLevel(options, evidence, evidence->sealLevel);
        }
        options.lockDocument = true;
        options.imagePng = settings.sealImagePng;
        if (options.imagePng.empty()) {
            options.appearanceText = {office.name};
        }
        options.reason = "Phát hành văn bản";
        options.location = office.place;
        options.signingTime = settings.clock();
        return options;
    }

    std::unique_ptr<signing::Pkcs12Key> serverKey(const std::string& path,
                                                  const std::string& missing) const {
        if (path.empty()) {
            throw Conflict(missing);
        }
        return signing::Pkcs12Key::fromFile(path, settings.keyPassword);
    }

    /// Marks an approved document signed with the signed PDF (already in the blob store).
    OutgoingDocument storeSigned(const Actor& actor, Id id, const std::string& signedBlob,
                                 const std::string& content, const std::string& how) {
        OutgoingDocument result;
        storage.transaction([&] {
            const User user = current(actor);
            OutgoingDocument doc = visible(user, id);
            requireSigner(user, doc);
            requireSignable(doc);
            doc.state = DocumentState::Signed;
            doc.signedPdf = signedBlob;
            doc.preparedPdf.clear();
            doc.preparedChainPem.clear();
            doc.content = content;
            doc.updatedAt = nowText();
            storage.updateDocument(doc);
            record(user, actor, "sign", id, how);
            result = doc;
        });
        return result;
    }
};

OutgoingFlow::OutgoingFlow(Storage& storage, BlobStore& blobs, AuditTrail& audit,
                           FlowSettings settings)
    : impl_(std::make_unique<Impl>(storage, blobs, audit, std::move(settings))) {}

OutgoingFlow::~OutgoingFlow() = default;

bool OutgoingFlow::canSee(const User& user, const OutgoingDocument& doc) const {
    return Impl::canSee(user, doc);
}

OutgoingDocument OutgoingFlow::createDraft(const Actor& actor, const DraftInput& input) {
    OutgoingDocument result;
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        if (user.role != Role::Specialist && user.role != Role::Leader) {
            throw Forbidden("Chỉ chuyên viên hoặc lãnh đạo mới được soạn thảo văn bản.");
        }
        checkDraftSize(input, impl_->settings.draftLimits);
        const auto limit = impl_->settings.draftLimits.draftsPerAuthor;
        if (impl_->storage.openDrafts(user.id) >= limit) {
            throw InvalidInput("", "Bạn đã có " + grouped(limit) +
                                       " dự thảo chưa trình, là giới hạn mỗi người; hãy trình "
                                       "các dự thảo đã xong trước khi soạn dự thảo mới.");
        }
        const Office office = impl_->officeOf(user.officeId);
        impl_->requireNotationFitsIfKnown(office, input);
        OutgoingDocument doc;
        doc.officeId = office.id;
        doc.authorId = user.id;
        doc.signerId = impl_->storedSigner(office, input.signerId);
        doc.state = DocumentState::Draft;
        doc.content = impl_->contentIfComplete(office, input);
        doc.typeCode = Impl::storedType(office, input.typeCode);
        doc.subject = input.subject;
        doc.draft = input;
        doc.draft.typeCode = doc.typeCode;
        doc.version = 1;
        doc.createdAt = doc.updatedAt = impl_->nowText();
        doc.id = impl_->storage.addDocument(doc);
        impl_->record(user, actor, "create", doc.id, doc.typeCode + ": " + doc.subject);
        result = doc;
    });
    return result;
}

OutgoingDocument OutgoingFlow::updateDraft(const Actor& actor, Id id, int baseVersion,
                                           const DraftInput& input) {
    OutgoingDocument result;
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        OutgoingDocument doc = impl_->visible(user, id);
        const std::string editedAs = Impl::requireEditor(user, doc);
        impl_->requireVersion(doc, baseVersion);
        checkDraftSize(input, impl_->settings.draftLimits);
        const Office office = impl_->officeOf(doc.officeId);
        impl_->requireNotationFitsIfKnown(office, input);
        if (editedAs == kEditedByLeader) {
            // A submitted draft stays complete: the leader's edit is checked as a submit is.
            auto problems = impl_->problemsOf(office, input);
            if (!problems.empty()) {
                throw InvalidInput("Văn bản đang chờ duyệt phải đủ các mục bắt buộc; bản sửa "
                                   "chưa được lưu.",
                                   std::move(problems));
            }
        }
        doc.content = impl_->contentIfComplete(office, input);
        doc.typeCode = Impl::storedType(office, input.typeCode);
        doc.subject = input.subject;
        doc.signerId = impl_->storedSigner(office, input.signerId);
        doc.draft = input;
        doc.draft.typeCode = doc.typeCode;
        doc.version += 1;
        doc.updatedAt = impl_->nowText();
        impl_->storage.updateDocument(doc);
        impl_->storage.addDocumentVersion({doc.id, doc.version, doc.content, toJson(doc.draft),
                                           user.id, doc.updatedAt, editedAs});
        impl_->record(
            user, actor, "edit", id,
            "phiên bản " + std::to_string(doc.version) +
                (editedAs == kEditedByLeader ? " (lãnh đạo sửa văn bản đang chờ duyệt)" : ""));
        result = doc;
    });
    return result;
}

OutgoingDocument OutgoingFlow::submit(const Actor& actor, Id id) {
    OutgoingDocument result;
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        OutgoingDocument doc = impl_->visible(user, id);
        Impl::requireAuthor(user, doc, "Chỉ người soạn thảo mới được trình văn bản này.");
        Impl::requireState(doc, {DocumentState::Draft, DocumentState::Returned},
                           "Chỉ trình được dự thảo hoặc văn bản bị trả lại.");
        const Office office = impl_->officeOf(doc.officeId);
        auto problems = impl_->problemsOf(office, doc.draft);
        if (!problems.empty()) {
            const auto count = problems.size();
            const std::string message =
                count == 1
                    ? "Dự thảo còn một chỗ cần sửa trước khi trình: " + problems.front().message
                    : "Dự thảo còn " + std::to_string(count) +
                          " chỗ cần sửa trước khi trình; xem từng mục được đánh dấu.";
            throw InvalidInput(message, std::move(problems));
        }
        doc.content = impl_->compose(office, doc.draft); // the signer's current title and name
        doc.signerId = doc.draft.signerId;
        doc.state = DocumentState::Submitted;
        doc.updatedAt = impl_->nowText();
        impl_->storage.updateDocument(doc);
        impl_->record(user, actor, "submit", id, "phiên bản " + std::to_string(doc.version));
        result = doc;
    });
    return result;
}

OutgoingDocument OutgoingFlow::returnForChanges(const Actor& actor, Id id,
                                                const std::string& comment) {
    OutgoingDocument result;
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        OutgoingDocument doc = impl_->visible(user, id);
        Impl::requireLeader(user);
        Impl::requireState(doc, {DocumentState::Submitted},
                           "Chỉ trả lại được văn bản đang chờ duyệt.");
        if (comment.find_first_not_of(" \t\r\n") == std::string::npos) {
            throw InvalidInput("comment", "Hãy ghi rõ lý do trả lại để người soạn thảo sửa.");
        }
        doc.state = DocumentState::Returned;
        doc.returnComment = comment;
        doc.updatedAt = impl_->nowText();
        impl_->storage.updateDocument(doc);
        impl_->record(user, actor, "return", id, comment);
        result = doc;
    });
    return result;
}

OutgoingDocument OutgoingFlow::approve(const Actor& actor, Id id) {
    OutgoingDocument result;
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        OutgoingDocument doc = impl_->visible(user, id);
        Impl::requireLeader(user);
        Impl::requireState(doc, {DocumentState::Submitted},
                           "Chỉ duyệt được văn bản đang chờ duyệt.");
        doc.state = DocumentState::Approved;
        doc.updatedAt = impl_->nowText();
        impl_->storage.updateDocument(doc);
        impl_->record(user, actor, "approve", id, "");
        result = doc;
    });
    return result;
}

OutgoingDocument OutgoingFlow::sign(const Actor& actor, Id id) {
    const User user = impl_->current(actor);
    const OutgoingDocument doc = impl_->visible(user, id);
    Impl::requireSigner(user, doc);
    Impl::requireSignable(doc);
    const Office office = impl_->officeOf(doc.officeId);
    const auto key = impl_->serverKey(user.signingKey,
                                      "Máy chủ chưa giữ khóa ký của bạn; hãy ký bằng thiết bị ký "
                                      "số của mình (ký hai bước).");
    impl_->requireTrusted(*key);
    const auto evidence = impl_->evidenceFor(office);
    const std::string content = impl_->withCurrentMonth(doc.content);
    const std::string draftPdf = impl_->render(content);
    const auto signedPdf = signing::PadesSigner(impl_->signerOptions(office, user, evidence.get()))
                               .sign(draftPdf, *key);
    const std::string blob = impl_->blobs.put(signedPdf);
    return impl_->storeSigned(actor, id, blob, content, "khóa trên máy chủ");
}

std::string OutgoingFlow::prepareSignature(const Actor& actor, Id id,
                                           const std::string& certificateChainPem) {
    const User user = impl_->current(actor);
    const OutgoingDocument doc = impl_->visible(user, id);
    Impl::requireSigner(user, doc);
    Impl::requireSignable(doc);
    const Office office = impl_->officeOf(doc.officeId);
    std::vector<signing::X509Ptr> certificates;
    try {
        certificates = signing::certificatesFromPem(certificateChainPem);
    } catch (const std::exception&) {
        throw InvalidInput("certificateChainPem",
                           "Chứng thư số gửi lên không đọc được (cần PEM, chứng thư của người ký "
                           "trước).");
    }
    const signing::ExternalKey key(std::move(certificates));
    impl_->requireRegistered(user, key);
    impl_->requireTrusted(key);
    const auto evidence = impl_->evidenceFor(office);
    auto options = impl_->signerOptions(office, user, evidence.get());
    if (evidence && evidence->timeStamps()) {
        // Room for a signature time-stamp whatever the policy says when the leader completes
        // (it may be changed in between); preparing asks the TSA nothing.
        options.level = signing::PadesLevel::BT;
        options.timeStamps = evidence->timeStamps();
    }
    const std::string content = impl_->withCurrentMonth(doc.content);
    const auto prepared = signing::PadesSigner(options).prepare(impl_->render(content), key);
    const std::string blob = impl_->blobs.put(prepared.pdf);
    impl_->storage.transaction([&] {
        const User again = impl_->current(actor);
        OutgoingDocument fresh = impl_->visible(again, id);
        Impl::requireSigner(again, fresh);
        Impl::requireSignable(fresh);
        fresh.preparedPdf = blob;
        fresh.preparedChainPem = certificateChainPem;
        fresh.content = content;
        fresh.updatedAt = impl_->nowText();
        impl_->storage.updateDocument(fresh);
        impl_->record(again, actor, "sign-prepare", id,
                      "chứng thư " + signing::commonName(key.certificate()));
    });
    return signing::toBase64(prepared.digest);
}

OutgoingDocument OutgoingFlow::completeSignature(const Actor& actor, Id id,
                                                 const std::string& signatureValue) {
    const User user = impl_->current(actor);
    const OutgoingDocument doc = impl_->visible(user, id);
    Impl::requireSigner(user, doc);
    Impl::requireSignable(doc);
    if (doc.preparedPdf.empty()) {
        throw Conflict("Chưa chuẩn bị ký hai bước cho văn bản này; hãy bắt đầu lại.");
    }
    const auto value = signing::fromBase64(signatureValue);
    if (!value || value->empty()) {
        throw InvalidInput("signatureValue", "Giá trị chữ ký phải được mã hóa base64.");
    }
    const Office office = impl_->officeOf(doc.officeId);
    const signing::ExternalKey key(signing::certificatesFromPem(doc.preparedChainPem));
    impl_->requireRegistered(user, key); // the registration may have changed since
    impl_->requireTrusted(key); // prepared before the check existed, or the anchors changed
    const auto evidence = impl_->evidenceFor(office);
    std::string signedPdf;
    try {
        signedPdf = signing::PadesSigner(impl_->signerOptions(office, user, evidence.get()))
                        .complete(impl_->blobs.get(doc.preparedPdf), key, *value);
    } catch (const CorruptBlob&) {
        throw;
    } catch (const EvidenceUnavailable&) {
        throw; // the TSA did not answer: the prepared signature stays, to complete again
    } catch (const std::exception&) {
        throw InvalidInput("signatureValue", "Chữ ký không khớp với chứng thư số và văn bản đã "
                                             "chuẩn bị; hãy ký lại bằng đúng thiết bị.");
    }
    const std::string blob = impl_->blobs.put(signedPdf);
    return impl_->storeSigned(actor, id, blob, doc.content,
                              "ký hai bước, chứng thư " + signing::commonName(key.certificate()));
}

namespace {

/// The letter the issue prepared outside the write transaction carries a number another issue
/// took in between: prepare again with the next one.
struct NumberTaken {};

constexpr std::size_t kMaxLowerReason = 1000;
constexpr int kIssueAttempts = 5;

} // namespace

/// The issue in three parts, so that the time-stamp authority and the revocation sources (an
/// outside TSA may take seconds) are asked outside the write transaction (issue 21 item 2):
/// (1) read and check, and look at the number the register would give now, without taking it;
/// (2) stamp that number and today's date, seal, add validation data and the document
/// time-stamp (network), store the blob; (3) one short transaction re-checks the document, takes
/// the number (the same one, else NumberTaken and all again), and records the issue. A failure
/// in (1) or (2) leaves nothing (no number used, no row); (3) is all or nothing. Issues of one
/// series wait for each other (seriesLock); NumberTaken comes only from outside this flow (another
/// process on the same database, a second flow object).
OutgoingDocument OutgoingFlow::issue(const Actor& actor, Id id,
                                     const std::optional<LowerLevel>& lower) {
    for (int attempt = 1;; ++attempt) {
        try {
            auto issued = impl_->issueOnce(actor, id, lower, "");
            impl_->adoptIssued(id);
            return issued;
        } catch (const NumberTaken&) {
            if (attempt == kIssueAttempts) {
                throw Conflict("Số văn bản vừa được dùng cho văn bản khác nhiều lần liền; hãy "
                               "phát hành lại.");
            }
        }
    }
}

OutgoingDocument OutgoingFlow::Impl::issueOnce(const Actor& actor, Id id,
                                               const std::optional<LowerLevel>& lower,
                                               const std::string& fromQueue) {
    FaultInjector* faults = settings.faults;
    // (1) Read and check, nothing written.
    const User user = current(actor);
    const OutgoingDocument doc = visible(user, id);
    requireIssuer(user, doc);
    const Office office = officeOf(doc.officeId);
    const auto seal = sealKey(office);
    requireTrusted(*seal, "con dấu", "seal");
    const auto evidence = evidenceFor(office);
    std::optional<LoweredIssue> lowered;
    if (lower) {
        lowered = lowerEvidence(user, doc, evidence.get(), *lower);
    }
    const std::int64_t now = settings.clock();
    const VietnamDate today = vietnamDate(now);
    const RegisterKey key =
        OutgoingRegister::keyFor(office, today.year, doc.typeCode, doc.draft.secrecy);
    const auto series = seriesLock(key);
    const std::lock_guard oneAtATime(*series); // until this issue is committed or given up
    const int number = storage.peekOutgoingNumber(key);
    faultPoint(faults, "issue:numbered");

    // (2) The letter with that number, sealed, completed to the policy's level: the network.
    const std::string content = issuedContent(doc.content, number, today.iso());
    const templates::OfficialDocument issued = parse(content);
    const std::string stamped = templates::stampIssueDetails(blobs.get(doc.signedPdf), issued);
    auto sealed = signing::PadesSigner(sealOptions(office, evidence.get())).sign(stamped, *seal);
    if (evidence) {
        // Validation data for every signature and time-stamp, then the document time-stamp
        // (the policy's B-LT / B-LTA); a failure leaves nothing written, number included.
        sealed = evidence->completeLetter(sealed);
    }
    faultPoint(faults, "issue:sealed");
    const std::string blob = blobs.put(sealed); // on disk before the commit
    faultPoint(faults, "issue:stored");

    // (3) The short transaction: the same document, still signed, the same number free.
    OutgoingDocument result;
    storage.transaction([&] {
        const User again = current(actor);
        OutgoingDocument fresh = visible(again, id);
        requireIssuer(again, fresh);
        if (fresh.signedPdf != doc.signedPdf) {
            throw Conflict("Văn bản vừa được ký lại trong lúc phát hành; hãy phát hành lại.");
        }
        if (outgoing.allocate(key) != number) {
            throw NumberTaken{}; // rolled back: the number taken just now is given back
        }
        const auto system = office.system == OfficeSystem::Party ? templates::DocumentSystem::Party
                                                                 : templates::DocumentSystem::State;
        fresh.state = DocumentState::Issued;
        fresh.number = number;
        fresh.year = today.year;
        fresh.series = key.series;
        fresh.notation = issued.notation.text(system);
        fresh.issuedDate = today.iso();
        fresh.issuedPdf = blob;
        fresh.content = content;
        fresh.updatedAt = vietnamTimestamp(settings.clock());
        fresh.exchangeId = newExchangeId();
        storage.updateDocument(fresh);

        RegisterEntry entry;
        entry.documentId = fresh.id;
        entry.number = number;
        entry.notation = fresh.notation;
        entry.issuedDate = fresh.issuedDate;
        entry.typeName = issued.type.name;
        entry.subject = fresh.subject;
        entry.signerName = issued.signer.name;
        entry.recipients = joinLines(fresh.draft.recipients);
        entry.archiveCopy = archiveCopyOf(fresh.draft.distribution);
        entry.series = key.series;
        outgoing.record(key, today.year, office.id, entry);
        std::string detail = "Số " + fresh.notation + " ngày " + fresh.issuedDate;
        if (lowered) {
            lowered->chosenAt = fresh.updatedAt;
            storage.addLoweredIssue(*lowered);
            detail += "; phát hành ở mức " + lowered->issuedLevel + " thay cho " +
                      lowered->policyLevel + " theo chính sách ký, lý do: " + lowered->reason;
        }
        detail += fromQueue;
        storage.removeFromIssueQueue(id);
        record(again, actor, "issue", id, detail);
        dispatch->sendIssued(fresh, office); // local copies, outbox items, paper list
        faultPoint(faults, "issue:recorded");
        result = fresh;
    });
    return result;
}

void OutgoingFlow::Impl::requireIssuer(const User& user, const OutgoingDocument& doc) {
    if (user.role != Role::Clerk) {
        throw Forbidden("Chỉ văn thư của cơ quan mới được phát hành văn bản.");
    }
    requireState(doc, {DocumentState::Signed}, "Chỉ phát hành được văn bản đã được lãnh đạo ký.");
}

LoweredIssue OutgoingFlow::Impl::lowerEvidence(const User& user, const OutgoingDocument& doc,
                                               SigningEvidence* evidence, const LowerLevel& lower) {
    const auto policyLevel =
        evidence ? std::max(evidence->signerLevel, evidence->sealLevel) : signing::PadesLevel::BB;
    signing::PadesLevel level;
    try {
        level = signing::parsePadesLevel(lower.level);
    } catch (const std::invalid_argument&) {
        throw InvalidInput("level", "Mức chữ ký phải là B-B, B-T hoặc B-LT.");
    }
    if (level >= policyLevel) {
        throw InvalidInput("level", "Mức đã chọn (" + lower.level +
                                        ") không thấp hơn mức chính sách ký của cơ quan (" +
                                        signing::toString(policyLevel) +
                                        "); hãy phát hành bình thường.");
    }
    const std::string& reason = lower.reason;
    if (blank(reason)) {
        throw InvalidInput("reason",
                           "Hãy ghi lý do phát hành ở mức thấp hơn chính sách ký của cơ quan.");
    }
    if (reason.size() > kMaxLowerReason) {
        throw InvalidInput("reason", "Lý do dài quá 1000 byte.");
    }
    evidence->signerLevel = std::min(evidence->signerLevel, level);
    evidence->sealLevel = std::min(evidence->sealLevel, level);
    LoweredIssue lowered;
    lowered.documentId = doc.id;
    lowered.policyLevel = signing::toString(policyLevel);
    lowered.issuedLevel = signing::toString(level);
    lowered.reason = reason;
    lowered.chosenBy = user.id;
    lowered.chosenByName = user.username;
    return lowered;
}

std::int64_t OutgoingFlow::retryDelaySeconds(int attempts) {
    // 1, 2, 4, … minutes, at most an hour.
    std::int64_t delay = 60;
    for (int i = 1; i < attempts && delay < 3600; ++i) {
        delay *= 2;
    }
    return std::min<std::int64_t>(delay, 3600);
}

IssueQueueEntry OutgoingFlow::queueIssue(const Actor& actor, Id id) {
    IssueQueueEntry entry;
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        const OutgoingDocument doc = impl_->visible(user, id);
        Impl::requireIssuer(user, doc);
        const std::int64_t now = impl_->settings.clock();
        entry.documentId = id;
        entry.officeId = doc.officeId;
        entry.queuedBy = user.id;
        entry.queuedAt = vietnamTimestamp(now);
        entry.nextAttemptAt = now + retryDelaySeconds(1);
        impl_->storage.addToIssueQueue(entry);
        impl_->record(user, actor, "issue-queued", id,
                      "chờ dấu thời gian hoặc dữ liệu thu hồi để phát hành theo chính sách ký");
    });
    return entry;
}

void OutgoingFlow::unqueueIssue(const Actor& actor, Id id) {
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        const OutgoingDocument doc = impl_->visible(user, id);
        if (user.role != Role::Clerk) {
            throw Forbidden("Chỉ văn thư của cơ quan mới được bỏ văn bản khỏi hàng chờ.");
        }
        if (!impl_->storage.findIssueQueueEntry(id)) {
            throw NotFound("Văn bản không ở trong hàng chờ phát hành.");
        }
        impl_->storage.removeFromIssueQueue(id);
        impl_->record(user, actor, "issue-unqueued", id, "bỏ khỏi hàng chờ phát hành");
    });
}

std::optional<IssueQueueEntry> OutgoingFlow::queued(const Actor& actor, Id id) const {
    impl_->visible(impl_->current(actor), id);
    return impl_->storage.findIssueQueueEntry(id);
}

std::optional<LoweredIssue> OutgoingFlow::loweredIssue(const Actor& actor, Id id) const {
    impl_->visible(impl_->current(actor), id);
    return impl_->storage.findLoweredIssue(id);
}

std::vector<IssueQueueEntry> OutgoingFlow::issueQueue(const Actor& actor) const {
    const User user = impl_->current(actor);
    if (user.role == Role::Administrator) {
        const AdministrationScope scope(actor, impl_->storage.offices(), impl_->storage.users());
        std::vector<IssueQueueEntry> out;
        for (auto& entry : impl_->storage.issueQueue(std::nullopt)) {
            if (scope.covers(entry.officeId)) {
                out.push_back(std::move(entry));
            }
        }
        return out;
    }
    std::vector<IssueQueueEntry> out;
    for (auto& entry : impl_->storage.issueQueue(user.officeId)) {
        const auto doc = impl_->storage.findDocument(entry.documentId);
        if (doc && Impl::canSee(user, *doc)) {
            out.push_back(std::move(entry));
        }
    }
    return out;
}

std::vector<IssueQueueEntry> OutgoingFlow::claimDueIssues(std::size_t limit) {
    const std::int64_t now = impl_->settings.clock();
    const auto count = static_cast<int>(std::min<std::size_t>(limit, 1000));
    const std::int64_t lease = kIssueLeasePerLetter * (count + 1);
    std::vector<IssueQueueEntry> claimed;
    impl_->storage.transaction([&] {
        claimed = impl_->storage.lockDueIssueQueueEntries(now, count);
        for (const auto& entry : claimed) {
            auto leased = entry;
            leased.nextAttemptAt = now + lease;
            impl_->storage.updateIssueQueueEntry(leased);
        }
    });
    return claimed;
}

OutgoingFlow::QueueRound OutgoingFlow::retryIssueQueue(std::size_t limit) {
    QueueRound round;
    const std::int64_t now = impl_->settings.clock();
    // Claimed first (another server on the same database, or a round after a crash, tries none
    // of them until the lease ends), then tried one by one outside that transaction.
    auto claimed = claimDueIssues(limit);
    round.more = limit > 0 && claimed.size() == limit;
    for (auto& entry : claimed) {
        entry.attempts += 1;
        entry.lastAttemptAt = vietnamTimestamp(now);
        const auto clerk = impl_->storage.findUser(entry.queuedBy);
        try {
            if (!clerk) {
                throw NotFound("Không còn người dùng đã đưa văn bản vào hàng chờ.");
            }
            const Actor actor{*clerk, "hàng chờ phát hành"};
            impl_->issueOnce(actor, entry.documentId, std::nullopt,
                             " (hàng chờ phát hành, lần thử " + std::to_string(entry.attempts) +
                                 ")");
            impl_->adoptIssued(entry.documentId);
            ++round.issued;
            continue; // the issue's transaction took the row away
        } catch (const EvidenceUnavailable& e) {
            entry.lastCode = e.code();
            entry.lastError = e.what();
        } catch (const CertificateRefused& e) {
            // A certificate revoked or no longer valid: retried (hourly at most) in case the
            // administrator replaces it, shown apart from an outage.
            entry.lastCode = "certificate-refused";
            entry.lastError = e.what();
        } catch (const NumberTaken&) {
            entry.lastCode = "conflict";
            entry.lastError = "Số văn bản vừa được dùng cho văn bản khác; sẽ thử lại.";
        } catch (const std::exception& e) {
            // Not the evidence: the letter is no longer signed, the clerk left, the seal went
            // bad. It stays for the administrator and the clerk to see, retried less often.
            entry.lastCode = "failed";
            entry.lastError = e.what();
        }
        ++round.failed;
        entry.nextAttemptAt = now + retryDelaySeconds(entry.attempts + 1);
        if (impl_->storage.findIssueQueueEntry(entry.documentId)) {
            impl_->storage.updateIssueQueueEntry(entry);
        }
    }
    return round;
}

bool canSeeOutgoing(const User& user, const OutgoingDocument& doc) {
    if (!user.active || user.officeId != doc.officeId || user.role == Role::Administrator) {
        return false;
    }
    if (doc.authorId == user.id) {
        return true;
    }
    if (!doc.access.lets(user.id) && !(doc.signerId && *doc.signerId == user.id)) {
        return false; // limited to named people (docs/access-rules.md "Secret documents")
    }
    switch (user.role) {
    case Role::Leader:
        return doc.state != DocumentState::Draft;
    case Role::Clerk:
        return isOneOf(doc.state,
                       {DocumentState::Approved, DocumentState::Signed, DocumentState::Issued});
    case Role::Specialist:
        return doc.state == DocumentState::Issued;
    case Role::Administrator:
        return false;
    }
    return false;
}

OutgoingDocument OutgoingFlow::document(const Actor& actor, Id id) const {
    return impl_->visible(impl_->current(actor), id);
}

std::vector<OutgoingDocument> OutgoingFlow::list(const Actor& actor,
                                                 std::optional<DocumentState> state) const {
    const User user = impl_->current(actor);
    std::vector<OutgoingDocument> out;
    if (user.role == Role::Administrator) {
        return out;
    }
    for (auto& doc : impl_->storage.documents(user.officeId, state)) {
        if (Impl::canSee(user, doc)) {
            out.push_back(std::move(doc));
        }
    }
    return out;
}

std::string OutgoingFlow::pdf(const Actor& actor, Id id) const {
    const OutgoingDocument doc = impl_->visible(impl_->current(actor), id);
    if (!doc.issuedPdf.empty()) {
        return impl_->blobs.get(doc.issuedPdf);
    }
    if (!doc.signedPdf.empty()) {
        return impl_->blobs.get(doc.signedPdf);
    }
    if (doc.content.empty()) {
        auto problems = impl_->problemsOf(impl_->officeOf(doc.officeId), doc.draft);
        if (!problems.empty()) {
            throw InvalidInput("Bản xem trước hiện ra khi dự thảo đã đủ các mục bắt buộc.",
                               std::move(problems));
        }
        return impl_->render(
            impl_->withCurrentMonth(impl_->compose(impl_->officeOf(doc.officeId), doc.draft)));
    }
    return impl_->render(impl_->withCurrentMonth(doc.content));
}

std::vector<FieldProblem> OutgoingFlow::problems(const OutgoingDocument& doc) const {
    const auto office = impl_->storage.findOffice(doc.officeId);
    if (!office) {
        return {};
    }
    return impl_->problemsOf(*office, doc.draft);
}

std::vector<RegisterEntry> OutgoingFlow::outgoingRegister(const Actor& actor, int year) const {
    const User user = impl_->current(actor);
    if (user.role == Role::Specialist) {
        throw Forbidden("Chỉ văn thư, lãnh đạo hoặc quản trị của cơ quan mới được xem sổ đăng ký "
                        "văn bản đi.");
    }
    return impl_->hideLimited(user, impl_->outgoing.entries(user.officeId, year));
}

Paged<OutgoingDocument> OutgoingFlow::listPage(const Actor& actor,
                                               std::optional<DocumentState> state,
                                               const PageRequest& page) const {
    const User user = impl_->current(actor);
    if (user.role == Role::Administrator) {
        return {};
    }
    DocumentFilter filter;
    filter.officeId = user.officeId;
    filter.state = state;
    filter.authorId = user.id;
    filter.readerId = user.id;
    // The states in which the user sees others' documents, asked of canSee itself so that
    // the list and the document page never disagree.
    OutgoingDocument other;
    other.officeId = user.officeId;
    other.authorId = 0;
    for (const auto each :
         {DocumentState::Draft, DocumentState::Submitted, DocumentState::Returned,
          DocumentState::Approved, DocumentState::Signed, DocumentState::Issued}) {
        other.state = each;
        if (Impl::canSee(user, other)) {
            filter.visibleStates.push_back(each);
        }
    }
    return impl_->storage.documentPage(filter, page);
}

Paged<RegisterEntry> OutgoingFlow::outgoingRegisterPage(const Actor& actor, int year,
                                                        const RegisterFilter& filter,
                                                        const PageRequest& page) const {
    const User user = impl_->current(actor);
    if (user.role == Role::Specialist) {
        throw Forbidden("Chỉ văn thư, lãnh đạo hoặc quản trị của cơ quan mới được xem sổ đăng ký "
                        "văn bản đi.");
    }
    auto rows = impl_->storage.registerPage(user.officeId, year, filter, page);
    rows.items = impl_->hideLimited(user, std::move(rows.items));
    return rows;
}

std::vector<AuditRecord> OutgoingFlow::history(const Actor& actor, Id id) const {
    impl_->visible(impl_->current(actor), id);
    return impl_->audit.about(objectName(id));
}

std::vector<DocumentVersion> OutgoingFlow::versions(const Actor& actor, Id id) const {
    impl_->visible(impl_->current(actor), id);
    return impl_->storage.documentVersions(id);
}

// ---- comments, versions compared, attachments (issue 14 item 4) ----------------------------

namespace {

/// A file type an outgoing letter may carry: by the end of its name, checked against its first
/// bytes.
struct AttachmentType {
    const char* extension;
    const char* contentType;
    std::string_view magic;
};

constexpr std::string_view kPdfMagic("%PDF-", 5);
constexpr std::string_view kOle2Magic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8); // doc, xls
constexpr std::string_view kZipMagic("PK\x03\x04", 4); // docx, xlsx, odt, zip

constexpr AttachmentType kAttachmentTypes[] = {
    {".pdf", "application/pdf", kPdfMagic},
    {".doc", "application/msword", kOle2Magic},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", kZipMagic},
    {".xls", "application/vnd.ms-excel", kOle2Magic},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", kZipMagic},
    {".odt", "application/vnd.oasis.opendocument.text", kZipMagic},
    {".zip", "application/zip", kZipMagic},
};

std::string lowered(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    });
    return text;
}

bool endsWith(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The size in Vietnamese: "5 MiB", "300 KiB", "12 byte".
std::string spokenSize(std::size_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) {
        return grouped(bytes >> 20) + " MiB";
    }
    if (bytes >= 1024) {
        return grouped((bytes + 1023) / 1024) + " KiB";
    }
    return grouped(bytes) + " byte";
}

/// The file's type, or InvalidInput naming what is wrong with its name or content.
const AttachmentType& attachmentTypeOf(const std::string& name, const std::string& bytes) {
    if (blank(name)) {
        throw InvalidInput("name", "Hãy ghi tên tệp đính kèm.");
    }
    if (characterCount(name) > 255 || name.find_first_of("/\\") != std::string::npos ||
        name.front() == '.') {
        throw InvalidInput("name", "Tên tệp đính kèm phải là tên tệp (không có thư mục, không "
                                   "bắt đầu bằng dấu chấm, tối đa 255 ký tự).");
    }
    const std::string lower = lowered(name);
    if (endsWith(lower, ".signed.pdf")) {
        throw InvalidInput("name", "Tên tệp đính kèm không được kết thúc bằng .signed.pdf (tên "
                                   "dành cho văn bản chính khi gửi liên thông); hãy đổi tên tệp.");
    }
    for (const auto& type : kAttachmentTypes) {
        if (!endsWith(lower, type.extension)) {
            continue;
        }
        if (bytes.compare(0, type.magic.size(), type.magic) != 0) {
            throw InvalidInput("file", "Tệp \"" + name + "\" không phải tệp " +
                                           std::string(type.extension + 1) +
                                           " đúng định dạng (nội dung không khớp đuôi tệp).");
        }
        return type;
    }
    throw InvalidInput("name", "Chỉ đính kèm được tệp PDF, Word (doc, docx), Excel (xls, xlsx), "
                               "OpenDocument (odt) hoặc tệp nén zip.");
}

} // namespace

void checkCommentText(const std::string& text, std::size_t limit) {
    if (blank(text)) {
        throw InvalidInput("text", "Hãy ghi nội dung ý kiến.");
    }
    if (characterCount(text) > limit) {
        throw InvalidInput("text", "Ý kiến dài quá " + grouped(limit) + " ký tự.");
    }
}

DraftComment OutgoingFlow::addComment(const Actor& actor, Id id, const std::string& text) {
    DraftComment comment;
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        const OutgoingDocument doc = impl_->visible(user, id);
        if (doc.state == DocumentState::Issued) {
            throw Conflict("Văn bản đã phát hành; không góp ý thêm được.");
        }
        checkCommentText(text, impl_->settings.draftLimits.commentCharacters);
        comment.documentId = id;
        comment.authorId = user.id;
        comment.version = doc.version;
        comment.writtenAt = impl_->nowText();
        comment.text = text;
        comment.id = impl_->storage.addDocumentComment(comment);
        impl_->record(user, actor, "comment", id,
                      "góp ý trên phiên bản " + std::to_string(doc.version) + ": " + text);
    });
    return comment;
}

std::vector<DraftComment> OutgoingFlow::comments(const Actor& actor, Id id) const {
    impl_->visible(impl_->current(actor), id);
    return impl_->storage.documentComments(id);
}

VersionComparison OutgoingFlow::compareVersions(const Actor& actor, Id id, int from, int to) const {
    impl_->visible(impl_->current(actor), id);
    const auto versions = impl_->storage.documentVersions(id);
    const auto find = [&](int number) {
        for (const auto& version : versions) {
            if (version.version == number) {
                return version;
            }
        }
        throw NotFound("Văn bản không có phiên bản " + std::to_string(number) + ".");
    };
    const auto before = draftFromJson(find(from).draft);
    const auto after = draftFromJson(find(to).draft);
    const auto signerName = [&](Id signerId) {
        if (signerId == 0) {
            return std::string();
        }
        const auto signer = impl_->storage.findUser(signerId);
        return signer ? signer->fullName : std::to_string(signerId);
    };
    VersionComparison comparison;
    comparison.from = from;
    comparison.to = to;
    comparison.fields =
        compareFields(before, after, signerName(before.signerId), signerName(after.signerId));
    comparison.body = compareWords(before.body, after.body);
    return comparison;
}

LetterAttachment OutgoingFlow::addAttachment(const Actor& actor, Id id, const std::string& name,
                                             const std::string& bytes) {
    const auto& limits = impl_->settings.draftLimits;
    // Bounded before anything is stored.
    if (bytes.empty()) {
        throw InvalidInput("file", "Tệp đính kèm rỗng.");
    }
    if (bytes.size() > limits.attachmentBytes) {
        throw InvalidInput("file", "Tệp \"" + name + "\" lớn " + spokenSize(bytes.size()) +
                                       ", vượt giới hạn " + spokenSize(limits.attachmentBytes) +
                                       " mỗi tệp.");
    }
    const AttachmentType& type = attachmentTypeOf(name, bytes);
    {
        const User user = impl_->current(actor);
        Impl::requireEditor(user, impl_->visible(user, id));
    }
    const std::string blob = impl_->blobs.put(bytes); // on disk before the row
    LetterAttachment attachment;
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        const OutgoingDocument doc = impl_->visible(user, id);
        Impl::requireEditor(user, doc);
        const auto existing = impl_->storage.documentAttachments(id);
        if (existing.size() >= limits.attachments) {
            throw InvalidInput("file", "Văn bản đã có " + grouped(existing.size()) +
                                           " tệp đính kèm, là giới hạn mỗi văn bản.");
        }
        std::size_t total = bytes.size();
        for (const auto& other : existing) {
            total += other.size;
            if (lowered(other.name) == lowered(name)) {
                throw InvalidInput("name", "Văn bản đã có tệp đính kèm tên \"" + other.name +
                                               "\"; hãy bỏ tệp cũ hoặc đổi tên tệp mới.");
            }
        }
        if (total > limits.attachmentsTotalBytes) {
            throw InvalidInput(
                "file", "Các tệp đính kèm cộng lại " + spokenSize(total) + ", vượt giới hạn " +
                            spokenSize(limits.attachmentsTotalBytes) + " mỗi văn bản.");
        }
        attachment.documentId = id;
        attachment.name = name;
        attachment.contentType = type.contentType;
        attachment.size = bytes.size();
        attachment.blob = blob;
        attachment.addedBy = user.id;
        attachment.addedAt = impl_->nowText();
        attachment.id = impl_->storage.addDocumentAttachment(attachment);
        impl_->record(user, actor, "attachment-add", id,
                      name + " (" + spokenSize(bytes.size()) + ", SHA-256 " + blob + ")");
    });
    return attachment;
}

void OutgoingFlow::removeAttachment(const Actor& actor, Id id, Id attachmentId) {
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        const OutgoingDocument doc = impl_->visible(user, id);
        Impl::requireEditor(user, doc);
        std::string name;
        for (const auto& attachment : impl_->storage.documentAttachments(id)) {
            if (attachment.id == attachmentId) {
                name = attachment.name;
            }
        }
        if (name.empty() || !impl_->storage.removeDocumentAttachment(id, attachmentId)) {
            throw NotFound("Văn bản không có tệp đính kèm này.");
        }
        impl_->record(user, actor, "attachment-remove", id, name);
    });
}

std::vector<LetterAttachment> OutgoingFlow::attachments(const Actor& actor, Id id) const {
    impl_->visible(impl_->current(actor), id);
    return impl_->storage.documentAttachments(id);
}

std::pair<LetterAttachment, std::string> OutgoingFlow::attachment(const Actor& actor, Id id,
                                                                  Id attachmentId) const {
    impl_->visible(impl_->current(actor), id);
    for (const auto& attachment : impl_->storage.documentAttachments(id)) {
        if (attachment.id == attachmentId) {
            return {attachment, impl_->blobs.get(attachment.blob)};
        }
    }
    throw NotFound("Văn bản không có tệp đính kèm này.");
}

std::vector<DispatchRecord> OutgoingFlow::recipients(const Actor& actor, Id id) const {
    impl_->visible(impl_->current(actor), id);
    return impl_->dispatch->recipients(id);
}

std::vector<std::string> OutgoingFlow::allowedActions(const Actor& actor,
                                                      const OutgoingDocument& doc) const {
    std::vector<std::string> actions;
    const auto user = currentUser(impl_->storage, actor);
    if (!user || !Impl::canSee(*user, doc)) {
        return actions;
    }
    const bool editable = isOneOf(doc.state, {DocumentState::Draft, DocumentState::Returned});
    if (doc.authorId == user->id && editable) {
        actions.push_back(kActionEdit);
        actions.push_back(kActionSubmit);
    }
    if (user->role == Role::Leader && doc.state == DocumentState::Submitted) {
        actions.push_back(kActionReturn);
        actions.push_back(kActionApprove);
        actions.push_back(kActionEdit); // a leader may edit a submitted draft (III.1n)
    }
    if (user->role == Role::Leader && doc.state == DocumentState::Approved && doc.signerId &&
        *doc.signerId == user->id) {
        actions.push_back(kActionSign);
    }
    if (user->role == Role::Clerk && doc.state == DocumentState::Signed) {
        actions.push_back(kActionIssue);
    }
    return actions;
}

} // namespace vanthu::docmgmt
