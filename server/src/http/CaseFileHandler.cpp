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

Object::Ptr handoverJson(const docmgmt::CaseFileHandover& h) {
    auto o = newObject();
    o->set("handedBy", h.handedBy);
    o->set("handedByName", h.handedByName);
    o->set("handedAt", h.handedAt);
    o->set("packageSha256", h.packageSha256);
    o->set("receiver", h.receiver);
    return o;
}

Object::Ptr freezeJson(const docmgmt::CaseFileFreeze& z) {
    auto o = newObject();
    o->set("caseFileId", z.caseFileId);
    o->set("code", z.code);
    o->set("title", z.title);
    o->set("year", z.year);
    o->set("order", z.orderRef);
    o->set("frozenBy", z.frozenBy);
    o->set("frozenByName", z.frozenByName);
    o->set("frozenAt", z.frozenAt);
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
    o->set("historical",
           v.historical ? Poco::Dynamic::Var(handoverJson(*v.historical)) : Poco::Dynamic::Var());
    o->set("frozen", v.frozen ? Poco::Dynamic::Var(freezeJson(*v.frozen)) : Poco::Dynamic::Var());
    o->set("createdAt", f.createdAt);
    o->set("version", f.version);
    o->set("handover",
           v.handover ? Poco::Dynamic::Var(handoverJson(*v.handover)) : Poco::Dynamic::Var());
    return o;
}

Object::Ptr noticeJson(const docmgmt::CaseFileNotice& n) {
    auto o = newObject();
    o->set("id", n.id);
    o->set("caseFileId", n.caseFileId);
    o->set("code", n.fileCode);
    o->set("title", n.fileTitle);
    o->set("dueOn", n.dueOn);
    o->set("sentAt", n.sentAt);
    o->set("readAt", n.readAt);
    return o;
}

/// The file's code as a safe file name.
std::string safeName(const std::string& code) {
    std::string name;
    for (const char c : code) {
        name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
    }
    return name;
}

void sendDownload(Exchange& exchange, const std::string& bytes, const std::string& type,
                  const std::string& filename) {
    auto& response = exchange.response;
    response.setContentType(type);
    response.set("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    response.setContentLength64(static_cast<Poco::Int64>(bytes.size()));
    response.send().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
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
    auto array = newArray();
    if (files) {
        for (const auto& file : files->holdings(actor, kind, documentId)) {
            auto o = newObject();
            o->set("id", file.id);
            o->set("code", file.code);
            o->set("title", file.title);
            o->set("state", docmgmt::toString(file.state));
            array->add(o);
        }
    }
    return array;
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

void CaseFileHandler::download(Exchange& exchange, Id id, const std::string& what) {
    auto& files = caseFiles();
    const auto actor = exchange.actor();
    const auto view = files.caseFile(actor, id);
    const std::string base =
        "ho-so-" + safeName(view.file.code) + "-" + std::to_string(view.file.year);
    if (what == "package") {
        // Signs the manifest and reads every PDF: long work (LongWorkPool).
        sendDownload(exchange, longWork([&] { return files.exportPackage(actor, id); }),
                     "application/zip", base + ".zip");
    } else if (what == "pdf") {
        // Joins every document's pages: long work.
        sendDownload(exchange, longWork([&] { return files.exportPdf(actor, id); }),
                     "application/pdf", base + ".pdf");
    } else if (what == "xml") {
        sendDownload(exchange, files.exportMetadataXml(actor, id), "application/xml; charset=utf-8",
                     base + ".xml");
    } else { // index.csv
        sendCsv(exchange.response, files.documentIndexCsv(actor, id), "muc-luc-" + base + ".csv");
    }
}

void CaseFileHandler::notices(Exchange& exchange) {
    const auto& segments = exchange.segments;
    auto& files = caseFiles();
    if (segments.size() == 3) {
        if (exchange.method != "GET") {
            throw ApiError::methodNotAllowed();
        }
        auto array = newArray();
        for (const auto& notice : files.notices(exchange.actor(), exchange.param("all") != "1")) {
            array->add(noticeJson(notice));
        }
        sendList(exchange, array);
        return;
    }
    if (segments.size() != 5 || segments[4] != "read") {
        throw ApiError::notFound("Không có gì ở địa chỉ này.");
    }
    if (exchange.method != "POST") {
        throw ApiError::methodNotAllowed();
    }
    files.markNoticeRead(exchange.actor(), exchange.idAt(3));
    auto o = newObject();
    o->set("read", true);
    sendJson(exchange.response, 200, o);
}

void CaseFileHandler::serve(Exchange& exchange) {
    const auto& segments = exchange.segments;
    if (segments[1] == "file-list") {
        fileList(exchange);
        return;
    }
    auto& files = caseFiles();
    const auto actor = exchange.actor();
    if (segments.size() >= 3 && segments[2] == "notices") {
        notices(exchange);
        return;
    }
    if (segments.size() == 3 && segments[2] == "freezes") { // IV.1g: administrators
        if (exchange.method == "GET") {
            const auto office = exchange.integerParam("officeId").value_or(actor.user.officeId);
            auto array = newArray();
            for (const auto& z : files.freezes(actor, office)) {
                array->add(freezeJson(z));
            }
            sendJson(exchange.response, 200, array);
            return;
        }
        if (exchange.method != "POST") {
            throw ApiError::methodNotAllowed();
        }
        const auto body = exchange.json({{"officeId", FieldKind::Integer},
                                         {"code", FieldKind::Line, 20},
                                         {"year", FieldKind::Integer},
                                         {"order", FieldKind::Line, 200}});
        const Id office =
            body->has("officeId") ? requireInteger(body, "officeId") : actor.user.officeId;
        sendJson(exchange.response, 201,
                 freezeJson(files.freeze(actor, office, requireString(body, "code"),
                                         static_cast<int>(requireInteger(body, "year")),
                                         requireString(body, "order"))));
        return;
    }
    if (segments.size() == 3 && segments[2] == "index.csv") { // the index of files of a year
        if (exchange.method != "GET") {
            throw ApiError::methodNotAllowed();
        }
        const auto year = exchange.integerParam("year");
        const int wanted =
            year ? static_cast<int>(*year) : docmgmt::vietnamDate(docmgmt::systemClock()()).year;
        sendCsv(exchange.response, files.fileIndexCsv(actor, wanted),
                "muc-luc-ho-so-" + std::to_string(wanted) + ".csv");
        return;
    }
    if (segments.size() == 2) {
        if (exchange.method == "GET") {
            // ?mine=1: the files the user is responsible for (người lập hồ sơ; III.4đ)
            const bool mine = exchange.param("mine") == "1";
            auto array = newArray();
            for (const auto& view : files.list(actor)) {
                if (!mine || view.file.responsibleId == actor.user.id) {
                    array->add(caseFileJson(view));
                }
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
    if (action == "package" || action == "pdf" || action == "xml" || action == "index.csv") {
        if (exchange.method != "GET") {
            throw ApiError::methodNotAllowed();
        }
        download(exchange, id, action);
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
    } else if (action == "handover") {
        const auto body = exchange.json({{"receiver"}});
        files.handOver(actor, id, optionalString(body, "receiver"));
    } else if (action == "historical") {
        const auto body = exchange.json({{"receiver"}});
        files.transferToHistorical(actor, id, optionalString(body, "receiver"));
    } else if (action == "describe") {
        const auto body = exchange.json({{"rights", FieldKind::Line, 20},
                                         {"language", FieldKind::Line, 30},
                                         {"description", FieldKind::Lines, 500},
                                         {"responsibleId", FieldKind::Integer},
                                         {"version", FieldKind::Integer}});
        docmgmt::CaseFileDescription description;
        description.rights = requireString(body, "rights");
        description.language = requireString(body, "language");
        description.description = optionalString(body, "description");
        if (body->has("responsibleId") && !body->isNull("responsibleId")) {
            description.responsibleId = requireInteger(body, "responsibleId");
        }
        // The file's version the form was loaded at (issue 16): required; a stale one is a 409.
        description.baseVersion = requireBaseVersion(body, "mô tả hồ sơ");
        files.describe(actor, id, description);
    } else if (action == "unfreeze") { // administrators: no view of the file afterwards
        const auto body = exchange.json({{"order", FieldKind::Line, 200}});
        files.unfreeze(actor, id, requireString(body, "order"));
        exchange.response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
        exchange.response.send();
        return;
    } else {
        throw ApiError::notFound("Không có thao tác này với hồ sơ.");
    }
    sendJson(exchange.response, 200, caseFileJson(files.caseFile(actor, id)));
}

} // namespace vanthu::http
