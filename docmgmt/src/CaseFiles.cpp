#include "vanthu/docmgmt/CaseFiles.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>

#include "Actors.hpp"
#include "Csv.hpp"
#include "PdfPages.hpp"
#include "vanthu/docmgmt/AdministrationScope.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/DemoData.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/IncomingDocument.hpp"
#include "vanthu/docmgmt/KeyRing.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/templates/CaseFileBook.hpp"
#include "vanthu/templates/DocumentType.hpp"

namespace vanthu::docmgmt {

namespace {

constexpr std::size_t kMaxTitle = 500;       // Title S500
constexpr std::size_t kMaxCode = 20;         // FileNotation S20
constexpr std::size_t kMaxDescription = 500; // Description S500

std::string objectName(Id id) {
    return "casefile/" + std::to_string(id);
}

std::size_t characters(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool manages(const User& user) {
    return user.role == Role::Clerk || user.role == Role::Leader;
}

void requireManager(const User& user) {
    if (!manages(user)) {
        throw Forbidden("Chỉ văn thư hoặc lãnh đạo của cơ quan mới được lập và quản lý hồ sơ.");
    }
}

/// "05/UBND-NV" → {"05", "UBND-NV"}; "753-CV/ĐU" → {"753", "CV/ĐU"}.
std::pair<std::string, std::string> splitNotation(const std::string& notation, int number) {
    std::size_t digits = 0;
    while (digits < notation.size() && notation[digits] >= '0' && notation[digits] <= '9') {
        ++digits;
    }
    if (digits > 0 && digits < notation.size() &&
        (notation[digits] == '/' || notation[digits] == '-')) {
        return {notation.substr(0, digits), notation.substr(digits + 1)};
    }
    return {(number < 10 ? "0" : "") + std::to_string(number), notation};
}

/// The signer's name and title from an outgoing document's JSON.
std::pair<std::string, std::string> signerOf(const std::string& content) {
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        const auto object = parser.parse(content).extract<Poco::JSON::Object::Ptr>();
        const auto signer = object->getObject("signer");
        if (!signer) {
            return {};
        }
        return {signer->optValue<std::string>("name", ""),
                signer->optValue<std::string>("title", "")};
    } catch (const Poco::Exception&) {
        return {};
    }
}

/// Issued outgoing documents of the viewer's office (visible to every member but
/// administrators, docs/access-rules.md).
CaseFiles::Source outgoingSource(Storage& storage) {
    return [&storage](const User& viewer, Id id) -> std::optional<FiledDocument> {
        const auto doc = storage.findDocument(id);
        if (!doc || doc->officeId != viewer.officeId || doc->state != DocumentState::Issued ||
            viewer.role == Role::Administrator) {
            return std::nullopt;
        }
        if (viewer.id != 0 && !canSeeOutgoing(viewer, *doc)) { // limited (id 0: the CLI)
            return std::nullopt;
        }
        const auto office = storage.findOffice(doc->officeId);
        FiledDocument filed;
        filed.kind = kOutgoingKind;
        filed.id = doc->id;
        filed.officeId = doc->officeId;
        std::tie(filed.codeNumber, filed.codeNotation) =
            splitNotation(doc->notation, doc->number.value_or(0));
        filed.issuedDate = doc->issuedDate;
        filed.organName = office ? office->name : "";
        const auto type = templates::findDocumentType(doc->typeCode);
        filed.typeName = type ? type->name : doc->typeCode;
        filed.subject = doc->subject;
        std::tie(filed.signerName, filed.signerPosition) = signerOf(doc->content);
        filed.pdfBlob = archivedBlob(storage, kPreservedOutgoing, doc->id, doc->issuedPdf);
        if (!doc->draft.language.empty()) {
            filed.language = doc->draft.language;
        }
        filed.issuedAmount = doc->draft.issuedAmount;
        filed.description = doc->draft.description;
        filed.dueDate = doc->draft.dueDate;
        return filed;
    };
}

CaseFiles::Source importedSource(Storage& storage) {
    return [&storage](const User& viewer, Id id) -> std::optional<FiledDocument> {
        const auto doc = storage.findImportedDocument(id);
        if (!doc || doc->officeId != viewer.officeId || viewer.role == Role::Administrator) {
            return std::nullopt;
        }
        FiledDocument filed;
        filed.kind = kImportedKind;
        filed.id = doc->id;
        filed.officeId = doc->officeId;
        filed.codeNumber = doc->number;
        filed.codeNotation = doc->notation;
        filed.issuedDate = doc->issuedDate;
        filed.organName = doc->issuer;
        filed.typeName = doc->typeName;
        filed.subject = doc->subject;
        filed.signerName = doc->signer;
        filed.pdfBlob = doc->pdfBlob;
        filed.pageAmount = doc->pages;
        if (!doc->language.empty()) {
            filed.language = doc->language;
        }
        filed.issuedAmount = doc->issuedAmount;
        filed.description = doc->description;
        return filed;
    };
}

/// Registered incoming documents (not those waiting to be registered, nor refused ones) of the
/// viewer's office: the office's record, read in its case files by its members as issued outgoing
/// documents are, except a secret (mật) one, seen only by those who may see it (canSeeIncoming).
CaseFiles::Source incomingSource(Storage& storage) {
    return [&storage](const User& viewer, Id id) -> std::optional<FiledDocument> {
        const auto doc = storage.findIncoming(id);
        if (!doc || doc->officeId != viewer.officeId || viewer.role == Role::Administrator ||
            doc->state == IncomingState::Arrived || doc->state == IncomingState::Refused) {
            return std::nullopt;
        }
        if (viewer.id != 0 && (!doc->secrecy.empty() || doc->access.limited) &&
            !canSeeIncoming(viewer, *doc)) { // id 0: the command line's export
            return std::nullopt;
        }
        int number = 0;
        std::from_chars(doc->number.data(), doc->number.data() + doc->number.size(), number);
        FiledDocument filed;
        filed.kind = kIncomingKind;
        filed.id = doc->id;
        filed.officeId = doc->officeId;
        std::tie(filed.codeNumber, filed.codeNotation) = splitNotation(doc->notation, number);
        filed.issuedDate = doc->issuedDate;
        filed.organName = doc->senderName;
        filed.typeName = doc->typeName;
        filed.subject = doc->subject;
        filed.signerName = doc->signerName;
        filed.signerPosition = doc->signerPosition;
        // The long-term copy (issue 21 item 3) when there is one; the received bytes stay
        // unchanged beside it.
        filed.pdfBlob = archivedBlob(storage, kPreservedIncoming, doc->id, doc->pdf);
        // PageAmount is counted from the PDF when filed (the package's verifier counts it too),
        // not taken from what the sender declared.
        if (!doc->language.empty()) {
            filed.language = doc->language;
        }
        filed.issuedAmount = doc->issuedAmount;
        filed.description = doc->description;
        filed.dueDate = doc->dueDate;
        return filed;
    };
}

} // namespace

CaseFiles::CaseFiles(Storage& storage, BlobStore& blobs, AuditTrail& audit, Clock clock)
    : storage_(storage), blobs_(blobs), audit_(audit), clock_(std::move(clock)),
      sealKeyPassword_(DemoDataOptions{}.keyPassword) {
    if (!clock_) {
        clock_ = systemClock();
    }
    sources_[kOutgoingKind] = outgoingSource(storage_);
    sources_[kImportedKind] = importedSource(storage_);
    sources_[kIncomingKind] = incomingSource(storage_);
}

void CaseFiles::addSource(const std::string& kind, Source source) {
    sources_[kind] = std::move(source);
}

User CaseFiles::current(const Actor& actor) const {
    const auto user = currentUser(storage_, actor);
    if (!user || !user->active) {
        throw Forbidden("Tài khoản của bạn đã bị khóa hoặc không còn; hãy liên hệ quản trị "
                        "hệ thống.");
    }
    if (user->role == Role::Administrator) {
        throw Forbidden("Quản trị hệ thống quản lý người dùng, không xử lý hồ sơ.");
    }
    return *user;
}

CaseFile CaseFiles::visibleFile(const User& user, Id id) const {
    const auto file = storage_.findCaseFile(id);
    if (!file || file->officeId != user.officeId || !caseFileLets(user, *file)) {
        throw NotFound("Không tìm thấy hồ sơ này, hoặc hồ sơ thuộc cơ quan khác.");
    }
    return *file;
}

std::string CaseFiles::archiveDueOn(const std::string& closedOn) {
    if (closedOn.size() < 10) {
        return {};
    }
    const int year = std::stoi(closedOn.substr(0, 4)) + 1;
    std::string monthDay = closedOn.substr(4, 6); // "-MM-DD"
    if (monthDay == "-02-29") {
        monthDay = "-02-28";
    }
    return std::to_string(year) + monthDay;
}

bool CaseFiles::archiveWarning(const CaseFile& file, const std::string& today) {
    if (file.state != CaseFileState::Closed || file.archiveDueOn.size() < 10 || today.size() < 10) {
        return false;
    }
    const auto days = [](const std::string& iso) {
        return vietnamMidnight(std::stoi(iso.substr(0, 4)), std::stoi(iso.substr(5, 2)),
                               std::stoi(iso.substr(8, 2))) /
               86400;
    };
    return days(file.archiveDueOn) - days(today) <= kArchiveWarningDays;
}

void CaseFiles::requireNotFrozen(const CaseFile& file) const {
    if (const auto frozen = storage_.findCaseFileFreeze(file.id)) {
        throw Conflict("Hồ sơ " + file.code + " đang bị phong tỏa theo " + frozen->orderRef +
                       " (từ " + frozen->frozenAt.substr(0, 10) +
                       "): không thay đổi được cho đến khi được gỡ phong tỏa.");
    }
}

namespace {

void requireAdministratorOf(Storage& storage, const Actor& actor, Id officeId) {
    if (actor.user.role != Role::Administrator || !actor.user.active) {
        throw Forbidden("Chỉ quản trị hệ thống phong tỏa hoặc gỡ phong tỏa hồ sơ.");
    }
    if (!AdministrationScope(actor, storage.offices(), storage.users()).covers(officeId)) {
        throw Forbidden("Cơ quan này không thuộc phạm vi quản trị của bạn.");
    }
}

std::string requireOrder(const std::string& orderRef) {
    if (blank(orderRef)) {
        throw InvalidInput("order", "Xin ghi số, ngày của quyết định (lệnh) phong tỏa hoặc gỡ "
                                    "phong tỏa.");
    }
    if (characters(orderRef) > 200) {
        throw InvalidInput("order", "Số, ngày của quyết định ghi không quá 200 ký tự.");
    }
    return orderRef;
}

} // namespace

StaleVersion CaseFiles::staleDescription(const CaseFile& file, int baseVersion) const {
    return audit_.staleSave(
        "Mô tả hồ sơ " + file.code, objectName(file.id),
        [](const AuditRecord& e) { return e.action == "describe"; }, file.version, baseVersion,
        file.updatedAt);
}

CaseFile CaseFiles::describe(const Actor& actor, Id caseFileId, const CaseFileDescription& d) {
    CaseFile file;
    storage_.transaction([&] {
        const User user = current(actor);
        file = visibleFile(user, caseFileId);
        requireManager(user);
        requireNotFrozen(file);
        if (file.state == CaseFileState::Closed) {
            throw Conflict("Hồ sơ " + file.code + " đã đóng, không sửa được nữa.");
        }
        if (d.baseVersion && *d.baseVersion != file.version) {
            throw staleDescription(file, *d.baseVersion);
        }
        if (d.rights != "Công khai" && d.rights != "Hạn chế") {
            throw InvalidInput("rights", "Chế độ sử dụng (Rights) là “Công khai” hoặc “Hạn chế”.");
        }
        if (blank(d.language) || characters(d.language) > 30) {
            throw InvalidInput("language", "Ngôn ngữ ghi từ 1 đến 30 ký tự.");
        }
        if (characters(d.description) > kMaxDescription) {
            throw InvalidInput("description", "Chú giải hồ sơ dài không quá 500 ký tự.");
        }
        if (d.responsibleId) {
            const auto person = storage_.findUser(*d.responsibleId);
            if (!person || person->officeId != file.officeId || !person->active) {
                throw InvalidInput("responsibleId",
                                   "Người lập hồ sơ phải là người đang làm việc ở cơ quan.");
            }
        }
        file.rights = d.rights;
        file.language = d.language;
        file.description = d.description;
        file.responsibleId = d.responsibleId;
        file.version += 1;
        file.updatedAt = vietnamTimestamp(clock_());
        storage_.updateCaseFile(file);
        audit_.record({user.id, user.username, "describe", objectName(file.id), actor.address,
                       file.rights + ", " + file.language});
    });
    return file;
}

CaseFileFreeze CaseFiles::freeze(const Actor& admin, Id officeId, const std::string& code, int year,
                                 const std::string& orderRef) {
    CaseFileFreeze freeze;
    storage_.transaction([&] {
        requireAdministratorOf(storage_, admin, officeId);
        requireOrder(orderRef);
        std::optional<CaseFile> found;
        for (const auto& file : storage_.caseFiles(officeId)) {
            if (file.code == code && file.year == year) {
                found = file;
            }
        }
        if (!found) {
            throw NotFound("Cơ quan không có hồ sơ " + code + " năm " + std::to_string(year) + ".");
        }
        if (const auto frozen = storage_.findCaseFileFreeze(found->id)) {
            throw Conflict("Hồ sơ " + code + " đã bị phong tỏa theo " + frozen->orderRef + ".");
        }
        freeze.caseFileId = found->id;
        freeze.orderRef = orderRef;
        freeze.frozenBy = admin.user.id;
        freeze.frozenAt = vietnamTimestamp(clock_());
        storage_.addCaseFileFreeze(freeze);
        audit_.record({admin.user.id, admin.user.username, "freeze", objectName(found->id),
                       admin.address, orderRef});
        freeze = *storage_.findCaseFileFreeze(found->id);
    });
    return freeze;
}

void CaseFiles::unfreeze(const Actor& admin, Id caseFileId, const std::string& orderRef) {
    storage_.transaction([&] {
        const auto file = storage_.findCaseFile(caseFileId);
        if (!file) {
            throw NotFound("Không tìm thấy hồ sơ này.");
        }
        requireAdministratorOf(storage_, admin, file->officeId);
        requireOrder(orderRef);
        if (!storage_.findCaseFileFreeze(caseFileId)) {
            throw Conflict("Hồ sơ " + file->code + " không bị phong tỏa.");
        }
        storage_.removeCaseFileFreeze(caseFileId);
        audit_.record({admin.user.id, admin.user.username, "unfreeze", objectName(caseFileId),
                       admin.address, orderRef});
    });
}

std::vector<CaseFileFreeze> CaseFiles::freezes(const Actor& admin, Id officeId) const {
    requireAdministratorOf(storage_, admin, officeId);
    return storage_.caseFileFreezes(officeId);
}

CaseFileView CaseFiles::view(const CaseFile& file) const {
    CaseFileView out;
    out.file = file;
    if (file.responsibleId) {
        if (const auto user = storage_.findUser(*file.responsibleId)) {
            out.responsibleName = user->fullName;
        }
    }
    out.handover = storage_.findCaseFileHandover(file.id);
    out.frozen = storage_.findCaseFileFreeze(file.id);
    out.historical = storage_.findCaseFileTransfer(file.id);
    out.archiveWarning = !out.handover && archiveWarning(file, vietnamDate(clock_()).iso());
    return out;
}

FileListEntry CaseFiles::addListEntry(const Actor& actor, FileListEntry entry) {
    storage_.transaction([&] {
        const User user = current(actor);
        requireManager(user);
        entry.officeId = user.officeId;
        if (entry.year == 0) {
            entry.year = vietnamDate(clock_()).year;
        }
        if (entry.year < 1900 || entry.year > 9999) {
            throw InvalidInput("year", "Năm của danh mục hồ sơ phải từ 1900 đến 9999.");
        }
        if (blank(entry.code) || characters(entry.code) > kMaxCode) {
            throw InvalidInput("code", "Số và ký hiệu hồ sơ phải có, dài không quá 20 ký tự.");
        }
        if (blank(entry.title) || characters(entry.title) > kMaxTitle) {
            throw InvalidInput("title", "Tiêu đề hồ sơ phải có, dài không quá 500 ký tự.");
        }
        const auto retention = parseRetention(entry.retention);
        if (!retention) {
            throw InvalidInput("retention", "Thời hạn bảo quản ghi là \"10 năm\", \"20 năm\" hoặc "
                                            "\"vĩnh viễn\".");
        }
        entry.retention = retention->text();
        if (entry.responsibleId) {
            const auto responsible = storage_.findUser(*entry.responsibleId);
            if (!responsible || responsible->officeId != user.officeId || !responsible->active) {
                throw InvalidInput("responsibleId",
                                   "Người lập hồ sơ phải là người đang làm việc của cơ quan.");
            }
        }
        entry.id = storage_.addFileListEntry(entry);
        audit_.record({user.id, user.username, "create", "filelist/" + std::to_string(entry.id),
                       actor.address,
                       std::to_string(entry.year) + " " + entry.code + ": " + entry.title});
    });
    return entry;
}

std::vector<FileListEntry> CaseFiles::fileList(const Actor& actor, int year) const {
    return storage_.fileList(current(actor).officeId, year);
}

CaseFile CaseFiles::open(const Actor& actor, Id listEntryId, const std::string& description) {
    CaseFile file;
    storage_.transaction([&] {
        const User user = current(actor);
        const auto entry = storage_.findFileListEntry(listEntryId);
        if (!entry || entry->officeId != user.officeId) {
            throw NotFound("Không tìm thấy mục này trong danh mục hồ sơ của cơ quan.");
        }
        requireManager(user);
        if (characters(description) > kMaxDescription) {
            throw InvalidInput("description", "Chú giải hồ sơ dài không quá 500 ký tự.");
        }
        file.officeId = user.officeId;
        file.listEntryId = entry->id;
        file.year = entry->year;
        file.code = entry->code;
        file.title = entry->title;
        file.retention = entry->retention;
        file.responsibleId = entry->responsibleId;
        file.description = description;
        file.state = CaseFileState::Open;
        file.createdBy = user.id;
        file.createdAt = file.updatedAt = vietnamTimestamp(clock_());
        file.id = storage_.addCaseFile(file);
        audit_.record({user.id, user.username, "create", objectName(file.id), actor.address,
                       file.code + ": " + file.title});
    });
    return file;
}

CaseFile CaseFiles::addDocument(const Actor& actor, Id caseFileId, const std::string& kind,
                                Id documentId) {
    CaseFile file;
    storage_.transaction([&] {
        const User user = current(actor);
        file = visibleFile(user, caseFileId);
        requireManager(user);
        requireNotFrozen(file);
        const auto source = sources_.find(kind);
        if (source == sources_.end()) {
            throw InvalidInput("kind", "Loại văn bản \"" + kind +
                                           "\" không đưa vào hồ sơ được (outgoing, incoming, "
                                           "imported).");
        }
        const auto document = source->second(user, documentId);
        if (!document) {
            throw NotFound("Không tìm thấy văn bản " + kind + "/" + std::to_string(documentId) +
                           " của cơ quan (văn bản đi phải đã phát hành).");
        }
        if (file.state == CaseFileState::Closed) {
            throw Conflict("Hồ sơ " + file.code + " đã đóng, không thêm văn bản được.");
        }
        const auto items = storage_.caseFileItems(file.id);
        for (const auto& held : items) {
            if (held.kind == kind && held.documentId == documentId) {
                throw Conflict("Văn bản này đã có trong hồ sơ " + file.code + ".");
            }
        }
        CaseFileItem item;
        item.caseFileId = file.id;
        item.kind = kind;
        item.documentId = documentId;
        item.ordinal = items.empty() ? 1 : items.back().ordinal + 1;
        item.addedBy = user.id;
        item.addedAt = vietnamTimestamp(clock_());
        storage_.addCaseFileItem(item);
        file.docTotal = static_cast<int>(items.size()) + 1;
        file.updatedAt = item.addedAt;
        storage_.updateCaseFile(file);
        audit_.record({user.id, user.username, "add-document", objectName(file.id), actor.address,
                       kind + "/" + std::to_string(documentId)});
    });
    return file;
}

CaseFile CaseFiles::removeDocument(const Actor& actor, Id caseFileId, const std::string& kind,
                                   Id documentId) {
    CaseFile file;
    storage_.transaction([&] {
        const User user = current(actor);
        file = visibleFile(user, caseFileId);
        requireManager(user);
        requireNotFrozen(file);
        if (file.state == CaseFileState::Closed) {
            throw Conflict("Hồ sơ " + file.code + " đã đóng, không rút văn bản ra được.");
        }
        if (!storage_.removeCaseFileItem(file.id, kind, documentId)) {
            throw NotFound("Hồ sơ " + file.code + " không có văn bản " + kind + "/" +
                           std::to_string(documentId) + ".");
        }
        file.docTotal = static_cast<int>(storage_.caseFileItems(file.id).size());
        file.updatedAt = vietnamTimestamp(clock_());
        storage_.updateCaseFile(file);
        audit_.record({user.id, user.username, "remove-document", objectName(file.id),
                       actor.address, kind + "/" + std::to_string(documentId)});
    });
    return file;
}

std::vector<FiledDocument> CaseFiles::resolveAll(const User& viewer, const CaseFile& file,
                                                 bool forArchive) const {
    std::vector<FiledDocument> out;
    for (const auto& item : storage_.caseFileItems(file.id)) {
        const auto source = sources_.find(item.kind);
        std::optional<FiledDocument> doc;
        if (source != sources_.end()) {
            doc = source->second(viewer, item.documentId);
        }
        if (!doc) {
            throw NotFound("Hồ sơ " + file.code + " có văn bản " + item.kind + "/" +
                           std::to_string(item.documentId) + " nay không còn đọc được.");
        }
        if (doc->pageAmount == 0 && !doc->pdfBlob.empty()) {
            try {
                doc->pageAmount = pdfPageCount(blobs_.get(doc->pdfBlob));
            } catch (const std::runtime_error& e) { // NotAPdf (kept before uploads were opened,
                                                    // issue 19), CorruptBlob
                if (!forArchive) {
                    out.push_back(std::move(*doc));
                    continue;
                }
                throw Conflict("Hồ sơ " + file.code + " có văn bản " + item.kind + "/" +
                               std::to_string(item.documentId) + " \"" + doc->subject +
                               "\" có tệp PDF không đọc được (" + e.what() +
                               "); hãy rút văn bản này khỏi hồ sơ rồi làm lại.");
            }
        }
        doc->extra = storage_.metadataValues(item.kind, item.documentId);
        out.push_back(std::move(*doc));
    }
    return out;
}

CaseFile CaseFiles::close(const Actor& actor, Id caseFileId) {
    CaseFile file;
    storage_.transaction([&] {
        const User user = current(actor);
        file = visibleFile(user, caseFileId);
        requireManager(user);
        requireNotFrozen(file);
        if (file.state == CaseFileState::Closed) {
            throw Conflict("Hồ sơ " + file.code + " đã đóng rồi.");
        }
        const auto docs = resolveAll(user, file);
        if (docs.empty()) {
            throw Conflict("Hồ sơ " + file.code + " chưa có văn bản nào; không đóng được.");
        }
        file.docTotal = static_cast<int>(docs.size());
        file.pageTotal = 0;
        file.startDate = file.endDate = docs.front().issuedDate;
        for (const auto& doc : docs) {
            file.pageTotal += doc.pageAmount;
            file.startDate = std::min(file.startDate, doc.issuedDate);
            file.endDate = std::max(file.endDate, doc.issuedDate);
        }
        const std::int64_t now = clock_();
        file.state = CaseFileState::Closed;
        file.closedAt = file.updatedAt = vietnamTimestamp(now);
        file.archiveDueOn = archiveDueOn(vietnamDate(now).iso());
        storage_.updateCaseFile(file);
        audit_.record({user.id, user.username, "close", objectName(file.id), actor.address,
                       std::to_string(file.docTotal) + " văn bản, " +
                           std::to_string(file.pageTotal) + " trang, " + file.startDate + " – " +
                           file.endDate});
    });
    return file;
}

CaseFileView CaseFiles::caseFile(const Actor& actor, Id id) const {
    return view(visibleFile(current(actor), id));
}

std::vector<CaseFileView> CaseFiles::list(const Actor& actor) const {
    std::vector<CaseFileView> out;
    const User user = current(actor);
    for (const auto& file : storage_.caseFiles(user.officeId)) {
        if (caseFileLets(user, file)) {
            out.push_back(view(file));
        }
    }
    return out;
}

std::vector<FiledDocument> CaseFiles::documents(const Actor& actor, Id caseFileId) const {
    const User user = current(actor);
    return resolveAll(user, visibleFile(user, caseFileId), false);
}

std::vector<CaseFile> CaseFiles::holdings(const Actor& actor, const std::string& kind,
                                          Id documentId) const {
    std::vector<CaseFile> out;
    const auto user = currentUser(storage_, actor);
    if (!user || !user->active || user->role == Role::Administrator) {
        return out;
    }
    for (const Id holder : storage_.caseFilesHolding(kind, documentId)) {
        auto file = storage_.findCaseFile(holder);
        if (file && file->officeId == user->officeId && caseFileLets(*user, *file)) {
            out.push_back(std::move(*file));
        }
    }
    return out;
}

std::vector<CaseFileView> CaseFiles::dueForArchive(const Actor& actor) const {
    auto all = list(actor);
    std::erase_if(all, [](const CaseFileView& v) { return !v.archiveWarning; });
    return all;
}

std::vector<FiledDocument> CaseFiles::inDateOrder(const User& viewer, const CaseFile& file) const {
    auto docs = resolveAll(viewer, file);
    std::stable_sort(docs.begin(), docs.end(), [](const FiledDocument& a, const FiledDocument& b) {
        return a.issuedDate < b.issuedDate;
    });
    return docs;
}

namespace {

/// The file's dates and totals as they stand (a closed file's are fixed when it closed).
CaseFile withTotals(CaseFile file, const std::vector<FiledDocument>& docs) {
    if (file.state == CaseFileState::Closed || docs.empty()) {
        return file;
    }
    file.docTotal = static_cast<int>(docs.size());
    file.pageTotal = 0;
    file.startDate = docs.front().issuedDate;
    file.endDate = docs.back().issuedDate;
    for (const auto& doc : docs) {
        file.pageTotal += doc.pageAmount;
    }
    return file;
}

std::string notationOf(const FiledDocument& doc) {
    return doc.codeNumber.empty() ? doc.codeNotation : doc.codeNumber + "/" + doc.codeNotation;
}

} // namespace

std::string CaseFiles::exportPdf(const Actor& actor, Id caseFileId) const {
    const User user = current(actor);
    const CaseFile stored = visibleFile(user, caseFileId);
    const auto docs = inDateOrder(user, stored);
    if (docs.empty()) {
        throw Conflict("Hồ sơ " + stored.code + " chưa có văn bản nào để xuất.");
    }
    const CaseFile file = withTotals(stored, docs);
    templates::CaseFileBook book;
    if (const auto office = storage_.findOffice(file.officeId)) {
        book.organName = office->name;
    }
    book.heading = "MỤC LỤC VĂN BẢN";
    book.title = "Hồ sơ " + file.code + " — " + file.title;
    book.fileInfo.push_back("Hồ sơ số " + file.code + " (năm " + std::to_string(file.year) +
                            "): " + file.title);
    book.fileInfo.push_back("Thời gian: " + csv::writtenDate(file.startDate) + " – " +
                            csv::writtenDate(file.endDate) + "; " + std::to_string(file.docTotal) +
                            " văn bản, " + std::to_string(file.pageTotal) +
                            " trang; thời hạn bảo quản: " + file.retention);
    for (const auto& doc : docs) {
        book.documents.push_back({doc.codeNumber, doc.codeNotation,
                                  csv::writtenDate(doc.issuedDate), doc.subject,
                                  blobs_.get(doc.pdfBlob)});
    }
    std::string pdf;
    try {
        pdf = templates::writeCaseFileBook(book).pdf;
    } catch (const templates::BookDocumentUnreadable& e) {
        const auto& doc = docs[e.index()];
        throw Conflict("Hồ sơ " + file.code + " có văn bản " + notationOf(doc) + " \"" +
                       doc.subject + "\" có tệp PDF không ghép được (" + e.what() + ").");
    }
    storage_.transaction([&] {
        audit_.record({user.id, user.username, "export-pdf", objectName(file.id), actor.address,
                       std::to_string(docs.size()) + " văn bản, SHA-256 " + sha256Hex(pdf)});
    });
    return pdf;
}

std::string CaseFiles::exportMetadataXml(const Actor& actor, Id caseFileId) const {
    const User user = current(actor);
    const CaseFile stored = visibleFile(user, caseFileId);
    const auto docs = inDateOrder(user, stored);
    PackageContents contents;
    contents.file = withTotals(stored, docs);
    if (const auto office = storage_.findOffice(stored.officeId)) {
        contents.organId = office->code;
        contents.organName = office->name;
    }
    if (stored.responsibleId) {
        if (const auto responsible = storage_.findUser(*stored.responsibleId)) {
            contents.creator = responsible->fullName;
        }
    }
    contents.exportedAt = vietnamTimestamp(clock_());
    for (const auto& doc : docs) {
        contents.documents.push_back({doc, {}});
    }
    return caseFileMetadataXml(contents);
}

std::string CaseFiles::documentIndexCsv(const Actor& actor, Id caseFileId) const {
    const User user = current(actor);
    const CaseFile file = visibleFile(user, caseFileId);
    std::string out = csv::kBom;
    out += "STT,Số và ký hiệu,Ngày,Tác giả (cơ quan ban hành),Loại,Trích yếu nội dung,Số trang,"
           "Ghi chú\r\n";
    int ordinal = 0;
    for (const auto& doc : inDateOrder(user, file)) {
        out += std::to_string(++ordinal) + "," + csv::field(notationOf(doc)) + "," +
               csv::field(csv::writtenDate(doc.issuedDate)) + "," + csv::field(doc.organName) +
               "," + csv::field(doc.typeName) + "," + csv::field(doc.subject) + "," +
               std::to_string(doc.pageAmount) + "," + csv::field(doc.kind) + "\r\n";
    }
    return out;
}

std::string CaseFiles::fileIndexCsv(const Actor& actor, int year) const {
    std::string out = csv::kBom;
    out += "STT,Số và ký hiệu hồ sơ,Tiêu đề hồ sơ,Thời gian bắt đầu,Thời gian kết thúc,"
           "Thời hạn bảo quản,Người lập hồ sơ,Số văn bản,Số trang,Trạng thái,Nộp lưu\r\n";
    std::vector<CaseFileView> files = list(actor);
    std::erase_if(files, [year](const CaseFileView& v) { return v.file.year != year; });
    std::sort(files.begin(), files.end(), [](const CaseFileView& a, const CaseFileView& b) {
        return a.file.code < b.file.code;
    });
    int ordinal = 0;
    for (const auto& v : files) {
        const auto& f = v.file;
        out += std::to_string(++ordinal) + "," + csv::field(f.code) + "," + csv::field(f.title) +
               "," + csv::field(csv::writtenDate(f.startDate)) + "," +
               csv::field(csv::writtenDate(f.endDate)) + "," + csv::field(f.retention) + "," +
               csv::field(v.responsibleName) + "," + std::to_string(f.docTotal) + "," +
               std::to_string(f.pageTotal) + "," +
               (f.state == CaseFileState::Closed ? "Đã đóng" : "Đang mở") + "," +
               csv::field(v.handover ? csv::writtenDate(v.handover->handedAt) : "") + "\r\n";
    }
    return out;
}

CaseFileHandover CaseFiles::handOver(const Actor& actor, Id caseFileId,
                                     const std::string& receiver) {
    const User user = current(actor);
    const CaseFile file = visibleFile(user, caseFileId);
    requireManager(user);
    requireNotFrozen(file);
    if (characters(receiver) > 200) {
        throw InvalidInput("receiver", "Người nhận ở lưu trữ cơ quan ghi không quá 200 ký tự.");
    }
    if (storage_.findCaseFileHandover(file.id)) {
        throw Conflict("Hồ sơ " + file.code + " đã nộp lưu rồi.");
    }
    const std::string package = buildPackage(file, resolveAll(user, file)); // Conflict if open
    CaseFileHandover handover;
    handover.caseFileId = file.id;
    handover.handedBy = user.id;
    handover.handedAt = vietnamTimestamp(clock_());
    handover.packageSha256 = blobs_.put(package);
    handover.receiver = receiver;
    storage_.transaction([&] {
        storage_.addCaseFileHandover(handover);
        audit_.record({user.id, user.username, "handover", objectName(file.id), actor.address,
                       "nộp lưu vào lưu trữ cơ quan" +
                           (receiver.empty() ? std::string() : " (người nhận: " + receiver + ")") +
                           ", gói SHA-256 " + handover.packageSha256});
    });
    handover.handedByName = user.fullName;
    return handover;
}

CaseFileHandover CaseFiles::transferToHistorical(const Actor& actor, Id caseFileId,
                                                 const std::string& receiver) {
    CaseFileHandover transfer;
    storage_.transaction([&] {
        const User user = current(actor);
        const CaseFile file = visibleFile(user, caseFileId);
        requireManager(user);
        requireNotFrozen(file);
        if (characters(receiver) > 200) {
            throw InvalidInput("receiver", "Người nhận ở lưu trữ lịch sử ghi không quá 200 ký tự.");
        }
        const auto handover = storage_.findCaseFileHandover(file.id);
        if (!handover) {
            throw Conflict("Hồ sơ " + file.code +
                           " chưa nộp vào lưu trữ cơ quan; nộp lưu cơ quan trước.");
        }
        const auto retention = parseRetention(file.retention);
        if (!retention || retention->years) {
            throw Conflict("Chỉ hồ sơ bảo quản vĩnh viễn mới nộp vào lưu trữ lịch sử (hồ sơ " +
                           file.code + ": " + file.retention + ").");
        }
        if (storage_.findCaseFileTransfer(file.id)) {
            throw Conflict("Hồ sơ " + file.code + " đã nộp vào lưu trữ lịch sử rồi.");
        }
        transfer.caseFileId = file.id;
        transfer.handedBy = user.id;
        transfer.handedAt = vietnamTimestamp(clock_());
        transfer.packageSha256 = handover->packageSha256; // the package as sealed and kept
        transfer.receiver = receiver;
        storage_.addCaseFileTransfer(transfer);
        audit_.record({user.id, user.username, "transfer-historical", objectName(file.id),
                       actor.address,
                       "nộp vào lưu trữ lịch sử" +
                           (receiver.empty() ? std::string() : " (người nhận: " + receiver + ")") +
                           ", gói SHA-256 " + transfer.packageSha256});
        transfer.handedByName = user.fullName;
    });
    return transfer;
}

int CaseFiles::sendArchiveNotices() {
    int sent = 0;
    const std::string today = vietnamDate(clock_()).iso();
    for (const auto& office : storage_.offices()) {
        for (const auto& file : storage_.caseFiles(office.id)) {
            if (!archiveWarning(file, today) || storage_.findCaseFileHandover(file.id)) {
                continue;
            }
            std::vector<Id> recipients;
            if (file.responsibleId) {
                recipients.push_back(*file.responsibleId);
            }
            for (const auto& user : storage_.users(office.id)) {
                if (user.active && user.role == Role::Clerk &&
                    std::find(recipients.begin(), recipients.end(), user.id) == recipients.end()) {
                    recipients.push_back(user.id);
                }
            }
            storage_.transaction([&] {
                std::string names;
                for (const Id userId : recipients) {
                    const auto user = storage_.findUser(userId);
                    if (!user || !user->active) {
                        continue;
                    }
                    CaseFileNotice notice;
                    notice.caseFileId = file.id;
                    notice.userId = userId;
                    notice.officeId = office.id;
                    notice.dueOn = file.archiveDueOn;
                    notice.sentAt = vietnamTimestamp(clock_());
                    if (storage_.addCaseFileNotice(notice)) {
                        ++sent;
                        names += (names.empty() ? "" : ", ") + user->username;
                    }
                }
                if (!names.empty()) {
                    audit_.record({std::nullopt, "hệ thống", "archive-notice", objectName(file.id),
                                   "", "hạn nộp lưu " + file.archiveDueOn + "; đã báo: " + names});
                }
            });
        }
    }
    return sent;
}

std::vector<CaseFileNotice> CaseFiles::notices(const Actor& actor, bool unreadOnly) const {
    return storage_.caseFileNotices(current(actor).id, unreadOnly);
}

void CaseFiles::markNoticeRead(const Actor& actor, Id noticeId) {
    const User user = current(actor);
    if (!storage_.markCaseFileNoticeRead(noticeId, user.id, vietnamTimestamp(clock_()))) {
        throw NotFound("Không có thông báo này, hoặc bạn đã đánh dấu đã đọc.");
    }
}

std::string CaseFiles::buildPackage(const CaseFile& file,
                                    const std::vector<FiledDocument>& docs) const {
    if (file.state != CaseFileState::Closed) {
        throw Conflict("Chỉ xuất gói nộp lưu được cho hồ sơ đã đóng; hãy đóng hồ sơ " + file.code +
                       " trước.");
    }
    PackageContents contents;
    contents.file = file;
    std::unique_ptr<signing::SigningKey> seal;
    if (const auto office = storage_.findOffice(file.officeId)) {
        contents.organId = office->code;
        contents.organName = office->name;
        if (keys_ && (keys_->sealOf(office->id) || !office->sealKey.empty())) {
            seal = keys_->checkedSealKey(*office);
        } else if (!office->sealKey.empty()) {
            seal = signing::Pkcs12Key::fromFile(office->sealKey, sealKeyPassword_);
        }
    }
    if (!seal) {
        throw Conflict("Máy chủ chưa có khóa con dấu của cơ quan nên không đóng dấu được gói nộp "
                       "lưu; hãy báo quản trị hệ thống.");
    }
    contents.seal = seal.get();
    if (file.responsibleId) {
        if (const auto user = storage_.findUser(*file.responsibleId)) {
            contents.creator = user->fullName;
        }
    }
    contents.exportedAt = vietnamTimestamp(clock_());
    for (const auto& doc : docs) {
        PackageDocument entry{doc, blobs_.get(doc.pdfBlob), {}};
        if (doc.kind == kOutgoingKind) { // an outgoing letter's attachments, frozen at issue
            for (const auto& file : storage_.documentAttachments(doc.id)) {
                entry.attachments.push_back({file.name, blobs_.get(file.blob)});
            }
        }
        contents.documents.push_back(std::move(entry));
    }
    return writeArchivePackage(contents);
}

std::string CaseFiles::exportPackage(const Actor& actor, Id caseFileId) const {
    const User user = current(actor);
    const CaseFile file = visibleFile(user, caseFileId);
    requireManager(user);
    const auto handover = storage_.findCaseFileHandover(file.id);
    const std::string package =
        handover ? blobs_.get(handover->packageSha256) : buildPackage(file, resolveAll(user, file));
    storage_.transaction([&] {
        audit_.record({user.id, user.username, "export", objectName(file.id), actor.address,
                       "gói nộp lưu SHA-256 " + sha256Hex(package)});
    });
    return package;
}

std::string CaseFiles::exportPackage(const std::string& fileCode, const std::string& officeCode,
                                     std::optional<int> year) const {
    std::vector<CaseFile> matches;
    for (const auto& office : storage_.offices()) {
        if (!officeCode.empty() && office.code != officeCode) {
            continue;
        }
        for (const auto& file : storage_.caseFiles(office.id)) {
            if (file.code == fileCode && (!year || file.year == *year)) {
                matches.push_back(file);
            }
        }
    }
    if (matches.empty()) {
        throw NotFound("Không có hồ sơ số " + fileCode + " nào trong thư mục dữ liệu này.");
    }
    if (matches.size() > 1) {
        throw InvalidInput("file", "Có " + std::to_string(matches.size()) + " hồ sơ số " +
                                       fileCode + "; hãy ghi thêm --office và --year.");
    }
    const CaseFile& file = matches.front();
    User viewer; // the command line reads as the office's clerk would
    viewer.officeId = file.officeId;
    viewer.role = Role::Clerk;
    const std::string package = buildPackage(file, resolveAll(viewer, file));
    storage_.transaction([&] {
        audit_.record({std::nullopt, "cli", "export", objectName(file.id), "",
                       "gói nộp lưu SHA-256 " + sha256Hex(package)});
    });
    return package;
}

} // namespace vanthu::docmgmt
