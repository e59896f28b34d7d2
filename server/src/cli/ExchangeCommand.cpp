// vanthu exchange inspect FILE [--json]: what the edXML reader takes from a package (the
// sender, receivers, DocumentId, number and notation, type, dates, subject, signer, priority,
// status, business type, attachments and the main document) or the problems it found.
// Exit 0: the package is usable; 1: it is not (the problems are printed); 2: bad usage or a
// file that cannot be read.
#ifdef VANTHU_HAVE_DOCMGMT
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/Command.hpp"
#include "vanthu/exchange/Attachments.hpp"
#include "vanthu/exchange/PackageReader.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kUsage = "usage: vanthu exchange inspect FILE.edxml [--json]";

using Poco::JSON::Array;
using Poco::JSON::Object;

/// The file, or nothing when it is over the reader's size limit (then refused unread).
std::optional<std::string> readPackageFile(const std::string& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error || std::filesystem::is_directory(path)) {
        throw UsageError(path + ": không đọc được tệp" +
                         (error ? " (" + error.message() + ")" : std::string()));
    }
    if (size > exchange::ReadLimits{}.maxBytes) {
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    if (!in && !in.eof()) {
        throw UsageError(path + ": không đọc được tệp");
    }
    return out.str();
}

const char* statusLabel(const std::string& code) {
    static const std::pair<const char*, const char*> labels[] = {
        {"01", "đã đến"},
        {"02", "từ chối tiếp nhận"},
        {"03", "đã tiếp nhận, vào sổ"},
        {"04", "đã phân công"},
        {"05", "đang xử lý"},
        {"06", "hoàn thành"},
        {"13", "đề nghị thu hồi/cập nhật"},
        {"15", "đồng ý thu hồi/cập nhật"},
        {"16", "từ chối thu hồi/cập nhật"},
    };
    for (const auto& [c, label] : labels) {
        if (code == c) {
            return label;
        }
    }
    return "";
}

const char* bussinessLabel(int type) {
    switch (type) {
    case exchange::bussiness::kRecall:
        return "thu hồi";
    case exchange::bussiness::kUpdate:
        return "cập nhật";
    case exchange::bussiness::kReplacement:
        return "thay thế";
    default:
        return "văn bản mới";
    }
}

Object::Ptr organJson(const exchange::Organ& organ) {
    Object::Ptr o = new Object;
    o->set("organId", organ.organId);
    o->set("organName", organ.organName);
    return o;
}

Object::Ptr signatureJson(const exchange::PackageSignature& signature) {
    Object::Ptr o = new Object;
    using Kind = exchange::PackageSignature::Kind;
    o->set("kind", signature.kind == Kind::None          ? "none"
                   : signature.kind == Kind::Placeholder ? "placeholder"
                                                         : "xmldsig");
    if (signature.kind == Kind::XmlDsig) {
        o->set("intact", signature.intact);
        o->set("signer", signature.signer);
        if (!signature.problem.empty()) {
            o->set("problem", signature.problem);
        }
    }
    return o;
}

Object::Ptr documentJson(const exchange::EdxmlPackage& p, Array::Ptr problems) {
    Object::Ptr o = new Object;
    o->set("kind", "document");
    o->set("sender", organJson(p.from));
    Array::Ptr receivers = new Array;
    for (const auto& to : p.to) {
        receivers->add(organJson(to));
    }
    o->set("receivers", receivers);
    o->set("documentId", p.documentId);
    o->set("codeNumber", p.code.codeNumber);
    o->set("codeNotation", p.code.codeNotation);
    o->set("type", p.documentType.type);
    o->set("typeDetail", p.documentType.typeDetail);
    o->set("typeName", p.documentType.typeName);
    o->set("place", p.promulgationInfo.place);
    o->set("promulgationDate", p.promulgationInfo.promulgationDate);
    o->set("dueDate", p.dueDate);
    o->set("subject", p.subject);
    Object::Ptr signer = new Object;
    signer->set("competence", p.signerInfo.competence);
    signer->set("position", p.signerInfo.position);
    signer->set("fullName", p.signerInfo.fullName);
    o->set("signer", signer);
    o->set("priority", p.otherInfo ? p.otherInfo->priority : 0);
    Array::Ptr responseFor = new Array;
    for (const auto& r : p.responseFor) {
        responseFor->add(r.documentId);
    }
    o->set("responseFor", responseFor);
    const exchange::Bussiness b = p.bussiness.value_or(exchange::Bussiness{});
    Object::Ptr bussiness = new Object;
    bussiness->set("type", b.bussinessDocType);
    bussiness->set("label", bussinessLabel(b.bussinessDocType));
    bussiness->set("documentId", b.documentId);
    bussiness->set("reason", b.bussinessDocReason);
    Array::Ptr affected = new Array;
    for (const auto& receiver : b.receivers) {
        affected->add(receiver.organId);
    }
    bussiness->set("receivers", affected);
    Array::Ptr replaced = new Array;
    for (const auto& replacement : b.replacements) {
        replaced->add(replacement.documentId);
    }
    bussiness->set("replaces", replaced);
    o->set("bussiness", bussiness);

    std::vector<exchange::Attachment> files;
    Array::Ptr attachments = new Array;
    for (const auto& attachment : p.attachments) {
        Object::Ptr a = new Object;
        a->set("name", attachment.attachmentName);
        a->set("contentId", attachment.contentId);
        a->set("contentType", attachment.contentType);
        a->set("size", static_cast<Poco::UInt64>(attachment.bytes.size()));
        a->set("zipped", exchange::isZippedFile(attachment));
        try {
            files.push_back(exchange::unpacked(attachment));
            if (exchange::isZippedFile(attachment)) {
                a->set("unpackedSize", static_cast<Poco::UInt64>(files.back().bytes.size()));
            }
        } catch (const exchange::RefusedPackage& e) {
            problems->add(std::string(e.what()));
            files.push_back(attachment);
        }
        attachments->add(a);
    }
    const auto main = exchange::mainDocument(files);
    for (std::size_t i = 0; i < files.size(); ++i) {
        attachments->getObject(static_cast<unsigned>(i))->set("main", main && *main == i);
    }
    if (!main) {
        problems->add(std::string("Gói tin không có văn bản chính (tệp application/pdf)."));
    }
    o->set("attachments", attachments);
    return o;
}

Object::Ptr statusJson(const exchange::MessageStatus& s) {
    Object::Ptr o = new Object;
    o->set("kind", "status");
    o->set("sender", organJson(s.from));
    o->set("statusCode", s.statusCode);
    o->set("statusLabel", statusLabel(s.statusCode));
    o->set("description", s.description);
    o->set("timestamp", s.timestamp);
    o->set("staff", s.staffInfo.staff);
    Object::Ptr r = new Object;
    r->set("organId", s.responseFor.organId);
    r->set("code", s.responseFor.code);
    r->set("promulgationDate", s.responseFor.promulgationDate);
    r->set("documentId", s.responseFor.documentId);
    o->set("responseFor", r);
    return o;
}

void line(std::ostream& out, const char* key, const std::string& value) {
    if (!value.empty()) {
        out << key << ": " << value << "\n";
    }
}

std::string organText(const Object::Ptr& organ) {
    const auto name = organ->getValue<std::string>("organName");
    return organ->getValue<std::string>("organId") + (name.empty() ? "" : " (" + name + ")");
}

void printText(std::ostream& out, const Object::Ptr& report) {
    out << "usable: " << (report->getValue<bool>("usable") ? "yes" : "no") << "\n";
    if (report->has("kind")) {
        const auto kind = report->getValue<std::string>("kind");
        line(out, "kind", kind);
        line(out, "sender", organText(report->getObject("sender")));
        if (kind == "document") {
            const auto receivers = report->getArray("receivers");
            for (unsigned i = 0; i < receivers->size(); ++i) {
                line(out, "receiver", organText(receivers->getObject(i)));
            }
            for (const char* key : {"documentId", "codeNumber", "codeNotation"}) {
                line(out, key, report->getValue<std::string>(key));
            }
            line(out, "type", std::to_string(report->getValue<int>("type")));
            for (const char* key :
                 {"typeDetail", "typeName", "place", "promulgationDate", "dueDate", "subject"}) {
                line(out, key, report->getValue<std::string>(key));
            }
            const auto signer = report->getObject("signer");
            line(out, "signer",
                 signer->getValue<std::string>("competence") + " " +
                     signer->getValue<std::string>("position") + " " +
                     signer->getValue<std::string>("fullName"));
            line(out, "priority", std::to_string(report->getValue<int>("priority")));
            const auto b = report->getObject("bussiness");
            line(out, "bussinessDocType",
                 std::to_string(b->getValue<int>("type")) + " (" +
                     b->getValue<std::string>("label") + ")");
            line(out, "affectedDocumentId", b->getValue<std::string>("documentId"));
            line(out, "bussinessDocReason", b->getValue<std::string>("reason"));
            const auto attachments = report->getArray("attachments");
            for (unsigned i = 0; i < attachments->size(); ++i) {
                const auto a = attachments->getObject(i);
                out << "attachment: " << a->getValue<std::string>("name") << " | "
                    << a->getValue<std::string>("contentType") << " | "
                    << a->getValue<Poco::UInt64>("size") << " bytes"
                    << (a->getValue<bool>("zipped") ? " | zipped" : "")
                    << (a->getValue<bool>("main") ? " | main" : "") << "\n";
            }
        } else {
            line(out, "statusCode",
                 report->getValue<std::string>("statusCode") + " (" +
                     report->getValue<std::string>("statusLabel") + ")");
            for (const char* key : {"description", "timestamp", "staff"}) {
                line(out, key, report->getValue<std::string>(key));
            }
            const auto r = report->getObject("responseFor");
            line(out, "responseFor", r->getValue<std::string>("documentId"));
        }
        const auto signature = report->getObject("signature");
        std::string text = signature->getValue<std::string>("kind");
        if (signature->has("intact")) {
            text += signature->getValue<bool>("intact") ? " intact" : " broken";
            text += " (" + signature->getValue<std::string>("signer") + ")";
        }
        line(out, "packageSignature", text);
    }
    const auto problems = report->getArray("problems");
    for (unsigned i = 0; i < problems->size(); ++i) {
        out << "problem: " << problems->getElement<std::string>(i) << "\n";
    }
}

int inspect(const std::string& path, bool json) {
    const auto xml = readPackageFile(path);
    Object::Ptr report = new Object;
    Array::Ptr problems = new Array;
    report->set("file", path);
    try {
        if (!xml) {
            throw exchange::RefusedPackage(
                exchange::Refusal::TooLarge,
                "Gói tin quá lớn (tối đa " + std::to_string(exchange::ReadLimits{}.maxBytes >> 20) +
                    " MiB).");
        }
        const auto package = exchange::ParsedPackage::parse(*xml);
        Object::Ptr content = package.isStatus() ? statusJson(package.status())
                                                 : documentJson(package.document(), problems);
        for (const auto& [key, value] : *content) {
            report->set(key, value);
        }
        report->set("signature", signatureJson(package.packageSignature()));
    } catch (const exchange::RefusedPackage& e) {
        if (e.problems().empty()) {
            problems->add(std::string(e.what()));
        }
        for (const auto& problem : e.problems()) {
            problems->add(problem);
        }
    }
    report->set("usable", problems->size() == 0);
    report->set("problems", problems);
    if (json) {
        report->stringify(std::cout, 2);
        std::cout << "\n";
    } else {
        printText(std::cout, report);
    }
    return problems->size() == 0 ? 0 : 1;
}

} // namespace

int runExchange(const Arguments& args) {
    if (args.empty() || args[0] != "inspect") {
        throw UsageError(kUsage);
    }
    std::string file;
    bool json = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--json") {
            json = true;
        } else if (file.empty() && !args[i].starts_with("--")) {
            file = args[i];
        } else {
            throw UsageError(kUsage);
        }
    }
    if (file.empty()) {
        throw UsageError(kUsage);
    }
    return inspect(file, json);
}

} // namespace vanthu::cli
#endif
