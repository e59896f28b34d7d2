#include "http/CaseFileHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Backend.hpp"
#include "http/Json.hpp"
#include "http/Paging.hpp"
#include "http/SecretAccessRoutes.hpp"
#include "vanthu/docmgmt/CaseFiles.hpp"

namespace vanthu::http {

namespace {

using Poco::JSON::Object;

Object::Ptr listEntryJson(const docmgmt::FileListEntry& e) {
    auto o = newObject();
    o->set("id", e.id);
    o->set("year", e.year);
    o->set("code", e.code);
    o->set("title", e.title);
    o->set("retention", e.retention);
    o->set("responsibleId",
           e.responsibleId ? Poco::Dynamic::Var(*e.responsibleId) : Poco::Dynamic::Var());
    o->set("note", e.note);
    return o;
}

Object::Ptr caseFileJson(const docmgmt::CaseFileView& v) {
    const auto& f = v.file;
    auto o = newObject();
    o->set("id", f.id);
    o->set("year", f.year);
    o->set("code", f.code);
    o->set("title", f.title);
    o->set("retention", f.retention);
    o->set("responsibleId",
           f.responsibleId ? Poco::Dynamic::Var(*f.responsibleId) : Poco::Dynamic::Var());
    o->set("responsibleName", v.responsibleName);
    o->set("rights", f.rights);
    o->set("language", f.language);
    o->set("description", f.description);
    o->set("state", docmgmt::toString(f.state));
    o->set("startDate", f.startDate);
    o->set("endDate", f.endDate);
    o->set("docTotal", f.docTotal);
    o->set("pageTotal", f.pageTotal);
    o->set("closedAt", f.closedAt);
    o->set("archiveDueOn", f.archiveDueOn);
    o->set("archiveWarning", v.archiveWarning);
    o->set("createdAt", f.createdAt);
    return o;
}

Object::Ptr filedJson(const docmgmt::FiledDocument& d, int ordinal) {
    auto o = newObject();
    o->set("ordinal", ordinal);
    o->set("kind", d.kind);
    o->set("id", d.id);
    o->set("codeNumber", d.codeNumber);
    o->set("codeNotation", d.codeNotation);
    o->set("issuedDate", d.issuedDate);
    o->set("organName", d.organName);
    o->set("typeName", d.typeName);
    o->set("subject", d.subject);
    o->set("signerName", d.signerName);
    o->set("pageAmount", d.pageAmount);
    return o;
}

} // namespace

Poco::Dynamic::Var holdingCaseFileJson(Backend& backend, const Actor& actor,
                                       const std::string& kind, Id documentId) {
    auto* files = backend.caseFiles();
    const auto file = files ? files->holding(actor, kind, documentId) : std::nullopt;
    if (!file) {
        return {}; // JSON null
    }
    auto o = newObject();
    o->set("id", file->id);
    o->set("code", file->code);
    o->set("title", file->title);
    o->set("state", docmgmt::toString(file->state));
    return o;
}

docmgmt::CaseFiles& CaseFileHandler::caseFiles() {
    auto* files = context_.backend.caseFiles();
    if (!files) {
        throw ApiError::notFound("Máy chủ này không quản lý hồ sơ.");
    }
    return *files;
}

void CaseFileHandler::fileList(Exchange& exchange) {
    if (exchange.segments.size() != 2) {
        throw ApiError::notFound("Không có gì ở địa chỉ này.");
    }
    if (exchange.method == "GET") {
        const auto year = exchange.integerParam("year");
        const int wanted =
            year ? static_cast<int>(*year) : docmgmt::vietnamDate(docmgmt::systemClock()()).year;
        auto array = newArray();
        for (const auto& entry : caseFiles().fileList(exchange.actor(), wanted)) {
            array->add(listEntryJson(entry));
        }
        sendList(exchange, array);
        return;
    }
    if (exchange.method != "POST") {
        throw ApiError::methodNotAllowed();
    }
    const auto body = exchange.json({
        {"year", FieldKind::Integer},
        {"code"},
        {"title"},
        {"retention"},
        {"responsibleId", FieldKind::Integer},
        {"note", FieldKind::Lines},
    });
    docmgmt::FileListEntry entry;
    entry.year = static_cast<int>(optionalInteger(body, "year").value_or(0));
    entry.code = requireString(body, "code");
    entry.title = requireString(body, "title");
    entry.retention = requireString(body, "retention");
    entry.responsibleId = optionalInteger(body, "responsibleId");
    entry.note = optionalString(body, "note");
    sendJson(exchange.response, 201,
             listEntryJson(caseFiles().addListEntry(exchange.actor(), entry)));
}

void CaseFileHandler::package(Exchange& exchange, Id id) {
    const auto view = caseFiles().caseFile(exchange.actor(), id);
    const auto actor = exchange.actor();
    auto& files = caseFiles();
    const std::string bytes = longWork([&] { return files.exportPackage(actor, id); });
    auto& response = exchange.response;
    response.setContentType("application/zip");
    std::string name;
    for (const char c : view.file.code) { // the code as a safe file name
        name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
    }
    response.set("Content-Disposition", "attachment; filename=\"ho-so-" + name + "-" +
                                            std::to_string(view.file.year) + ".zip\"");
    response.setContentLength64(static_cast<Poco::Int64>(bytes.size()));
    response.send().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void CaseFileHandler::serve(Exchange& exchange) {
    const auto& segments = exchange.segments;
    if (segments[1] == "file-list") {
        fileList(exchange);
        return;
    }
    auto& files = caseFiles();
    const auto actor = exchange.actor();
    if (segments.size() == 2) {
        if (exchange.method == "GET") {
            auto array = newArray();
            for (const auto& view : files.list(actor)) {
                array->add(caseFileJson(view));
            }
            sendList(exchange, array);
            return;
        }
        if (exchange.method != "POST") {
            throw ApiError::methodNotAllowed();
        }
        const auto body =
            exchange.json({{"listEntryId", FieldKind::Integer}, {"description", FieldKind::Lines}});
        const auto file = files.open(actor, requireInteger(body, "listEntryId"),
                                     optionalString(body, "description"));
        sendJson(exchange.response, 201, caseFileJson(files.caseFile(actor, file.id)));
        return;
    }
    const Id id = exchange.idAt(2);
    if (segments.size() == 3) {
        if (exchange.method != "GET") {
            throw ApiError::methodNotAllowed();
        }
        auto object = caseFileJson(files.caseFile(actor, id));
        auto documents = newArray();
        int ordinal = 0;
        for (const auto& doc : files.documents(actor, id)) {
            documents->add(filedJson(doc, ++ordinal));
        }
        object->set("documents", documents);
        sendJson(exchange.response, 200, object);
        return;
    }
    if (serveAccess(exchange, context_.backend, "casefile/" + std::to_string(id))) {
        return;
    }
    const std::string& action = segments[3];
    if (segments.size() != 4) {
        throw ApiError::notFound("Không có gì ở địa chỉ này.");
    }
    if (action == "package") {
        if (exchange.method != "GET") {
            throw ApiError::methodNotAllowed();
        }
        package(exchange, id);
        return;
    }
    if (exchange.method != "POST") {
        throw ApiError::methodNotAllowed();
    }
    if (action == "documents") {
        const auto body = exchange.json({{"kind"}, {"id", FieldKind::Integer}});
        files.addDocument(actor, id, requireString(body, "kind"), requireInteger(body, "id"));
    } else if (action == "remove") {
        const auto body = exchange.json({{"kind"}, {"id", FieldKind::Integer}});
        files.removeDocument(actor, id, requireString(body, "kind"), requireInteger(body, "id"));
    } else if (action == "close") {
        longWork([&] { files.close(actor, id); }); // checks every document: long work
    } else {
        throw ApiError::notFound("Không có thao tác này với hồ sơ.");
    }
    sendJson(exchange.response, 200, caseFileJson(files.caseFile(actor, id)));
}

} // namespace vanthu::http
