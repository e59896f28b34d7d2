// Issue 14 item 4 through the API: comments on a draft, kept versions listed and compared, a
// leader's edit of a submitted draft, and the files a letter carries (added, listed, downloaded,
// refused, frozen at issue), with every refusal.
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"
#include "http/EdxmlMapping.hpp"
#include "vanthu/exchange/PackageReader.hpp"
#include "vanthu/exchange/PackageWriter.hpp"

using namespace vanthu;
using test::ApiClient;
using test::ApiResponse;
using test::DocmgmtServer;

namespace {

std::string documentPath(http::Id id, const std::string& tail = "") {
    return "/api/documents/" + std::to_string(id) + tail;
}

std::string errorField(const ApiResponse& response) {
    const auto error = response.object()->getObject("error");
    return error && error->has("field") ? error->getValue<std::string>("field") : "";
}

std::string attachmentBody(const std::string& name, const std::string& bytes) {
    Poco::JSON::Object body;
    body.set("name", name);
    body.set("contentBase64", test::base64(bytes));
    return test::jsonText(body);
}

std::string commentBody(const std::string& text) {
    Poco::JSON::Object body;
    body.set("text", text);
    return test::jsonText(body);
}

/// A small PDF: the preview of a draft.
std::string somePdf(ApiClient& author, http::Id id) {
    const auto pdf = author.get(documentPath(id, "/pdf"));
    REQUIRE(pdf.status == 200);
    return pdf.body;
}

} // namespace

TEST_CASE("comments on a draft through the API: who may add them, listed with who and when",
          "[draftwork]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    auto chair = server.as("chutich.vq");
    auto clerk = server.as("vanthu.vq");
    auto admin = server.as("quantri.vq");
    auto otherLeader = server.as("chutich.nd");
    const auto signer = server.userId("phochutich.vq");
    const auto id = specialist.post("/api/documents", test::letterDraft(signer, "V/v góp ý"))
                        .object()
                        ->getValue<http::Id>("id");

    const auto added = specialist.post(documentPath(id, "/comments"), commentBody("Xin ý kiến."));
    REQUIRE(added.status == 201);
    CHECK(added.object()->getValue<std::string>("text") == "Xin ý kiến.");
    CHECK(added.object()->getValue<int>("version") == 1);
    CHECK(added.object()->getValue<std::string>("authorName") == "Hà Thị Mai");
    CHECK_FALSE(added.object()->getValue<std::string>("writtenAt").empty());

    // Refusals: a draft is its author's, another office, an administrator, blank, too long,
    // unknown fields.
    CHECK(chair.post(documentPath(id, "/comments"), commentBody("chưa trình")).status == 404);
    CHECK(otherLeader.post(documentPath(id, "/comments"), commentBody("x")).status == 404);
    CHECK(admin.post(documentPath(id, "/comments"), commentBody("x")).status == 403);
    const auto blank = specialist.post(documentPath(id, "/comments"), commentBody("   "));
    CHECK(blank.status == 422);
    CHECK(errorField(blank) == "text");
    CHECK(specialist.post(documentPath(id, "/comments"), commentBody(std::string(4001, 'a')))
              .status == 400);
    CHECK(specialist.post(documentPath(id, "/comments"), R"({"text":"x","authorId":1})").status ==
          400);
    // Never changed nor deleted: there is no such address.
    CHECK(specialist.request("DELETE", documentPath(id, "/comments")).status == 405);

    REQUIRE(specialist.post(documentPath(id, "/submit")).status == 200);
    REQUIRE(chair.post(documentPath(id, "/comments"), commentBody("Ghi rõ ngày.")).status == 201);
    CHECK(clerk.get(documentPath(id, "/comments")).status == 404); // not approved yet
    const auto list = specialist.get(documentPath(id, "/comments"));
    REQUIRE(list.status == 200);
    REQUIRE(list.array()->size() == 2);
    CHECK(list.array()->getObject(1)->getValue<std::string>("authorName") == "Nông Văn Hòa");
    const auto history = specialist.get(documentPath(id)).object()->getArray("history");
    int comments = 0;
    for (std::size_t i = 0; i < history->size(); ++i) {
        comments += history->getObject(static_cast<unsigned>(i))->getValue<std::string>("action") ==
                    "comment";
    }
    CHECK(comments == 2);
}

TEST_CASE("versions through the API: listed, compared, and a leader's edit of a submitted draft",
          "[draftwork]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    auto chair = server.as("chutich.vq");
    auto clerk = server.as("vanthu.vq");
    const auto signer = server.userId("phochutich.vq");
    const auto id = specialist.post("/api/documents", test::letterDraft(signer, "V/v báo cáo"))
                        .object()
                        ->getValue<http::Id>("id");
    REQUIRE(specialist.put(documentPath(id), test::savedLetterDraft(signer, "V/v báo cáo quý", 1))
                .status == 200);
    REQUIRE(specialist.post(documentPath(id, "/submit")).status == 200);

    // The leader edits the submitted draft: a version of their own, still submitted.
    auto leaders = Poco::JSON::Parser()
                       .parse(test::savedLetterDraft(signer, "V/v báo cáo quý II", 2))
                       .extract<Poco::JSON::Object::Ptr>();
    leaders->set("body", "Đề nghị các xã báo cáo trước ngày 20 tháng 6.");
    const auto edited = chair.put(documentPath(id), test::jsonText(leaders));
    REQUIRE(edited.status == 200);
    CHECK(edited.object()->getValue<std::string>("state") == "submitted");
    CHECK(edited.object()->getValue<int>("version") == 3);
    // The author may not; a leader's edit that leaves the draft incomplete is refused (422).
    CHECK(specialist.put(documentPath(id), test::savedLetterDraft(signer, "x", 3)).status == 409);
    leaders->set("version", 3);
    leaders->set("body", "");
    const auto incomplete = chair.put(documentPath(id), test::jsonText(leaders));
    CHECK(incomplete.status == 422);
    CHECK(incomplete.object()->getObject("error")->getArray("problems")->size() >= 1);
    CHECK(clerk.put(documentPath(id), test::savedLetterDraft(signer, "x", 3)).status == 404);

    const auto versions = specialist.get(documentPath(id, "/versions"));
    REQUIRE(versions.status == 200);
    REQUIRE(versions.array()->size() == 3);
    CHECK(versions.array()->getObject(0)->getValue<std::string>("editedAs") == "author");
    CHECK(versions.array()->getObject(2)->getValue<std::string>("editedAs") == "leader");
    CHECK(versions.array()->getObject(2)->getValue<std::string>("authorName") == "Nông Văn Hòa");

    const auto compared = specialist.get(documentPath(id, "/versions/compare?from=1&to=3"));
    REQUIRE(compared.status == 200);
    const auto c = compared.object();
    CHECK(c->getValue<int>("from") == 1);
    CHECK(c->getValue<bool>("bodyChanged"));
    const auto fields = c->getArray("fields");
    REQUIRE(fields->size() == 1);
    CHECK(fields->getObject(0)->getValue<std::string>("field") == "subject");
    CHECK(fields->getObject(0)->getValue<std::string>("before") == "V/v báo cáo");
    CHECK(fields->getObject(0)->getValue<std::string>("after") == "V/v báo cáo quý II");
    std::string added, removed, rebuiltAfter;
    const auto body = c->getArray("body");
    for (std::size_t i = 0; i < body->size(); ++i) {
        const auto run = body->getObject(static_cast<unsigned>(i));
        const auto change = run->getValue<std::string>("change");
        const auto text = run->getValue<std::string>("text");
        (change == "added" ? added : change == "removed" ? removed : rebuiltAfter) += text;
        if (change == "added") {
            rebuiltAfter += text;
        }
    }
    CHECK(rebuiltAfter == "Đề nghị các xã báo cáo trước ngày 20 tháng 6.");
    CHECK(added.find("20") != std::string::npos);
    CHECK(removed.find("30") != std::string::npos);

    CHECK(specialist.get(documentPath(id, "/versions/compare?from=1&to=9")).status == 404);
    CHECK(specialist.get(documentPath(id, "/versions/compare?from=a&to=2")).status == 422);
    CHECK(specialist.get(documentPath(id, "/versions/other")).status == 404);
    CHECK(clerk.get(documentPath(id, "/versions")).status == 404);
}

TEST_CASE("attachments through the API: added, listed, downloaded, refused, frozen at issue",
          "[draftwork]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    auto chair = server.as("chutich.vq");
    auto deputy = server.as("phochutich.vq");
    auto clerk = server.as("vanthu.vq");
    const auto signer = server.userId("phochutich.vq");
    const auto id = specialist.post("/api/documents", test::letterDraft(signer, "V/v phụ lục"))
                        .object()
                        ->getValue<http::Id>("id");
    const std::string pdf = somePdf(specialist, id);
    const std::string docx = std::string("PK\x03\x04", 4) + std::string(64, 'x');

    const auto added =
        specialist.post(documentPath(id, "/attachments"), attachmentBody("Phụ lục 1.pdf", pdf));
    REQUIRE(added.status == 201);
    CHECK(added.object()->getValue<std::string>("contentType") == "application/pdf");
    CHECK(added.object()->getValue<std::size_t>("size") == pdf.size());
    const auto pdfId = added.object()->getValue<http::Id>("id");
    const auto form =
        specialist.post(documentPath(id, "/attachments"), attachmentBody("Biểu mẫu.docx", docx));
    REQUIRE(form.status == 201);
    const auto formId = form.object()->getValue<http::Id>("id");

    // Refusals, each naming its field; nothing stored.
    const auto refused = [&](ApiClient& who, const std::string& body, int status,
                             const std::string& field) {
        INFO(body.substr(0, 80));
        const auto response = who.post(documentPath(id, "/attachments"), body);
        CHECK(response.status == status);
        if (!field.empty()) {
            CHECK(errorField(response) == field);
        }
    };
    refused(specialist, attachmentBody("virus.exe", "MZ"), 422, "name");
    refused(specialist, attachmentBody("gia.pdf", "MZ"), 422, "file");
    // (A file over 5 MiB: docmgmt's test; this server takes bodies of at most 512 KiB.)
    refused(specialist, R"({"name":"a.pdf","contentBase64":"@@@"})", 422, "contentBase64");
    refused(specialist, R"({"name":"a.pdf"})", 422, "contentBase64");
    refused(chair, attachmentBody("x.pdf", pdf), 404, "");
    CHECK(specialist.get(documentPath(id, "/attachments")).array()->size() == 2);

    // Downloaded: a PDF inline, anything else as an opaque download.
    const auto shown = specialist.get(documentPath(id, "/attachments/" + std::to_string(pdfId)));
    CHECK(shown.status == 200);
    CHECK(shown.header("content-type") == "application/pdf");
    CHECK(shown.body == pdf);
    const auto saved = specialist.get(documentPath(id, "/attachments/" + std::to_string(formId)));
    CHECK(saved.header("content-type") == "application/octet-stream");
    CHECK(saved.header("content-disposition").rfind("attachment;", 0) == 0);
    CHECK(saved.body == docx);
    CHECK(specialist.get(documentPath(id, "/attachments/987654")).status == 404);

    // Removed before issue; then the letter goes through and its files are frozen.
    CHECK(specialist.request("DELETE", documentPath(id, "/attachments/" + std::to_string(formId)))
              .status == 204);
    CHECK(specialist.request("DELETE", documentPath(id, "/attachments/" + std::to_string(formId)))
              .status == 404);
    REQUIRE(specialist.post(documentPath(id, "/submit")).status == 200);
    refused(specialist, attachmentBody("muon.pdf", pdf), 409, "");
    // A leader of the office may add one while the letter waits for approval.
    CHECK(
        chair.post(documentPath(id, "/attachments"), attachmentBody("Phụ lục 2.pdf", pdf)).status ==
        201);
    REQUIRE(chair.post(documentPath(id, "/approve")).status == 200);
    REQUIRE(deputy.post(documentPath(id, "/sign")).status == 200);
    REQUIRE(clerk.post(documentPath(id, "/issue")).status == 200);
    const auto files = clerk.get(documentPath(id, "/attachments"));
    REQUIRE(files.array()->size() == 2);
    CHECK(files.array()->getObject(1)->getValue<std::string>("name") == "Phụ lục 2.pdf");
    CHECK(specialist.request("DELETE", documentPath(id, "/attachments/" + std::to_string(pdfId)))
              .status == 409);
    refused(specialist, attachmentBody("sau.pdf", pdf), 409, "");
    CHECK(clerk.post(documentPath(id, "/comments"), commentBody("sau phát hành")).status == 409);
}

TEST_CASE("a letter's attachments travel in its edXML package beside the signed PDF and arrive "
          "as the incoming letter's attachments",
          "[draftwork][edxml]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    const auto draft =
        specialist.post("/api/documents", test::letterDraft(server.userId("phochutich.vq"), "V/v"));
    const std::string pdf = somePdf(specialist, draft.object()->getValue<http::Id>("id"));
    const std::string docx = std::string("PK\x03\x04", 4) + std::string(64, 'x');

    docmgmt::OutboxDocument outgoing;
    outgoing.document.id = 1;
    outgoing.document.state = docmgmt::DocumentState::Issued;
    outgoing.document.subject = "V/v gửi kèm phụ lục";
    outgoing.document.typeCode = "CV";
    outgoing.document.number = 7;
    outgoing.document.notation = "07/UBND-NV";
    outgoing.document.issuedDate = "2026-06-18";
    outgoing.document.exchangeId = "3f2c0d2e-1111-4222-8333-444455556666";
    outgoing.sender.code = "000.00.12.H35";
    outgoing.sender.name = "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN";
    outgoing.sender.place = "Văn Quan";
    outgoing.recipient.code = "000.00.13.H35";
    outgoing.recipient.name = "ỦY BAN NHÂN DÂN HUYỆN BÌNH GIA";
    outgoing.typeName = "Công văn";
    outgoing.signerName = "Triệu Đức Dũng";
    outgoing.signerPosition = "PHÓ CHỦ TỊCH";
    outgoing.pdf = pdf;
    outgoing.attachments = {
        {"Phụ lục số liệu.pdf", "application/pdf", pdf, ""},
        {"Biểu mẫu.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         docx, ""}};
    docmgmt::OutboxItem item;
    item.kind = docmgmt::kOutboxDocument;
    item.recipientCode = outgoing.recipient.code;
    item.exchangeId = outgoing.document.exchangeId;

    const auto package =
        http::documentPackage(outgoing, item, std::nullopt, "2026-06-18T09:00:00+07:00");
    REQUIRE(package.attachments.size() == 3); // the signed PDF first, then the letter's files
    const auto parsed =
        exchange::ParsedPackage::parse(exchange::writePackage(package, nullptr)).document();
    const auto arrived =
        http::arrivingDocument(parsed, outgoing.sender, outgoing.recipient.code, "peer-a");
    CHECK(arrived.pdf == pdf); // the main document is the letter, not the PDF attachment
    REQUIRE(arrived.attachments.size() == 2);
    CHECK(arrived.attachments[0].name == "Phụ lục số liệu.pdf");
    CHECK(arrived.attachments[0].contentType == "application/pdf");
    CHECK(arrived.attachments[0].bytes == pdf);
    CHECK(arrived.attachments[1].name == "Biểu mẫu.docx");
    CHECK(arrived.attachments[1].bytes == docx);
}
