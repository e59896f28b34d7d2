// The incoming side through the API on the real storage: a Party letter issued by the provincial
// committee arrives at the district committee, is registered, assigned, answered and closed; the
// sender sees each status; registers, reports, paper letters and refusals.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;
using test::base64;
using test::DocmgmtServer;

namespace {

std::string path(const std::string& base, http::Id id, const std::string& tail = "") {
    return base + std::to_string(id) + tail;
}

std::string state(const test::ApiResponse& response) {
    return response.object()->getValue<std::string>("state");
}

std::set<std::string> actions(const test::ApiResponse& response) {
    std::set<std::string> out;
    const auto array = response.object()->getArray("allowedActions");
    for (std::size_t i = 0; i < array->size(); ++i) {
        out.insert(array->getElement<std::string>(static_cast<unsigned>(i)));
    }
    return out;
}

std::string partyDraft(http::Id signerId, const std::string& subject,
                       const std::vector<std::string>& offices) {
    Poco::JSON::Object draft;
    draft.set("typeCode", "CV");
    draft.set("subject", subject);
    Poco::JSON::Array recipients;
    recipients.add("Các huyện ủy, thành ủy trực thuộc,");
    draft.set("recipients", recipients);
    draft.set("body", "Đề nghị các cấp ủy báo cáo kết quả thực hiện trước ngày 30/6./.");
    Poco::JSON::Array distribution;
    distribution.add("Như trên,");
    distribution.add("Lưu Văn phòng.");
    draft.set("distribution", distribution);
    draft.set("signerId", signerId);
    draft.set("authority", "T/M");
    draft.set("authorityOf", "BAN THƯỜNG VỤ");
    Poco::JSON::Array codes;
    for (const auto& code : offices) {
        codes.add(code);
    }
    draft.set("recipientOffices", codes);
    return test::jsonText(draft);
}

/// Drafts, approves, signs and issues a document through the API; returns its JSON.
Poco::JSON::Object::Ptr throughTheFlow(DocmgmtServer& server, ApiClient& author,
                                       const std::string& approver, const std::string& signer,
                                       const std::string& clerk, http::Id id) {
    REQUIRE(state(author.post(path("/api/documents/", id, "/submit"))) == "submitted");
    REQUIRE(state(server.as(approver).post(path("/api/documents/", id, "/approve"))) == "approved");
    REQUIRE(state(server.as(signer).post(path("/api/documents/", id, "/sign"))) == "signed");
    const auto issued = server.as(clerk).post(path("/api/documents/", id, "/issue"));
    REQUIRE(issued.status == 200);
    return issued.object();
}

http::Id arrivedAt(ApiClient& clerk, const std::string& subject) {
    const auto list = clerk.get("/api/incoming?state=arrived");
    REQUIRE(list.status == 200);
    const auto array = list.array();
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto item = array->getObject(static_cast<unsigned>(i));
        if (item->getValue<std::string>("subject") == subject) {
            return item->getValue<http::Id>("id");
        }
    }
    FAIL("nothing arrived with subject " << subject);
    return 0;
}

} // namespace

TEST_CASE("incoming: a provincial letter is registered, assigned, answered and done through the "
          "API, and the sender sees each status",
          "[incoming]") {
    auto& server = DocmgmtServer::shared();
    auto drafter = server.as("chuyenvien.bg");
    const std::string subject = "thực hiện Kết luận về cải cách hành chính (API)";
    const auto created = drafter.post(
        "/api/documents", partyDraft(server.userId("phobithu.bg"), subject, {"DEMO.HU.BS"}));
    REQUIRE(created.status == 201);
    const auto letterId = created.object()->getValue<http::Id>("id");
    CHECK(created.object()->getObject("draft")->getArray("recipientOffices")->size() == 1);
    const auto letter =
        throughTheFlow(server, drafter, "bithu.bg", "phobithu.bg", "vanthu.bg", letterId);
    CHECK(letter->getValue<std::string>("exchangeId").size() == 36);

    auto clerk = server.as("vanthu.bs");
    auto leader = server.as("bithu.bs");
    auto specialist = server.as("chuyenvien.bs");
    const http::Id id = arrivedAt(clerk, subject);
    const auto arrived = clerk.get(path("/api/incoming/", id));
    REQUIRE(arrived.status == 200);
    CHECK(arrived.object()->getValue<std::string>("signatureStatus") == "valid");
    CHECK(arrived.object()->getValue<std::string>("senderName") == "TỈNH ỦY BẮC GIANG");
    CHECK(actions(arrived) == std::set<std::string>{"register", "refuse"});
    const auto pdf = clerk.get(path("/api/incoming/", id, "/pdf"));
    CHECK(pdf.header("content-type") == "application/pdf");
    CHECK(pdf.body.rfind("%PDF-", 0) == 0);
    CHECK(clerk.get(path("/api/incoming/", id, "/verification")).object()->getValue<bool>("ok"));

    // Refusals: not visible, wrong role, missing reason, unknown step.
    CHECK(specialist.get(path("/api/incoming/", id)).status == 404);
    CHECK(server.as("vanthu.vq").get(path("/api/incoming/", id)).status == 404);
    CHECK(leader.post(path("/api/incoming/", id, "/register")).status == 403);
    const auto noReason = clerk.post(path("/api/incoming/", id, "/refuse"), "{}");
    CHECK(noReason.status == 422);
    CHECK(noReason.object()->getObject("error")->getValue<std::string>("field") == "reason");
    CHECK(clerk.post(path("/api/incoming/", id, "/fly")).status == 404);
    CHECK(clerk.get(path("/api/incoming/", id, "/register")).status == 405);

    const auto registered = clerk.post(path("/api/incoming/", id, "/register"));
    REQUIRE(registered.status == 200);
    CHECK(state(registered) == "registered");
    CHECK(registered.object()->getValue<int>("arrivalNumber") >= 1);
    // Issue 21 item 3: augmented on registration, the received bytes kept as they came; the
    // page shows each copy's level. The administrator sees the renewal job's state.
    const auto copy = registered.object()->getObject("longTermCopy");
    REQUIRE(copy);
    CHECK(copy->getValue<bool>("made"));
    CHECK(copy->getValue<std::string>("level") == "B-LTA");
    CHECK(copy->getValue<std::string>("originalLevel") == "B-LTA");
    CHECK(copy->getValue<int>("renewals") == 1);
    CHECK(clerk.get(path("/api/incoming/", id, "/pdf")).body == pdf.body);
    CHECK(clerk.get("/api/audit/renewal").status == 403);
    const auto renewal = server.as("quantri.bs").get("/api/audit/renewal");
    REQUIRE(renewal.status == 200);
    CHECK(renewal.object()->getValue<int>("marginDays") == 365);
    CHECK(renewal.object()->getValue<int>("copies") >= 1);

    Poco::JSON::Object assignment;
    assignment.set("version", 0); // a registered letter's first distribution
    assignment.set("assigneeId", server.userId("chuyenvien.bs"));
    assignment.set("deadline", "30/06/2026");
    CHECK(leader.post(path("/api/incoming/", id, "/assign"), test::jsonText(assignment)).status ==
          422);
    assignment.set("deadline", "2099-06-30");
    assignment.set("instructions", "Tham mưu báo cáo.");
    const auto assigned =
        leader.post(path("/api/incoming/", id, "/assign"), test::jsonText(assignment));
    REQUIRE(assigned.status == 200);
    CHECK(state(assigned) == "assigned");
    CHECK(assigned.object()->getValue<std::string>("assigneeName") == "Võ Minh Quân");
    REQUIRE(state(specialist.post(path("/api/incoming/", id, "/start"))) == "in_progress");

    // The reply, drafted from the incoming document and issued.
    Poco::JSON::Object replyDraft;
    replyDraft.set("typeCode", "BC");
    replyDraft.set("subject", "kết quả thực hiện (API)");
    replyDraft.set("body",
                   "Ban Thường vụ Huyện ủy báo cáo kết quả như sau:\n\n1. Đã triển khai./.");
    Poco::JSON::Array distribution;
    distribution.add("Như trên,");
    distribution.add("Lưu Văn phòng Huyện ủy.");
    replyDraft.set("distribution", distribution);
    replyDraft.set("signerId", server.userId("bithu.bs"));
    replyDraft.set("authority", "T/M");
    replyDraft.set("authorityOf", "BAN THƯỜNG VỤ");
    const auto reply =
        specialist.post(path("/api/incoming/", id, "/reply"), test::jsonText(replyDraft));
    REQUIRE(reply.status == 201);
    const auto replyId = reply.object()->getValue<http::Id>("id");
    CHECK(reply.object()->getValue<std::string>("responseFor") ==
          letter->getValue<std::string>("exchangeId"));
    const auto issuedReply =
        throughTheFlow(server, specialist, "bithu.bs", "bithu.bs", "vanthu.bs", replyId);
    const auto withReply = specialist.get(path("/api/incoming/", id));
    CHECK(withReply.object()->getObject("reply")->getValue<std::string>("notation") ==
          issuedReply->getValue<std::string>("notation"));
    CHECK(specialist.get(path("/api/documents/", replyId))
              .object()
              ->getValue<http::Id>("replyToIncoming") == id);

    const auto done = specialist.post(path("/api/incoming/", id, "/close"),
                                      R"({"note":"Đã báo cáo bằng văn bản"})");
    REQUIRE(done.status == 200);
    CHECK(state(done) == "done");

    // The sender's page.
    const auto recipients =
        server.as("vanthu.bg").get(path("/api/documents/", letterId, "/recipients"));
    REQUIRE(recipients.status == 200);
    const auto rows = recipients.array();
    REQUIRE(rows->size() == 1);
    const auto row = rows->getObject(0);
    CHECK(row->getValue<std::string>("channel") == "local");
    CHECK(row->getValue<std::string>("statusCode") == "06");
    CHECK(row->getValue<std::string>("statusLabel") == "Đã xử lý xong");
    const auto history = row->getArray("history");
    std::vector<std::string> codes;
    for (std::size_t i = 0; i < history->size(); ++i) {
        codes.push_back(
            history->getObject(static_cast<unsigned>(i))->getValue<std::string>("statusCode"));
    }
    CHECK(codes == std::vector<std::string>{"01", "03", "04", "05", "06"});
    CHECK(server.as("vanthu.bs").get(path("/api/documents/", letterId, "/recipients")).status ==
          404);
}

TEST_CASE("incoming: paper letters, the incoming register and the reports", "[incoming]") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.nd");
    Poco::JSON::Object letter;
    letter.set("senderName", "BAN CHỈ HUY QUÂN SỰ HUYỆN");
    letter.set("notation", "45/CV-BCH");
    letter.set("issuedDate", "2026-06-10");
    letter.set("typeCode", "CV");
    letter.set("subject", "tuyển quân năm 2027");
    // A scan without signatures: the preview of a draft will do.
    auto drafter = server.as("chuyenvien.nd");
    const auto draft = drafter.post(
        "/api/documents", test::letterDraft(server.userId("chutich.nd"), "nháp để lấy PDF"));
    const std::string scan =
        drafter.get(path("/api/documents/", draft.object()->getValue<http::Id>("id"), "/pdf")).body;
    REQUIRE(scan.rfind("%PDF-", 0) == 0);
    letter.set("pdfBase64", base64(scan));
    CHECK(server.as("chuyenvien.nd").post("/api/incoming", test::jsonText(letter)).status == 403);
    const auto entered = clerk.post("/api/incoming", test::jsonText(letter));
    REQUIRE(entered.status == 201);
    CHECK(entered.object()->getValue<std::string>("channel") == "paper");
    CHECK(entered.object()->getValue<std::string>("typeName") == "Công văn");
    CHECK(entered.object()->getValue<std::string>("signatureStatus") == "none");
    const auto id = entered.object()->getValue<http::Id>("id");
    REQUIRE(clerk.post(path("/api/incoming/", id, "/register")).status == 200);

    // An attachment is served as opaque bytes to download unless it is a PDF.
    docmgmt::ArrivingDocument withFiles;
    withFiles.channel = docmgmt::kChannelLocal;
    withFiles.packageId = "attachments-test";
    withFiles.senderName = "SỞ NỘI VỤ";
    withFiles.receiverCode = "DEMO.UB.ND";
    withFiles.subject = "văn bản có tệp đính kèm";
    withFiles.pdf = scan;
    withFiles.attachments = {{"trang.html", "text/html", "<script>alert(1)</script>", ""},
                             {"phu-luc.pdf", "application/pdf", scan, ""}};
    const auto withFilesId = server.backend().incoming()->receive(withFiles);
    const auto html = clerk.get(path("/api/incoming/", withFilesId, "/attachments/0"));
    CHECK(html.status == 200);
    CHECK(html.header("content-type") == "application/octet-stream");
    CHECK(html.header("content-disposition").rfind("attachment;", 0) == 0);
    const auto appendix = clerk.get(path("/api/incoming/", withFilesId, "/attachments/1"));
    CHECK(appendix.header("content-type") == "application/pdf");
    CHECK(appendix.body == scan);
    CHECK(clerk.get(path("/api/incoming/", withFilesId, "/attachments/2")).status == 404);

    Poco::JSON::Object broken = letter;
    broken.set("pdfBase64", "not base64!");
    CHECK(clerk.post("/api/incoming", test::jsonText(broken)).errorCode() == "invalid");
    broken.set("pdfBase64", base64("plain text"));
    CHECK(clerk.post("/api/incoming", test::jsonText(broken)).status == 422);

    const auto page = clerk.get("/api/registers/incoming?limit=1&offset=0");
    REQUIRE(page.status == 200);
    CHECK(page.object()->getValue<int>("total") >= 1);
    CHECK(page.object()->getArray("entries")->size() == 1);
    CHECK(page.object()->getValue<int>("limit") == 1);
    CHECK(clerk.get("/api/registers/incoming?limit=0").status == 400);
    CHECK(clerk.get("/api/registers/incoming?limit=201").status == 400);
    CHECK(server.as("chuyenvien.nd").get("/api/registers/incoming").status == 403);
    const auto csv = clerk.get("/api/registers/incoming.csv");
    REQUIRE(csv.status == 200);
    CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
    CHECK(csv.body.rfind("\xEF\xBB\xBFNgày đến,Số đến,", 0) == 0);
    CHECK(csv.body.find("45/CV-BCH") != std::string::npos);

    const auto deadlines = server.as("chutich.nd").get("/api/reports/deadlines?days=5");
    REQUIRE(deadlines.status == 200);
    CHECK(deadlines.object()->getValue<int>("dueSoonDays") == 5);
    CHECK(deadlines.object()->getArray("overdue"));
    const auto figures =
        server.as("chutich.nd").get("/api/reports/figures?from=2020-01-01&to=2099-12-31");
    REQUIRE(figures.status == 200);
    CHECK(figures.object()->getObject("total")->getValue<int>("received") >= 2);
    const auto figuresCsv =
        server.as("chutich.nd").get("/api/reports/figures.csv?from=2026-01-01&to=2026-12-31");
    CHECK(figuresCsv.status == 200);
    CHECK(figuresCsv.body.rfind("\xEF\xBB\xBFKỳ,", 0) == 0);
    CHECK(server.as("chuyenvien.nd").get("/api/reports/figures").status == 403);
    CHECK(server.as("chutich.nd").get("/api/reports/figures?from=h%C3%B4m%20qua").status == 422);
    CHECK(server.as("chutich.nd").get("/api/reports/nothing").status == 404);
}

TEST_CASE(
    "incoming: a possible duplicate is answered 409 with the earlier entry, registered with a "
    "reason",
    "[incoming][duplicates]") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.nd");
    auto drafter = server.as("chuyenvien.nd");
    const auto draft = drafter.post(
        "/api/documents", test::letterDraft(server.userId("chutich.nd"), "nháp để lấy bản quét"));
    const std::string scan =
        drafter.get(path("/api/documents/", draft.object()->getValue<http::Id>("id"), "/pdf")).body;
    Poco::JSON::Object letter;
    letter.set("senderName", "Công an huyện Nghi Dương");
    letter.set("number", "0318");
    letter.set("notation", "318/CAH-TM");
    letter.set("issuedDate", "2026-06-11");
    letter.set("typeCode", "CV");
    letter.set("subject", "bảo đảm an ninh trật tự (trùng)");
    letter.set("pdfBase64", base64(scan));
    const auto first = clerk.post("/api/incoming", test::jsonText(letter));
    REQUIRE(first.status == 201);
    CHECK(first.object()->get("duplicate").isEmpty());
    CHECK_FALSE(first.object()->getValue<bool>("possibleDuplicate"));
    const auto firstId = first.object()->getValue<http::Id>("id");
    const auto registered = clerk.post(path("/api/incoming/", firstId, "/register"));
    REQUIRE(registered.status == 200);
    const int firstNumber = registered.object()->getValue<int>("arrivalNumber");

    // The same letter typed again (other case, spacing): 409, the earlier entry, nothing stored.
    const auto before = clerk.get("/api/incoming").array()->size();
    letter.set("senderName", "CÔNG AN HUYỆN  NGHI DƯƠNG");
    const auto again = clerk.post("/api/incoming", test::jsonText(letter));
    REQUIRE(again.status == 409);
    const auto error = again.object()->getObject("error");
    CHECK(error->getValue<std::string>("code") == "conflict");
    CHECK(error->getValue<std::string>("field") == "duplicateReason");
    CHECK(error->getValue<std::string>("message").find("có thể trùng với văn bản đến số " +
                                                       std::to_string(firstNumber)) !=
          std::string::npos);
    const auto earlier = error->getObject("duplicateOf");
    CHECK(earlier->getValue<std::string>("kind") == "incoming");
    CHECK(earlier->getValue<http::Id>("id") == firstId);
    CHECK(earlier->getValue<int>("arrivalNumber") == firstNumber);
    CHECK(earlier->getValue<std::string>("arrivalDate").size() == 10);
    CHECK(earlier->getValue<std::string>("match") == "number");
    CHECK(clerk.get("/api/incoming").array()->size() == before);

    letter.set("duplicateReason", "Bản giấy có chữ ký tươi, lưu hồ sơ gốc");
    const auto kept = clerk.post("/api/incoming", test::jsonText(letter));
    REQUIRE(kept.status == 201);
    const auto mark = kept.object()->getObject("duplicate");
    CHECK(mark->getValue<http::Id>("of") == firstId);
    CHECK(mark->getValue<std::string>("reason") == "Bản giấy có chữ ký tươi, lưu hồ sơ gốc");
    CHECK(mark->getObject("earlier")->getValue<int>("arrivalNumber") == firstNumber);

    // Delivered by a server (no one at the door): kept, marked; the clerk decides at register.
    docmgmt::ArrivingDocument delivered;
    delivered.channel = docmgmt::kChannelLocal;
    delivered.packageId = "duplicate-api-test";
    delivered.senderName = "Công an huyện Nghi Dương";
    delivered.receiverCode = "DEMO.UB.ND";
    delivered.number = "318";
    delivered.notation = "318/CAH-TM";
    delivered.issuedDate = "2026-06-11";
    delivered.subject = "bảo đảm an ninh trật tự (gửi điện tử)";
    delivered.pdf = scan;
    const auto id = server.backend().incoming()->receive(delivered);
    const auto shown = clerk.get(path("/api/incoming/", id));
    REQUIRE(shown.status == 200);
    CHECK(shown.object()->getValue<bool>("possibleDuplicate"));
    CHECK(shown.object()->getObject("duplicate")->getValue<http::Id>("of") == firstId);
    CHECK(shown.object()->getObject("duplicate")->getValue<std::string>("reason").empty());
    const auto refusedRegister = clerk.post(path("/api/incoming/", id, "/register"));
    REQUIRE(refusedRegister.status == 409);
    CHECK(refusedRegister.errorCode() == "conflict");
    CHECK(refusedRegister.object()
              ->getObject("error")
              ->getObject("duplicateOf")
              ->getValue<http::Id>("id") == firstId);
    CHECK(
        clerk.post(path("/api/incoming/", id, "/register"), R"({"duplicateReason":"  "})").status ==
        409);
    CHECK(clerk.post(path("/api/incoming/", id, "/register"), R"({"duplicateReason":1})").status ==
          400); // a number where text belongs
    CHECK(state(clerk.get(path("/api/incoming/", id))) == "arrived");
    const auto accepted = clerk.post(path("/api/incoming/", id, "/register"),
                                     R"({"duplicateReason":"Bản điện tử đến sau bản giấy"})");
    REQUIRE(accepted.status == 200);
    CHECK(state(accepted) == "registered");
    CHECK(accepted.object()->getObject("duplicate")->getValue<std::string>("reason") ==
          "Bản điện tử đến sau bản giấy");
    const auto history = accepted.object()->getArray("history");
    CHECK(history->getObject(static_cast<unsigned>(history->size() - 1))
              ->getValue<std::string>("detail")
              .find("lý do vẫn vào sổ: Bản điện tử đến sau bản giấy") != std::string::npos);
}

TEST_CASE("incoming: a letter with a reply in draft is closed only with a note that none is needed",
          "[incoming][reply]") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.nd");
    auto leader = server.as("chutich.nd");
    auto specialist = server.as("chuyenvien.nd");
    const auto draft = specialist.post(
        "/api/documents", test::letterDraft(server.userId("chutich.nd"), "nháp để lấy bản quét"));
    Poco::JSON::Object letter;
    letter.set("senderName", "SỞ TƯ PHÁP");
    letter.set("notation", "901/STP-VP");
    letter.set("typeCode", "CV");
    letter.set("subject", "xin ý kiến dự thảo (trả lời)");
    letter.set("pdfBase64", base64(specialist
                                       .get(path("/api/documents/",
                                                 draft.object()->getValue<http::Id>("id"), "/pdf"))
                                       .body));
    const auto id =
        clerk.post("/api/incoming", test::jsonText(letter)).object()->getValue<http::Id>("id");
    REQUIRE(clerk.post(path("/api/incoming/", id, "/register")).status == 200);
    Poco::JSON::Object assignment;
    assignment.set("version", 0); // a registered letter's first distribution
    assignment.set("assigneeId", server.userId("chuyenvien.nd"));
    assignment.set("deadline", "2099-12-31");
    REQUIRE(leader.post(path("/api/incoming/", id, "/assign"), test::jsonText(assignment)).status ==
            200);
    REQUIRE(specialist
                .post(path("/api/incoming/", id, "/reply"),
                      test::letterDraft(server.userId("chutich.nd"), "trả lời xin ý kiến"))
                .status == 201);

    const auto early = specialist.post(path("/api/incoming/", id, "/close"), R"({"note":"xong"})");
    CHECK(early.status == 409);
    CHECK(early.object()->getObject("error")->getValue<std::string>("message").find(
              "chưa được ban hành") != std::string::npos);
    const auto noNote =
        specialist.post(path("/api/incoming/", id, "/close"), R"({"noReplyNeeded":true})");
    CHECK(noNote.status == 422);
    CHECK(noNote.object()->getObject("error")->getValue<std::string>("field") == "note");
    CHECK(specialist.post(path("/api/incoming/", id, "/close"), R"({"noReplyNeeded":"yes"})")
              .status == 400);
    const auto done = specialist.post(path("/api/incoming/", id, "/close"),
                                      R"({"noReplyNeeded":true,"note":"Đã góp ý trực tiếp"})");
    REQUIRE(done.status == 200);
    CHECK(state(done) == "done");
    CHECK(done.object()->getValue<std::string>("doneNote") ==
          "Không cần trả lời: Đã góp ý trực tiếp");
}
