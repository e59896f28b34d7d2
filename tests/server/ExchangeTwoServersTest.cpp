// Two demo servers on loopback, in this process: a Party server (the Party committees) and a
// State server (the State offices), each the other's peer. A letter of the provincial Party
// committee to the Văn Quan district People's Committee travels as a signed edXML package,
// is registered there, and the status comes back; refused packages leave nothing behind; a
// peer that is down gets the package when it is back.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "ExchangeNode.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/exchange/PackageReader.hpp"
#include "vanthu/exchange/PackageWriter.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/SigningKey.hpp"

using namespace vanthu;
using namespace vanthu::test;

namespace {

TwoServers& servers() {
    static TwoServers instance;
    return instance;
}

std::optional<docmgmt::IncomingDocument> incomingBySubject(ExchangeNode& node,
                                                           const std::string& subject) {
    auto copies = districtCopies(node, subject);
    if (copies.empty()) {
        return std::nullopt;
    }
    return copies.front();
}

/// The document package the Party server sent for a document (built again, as on every retry).
std::string packageOf(ExchangeNode& party, http::Id documentId) {
    docmgmt::ExchangeOutbox outbox(party.backend().storage(), party.backend().blobs());
    for (http::Id id = 1; id < 100; ++id) {
        const auto item = outbox.find(id);
        if (item && item->kind == docmgmt::kOutboxDocument && item->documentId == documentId) {
            return party.outbox().packageFor(*item);
        }
    }
    FAIL("no outbox item for the document");
    return {};
}

/// A status "done" for a document of the province, as the district would send it.
exchange::MessageStatus doneStatus() {
    exchange::MessageStatus status;
    status.responseFor = {kProvince, "1-CV/TU", "2030/01/01", "x"};
    status.from.organId = kDistrict;
    status.from.organName = "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN";
    status.statusCode = "06";
    status.timestamp = "2030/01/01 00:00:00";
    return status;
}

/// A package posted to `to` as the outbox of the peer named `from` sends it.
ApiResponse postPackage(ExchangeNode& to, const std::string& xml,
                        const std::string& from = "party") {
    ApiClient client(to.port());
    client.setHeader("X-Vanthu-Peer", from);
    return client.request("POST", "/api/exchange/packages", xml, "application/xml");
}

} // namespace

TEST_CASE("exchange: a Party letter reaches the State server, is registered there, and the "
          "sender sees the status",
          "[exchange]") {
    auto& s = servers();
    const std::string subject = "báo cáo kết quả xây dựng chính quyền thân thiện";
    const auto documentId = issuePartyLetter(s.party, subject);
    CHECK(districtRecord(s.party, documentId).channel == docmgmt::DispatchChannel::Edxml);

    REQUIRE(s.party.outbox().deliverDue() == 1);
    const auto arrived = incomingBySubject(s.state, subject);
    REQUIRE(arrived);
    CHECK(arrived->channel == docmgmt::kChannelEdxml);
    CHECK(arrived->senderCode == kProvince);
    CHECK(arrived->senderPeer == "party");
    CHECK(arrived->notation.find("-CV/TU") != std::string::npos);
    CHECK(arrived->dueDate == "2030-06-30");
    CHECK(arrived->state == docmgmt::IncomingState::Arrived);
    // The sealed PDF came with it and its signatures check out against the Party CA.
    CHECK(arrived->signatureStatus == docmgmt::kSignaturesValid);

    // Status 01 (arrived) goes back by itself.
    REQUIRE(s.state.outbox().deliverDue() == 1);
    CHECK(districtRecord(s.party, documentId).statusCode == "01");

    // The State clerk registers it: 03 goes back.
    const auto registered =
        s.state.incoming().registerArrival(s.state.actor("vanthu.vq"), arrived->id);
    CHECK(registered.arrivalNumber);
    REQUIRE(s.state.outbox().deliverDue() == 1);
    const auto record = districtRecord(s.party, documentId);
    CHECK(record.statusCode == "03");
    REQUIRE(record.history.size() == 2);
    CHECK(record.history[0].statusCode == "01");
    CHECK(record.history[1].statusCode == "03");
}

TEST_CASE("exchange: a letter's attachments travel beside its PDF and are the receiver's "
          "incoming attachments",
          "[exchange][attachments]") {
    auto& s = servers();
    const std::string subject = "gửi kèm phụ lục số liệu xây dựng Đảng";
    auto author = s.party.as("chuyenvien.bg");
    auto leader = s.party.as("phobithu.bg");
    const auto created = author.post(
        "/api/documents", partyLetterJson(s.party.actor("phobithu.bg").user.id, subject));
    expectOk(created);
    const auto base =
        "/api/documents/" + std::to_string(created.object()->getValue<http::Id>("id"));
    const auto preview = author.get(base + "/pdf");
    expectOk(preview);
    const std::string docx = std::string("PK\x03\x04", 4) + std::string(300, 'x');
    Poco::JSON::Object annex, form;
    annex.set("name", "Phụ lục số liệu.pdf");
    annex.set("contentBase64", base64(preview.body));
    form.set("name", "Biểu mẫu.docx");
    form.set("contentBase64", base64(docx));
    expectOk(author.post(base + "/attachments", jsonText(annex)));
    expectOk(author.post(base + "/attachments", jsonText(form)));
    expectOk(author.post(base + "/submit"));
    expectOk(leader.post(base + "/approve"));
    expectOk(leader.post(base + "/sign"));
    expectOk(s.party.as("vanthu.bg").post(base + "/issue"));

    REQUIRE(s.party.outbox().deliverDue() >= 1);
    const auto arrived = incomingBySubject(s.state, subject);
    REQUIRE(arrived);
    auto clerk = s.state.as("vanthu.vq");
    const auto page = clerk.get("/api/incoming/" + std::to_string(arrived->id));
    expectOk(page);
    const auto files = page.object()->getArray("attachments");
    REQUIRE(files->size() == 2);
    CHECK(files->getObject(0)->getValue<std::string>("name") == "Phụ lục số liệu.pdf");
    CHECK(files->getObject(1)->getValue<std::string>("name") == "Biểu mẫu.docx");
    const auto incoming = "/api/incoming/" + std::to_string(arrived->id);
    CHECK(clerk.get(incoming + "/attachments/0").body == preview.body);
    CHECK(clerk.get(incoming + "/attachments/1").body == docx);
    // The letter itself is the signed PDF, not the PDF attachment.
    CHECK(arrived->signatureStatus == docmgmt::kSignaturesValid);
    s.state.outbox().deliverDue(); // status 01 back, as after every arrival
}

TEST_CASE("exchange: the same package twice registers once", "[exchange]") {
    auto& s = servers();
    const std::string subject = "gửi lại cùng một gói tin";
    const auto documentId = issuePartyLetter(s.party, subject);
    REQUIRE(s.party.outbox().deliverDue() == 1);
    const auto first = incomingBySubject(s.state, subject);
    REQUIRE(first);
    const auto again = postPackage(s.state, packageOf(s.party, documentId));
    INFO(again.body);
    REQUIRE(again.status == 200);
    CHECK(again.object()->getArray("incomingIds")->getElement<http::Id>(0) == first->id);
    int count = 0;
    for (const auto& doc : s.state.incomingOf(kDistrict)) {
        count += doc.subject == subject ? 1 : 0;
    }
    CHECK(count == 1);
    s.state.outbox().deliverDue();
}

TEST_CASE("exchange: tampered, unknown-peer, XML bomb and external-entity packages are refused "
          "with a JSON error and nothing is stored",
          "[exchange]") {
    auto& s = servers();
    const auto documentId = issuePartyLetter(s.party, "văn bản gốc để thử gói tin giả");
    const auto genuine = packageOf(s.party, documentId);
    const auto before = s.state.incomingOf(kDistrict).size();
    const auto refused = [&](const std::string& xml, int status, const std::string& code) {
        const auto start = std::chrono::steady_clock::now();
        const auto response = postPackage(s.state, xml);
        INFO(response.body);
        CHECK(response.status == status);
        CHECK(response.errorCode() == code);
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    };
    SECTION("tampered") {
        auto xml = genuine;
        const auto at = xml.find("văn bản gốc");
        REQUIRE(at != std::string::npos);
        xml.replace(at, std::string("văn bản gốc").size(), "văn bản giả");
        refused(xml, 403, "forbidden");
    }
    SECTION("from a peer nobody configured") {
        signing::DemoPkiOptions options;
        options.ecdsa = true;
        const signing::DemoPki pki(options);
        const auto key =
            signing::Pkcs12Key::fromBytes(pki.pkcs12(pki.seal(), "seal"), options.password);
        refused(exchange::writePackage(doneStatus(), key.get()), 403, "forbidden");
    }
    SECTION("unsigned") {
        refused(exchange::writePackage(doneStatus(), nullptr), 401, "unauthenticated");
    }
    SECTION("XML bomb") {
        std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE edXML [<!ENTITY a \"aaaaaaaaaa\">";
        for (char c = 'b'; c <= 'j'; ++c) {
            bomb += std::string("<!ENTITY ") + c + " \"";
            for (int i = 0; i < 10; ++i) {
                bomb += std::string("&") + static_cast<char>(c - 1) + ";";
            }
            bomb += "\">";
        }
        bomb += "]>\n<edXML>&j;</edXML>";
        refused(bomb, 400, "bad-request");
    }
    SECTION("external entity") {
        auto xml = genuine;
        xml.replace(xml.find("?>") + 2, 0,
                    "\n<!DOCTYPE edXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>");
        const auto at = xml.find("văn bản gốc");
        xml.replace(at, std::string("văn bản gốc").size(), "&x;");
        refused(xml, 400, "bad-request");
    }
    SECTION("an unknown element is tolerated, but it changes what was signed") {
        auto xml = genuine;
        const auto at = xml.find("<edXML:Subject>");
        xml.replace(at, 0, "<edXML:Evil/>");
        refused(xml, 403, "forbidden");
    }
    SECTION("no subject: not a usable package") {
        auto xml = genuine;
        const auto begin = xml.find("<edXML:Subject>");
        const auto end = xml.find("</edXML:Subject>") + std::string("</edXML:Subject>").size();
        xml.erase(begin, end - begin);
        refused(xml, 422, "invalid");
    }
    CHECK(s.state.incomingOf(kDistrict).size() == before);
    // The genuine one still goes through afterwards.
    REQUIRE(s.party.outbox().deliverDue() == 1);
    CHECK(s.state.incomingOf(kDistrict).size() == before + 1);
    s.state.outbox().deliverDue();
}

TEST_CASE("exchange: a peer that is down at issue gets the package when it is back", "[exchange]") {
    auto& s = servers();
    s.state.stop();
    const std::string subject = "gửi khi máy chủ bên nhận đang dừng";
    issuePartyLetter(s.party, subject);
    CHECK(s.party.outbox().deliverDue() == 0);
    docmgmt::ExchangeOutbox outbox(s.party.backend().storage(), s.party.backend().blobs());
    const auto pending = outbox.pending();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].attempts == 1);
    CHECK(pending[0].lastError.find("không gửi được") != std::string::npos);
    CHECK_FALSE(incomingBySubject(s.state, subject));

    s.state.start(s.party);
    // The retry waits (1 s in this test) before the next attempt.
    int delivered = 0;
    for (int i = 0; i < 40 && delivered == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        delivered = s.party.outbox().deliverDue();
    }
    CHECK(delivered == 1);
    CHECK(incomingBySubject(s.state, subject));
    CHECK(outbox.pending().empty());
}

namespace {

std::string replacedAll(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

std::string fixture(const std::string& name) {
    return readFile(testDataDir() / "edxml" / name);
}

/// The seal of an office of a node (demo data: password "vanthu").
std::unique_ptr<signing::Pkcs12Key> sealOf(ExchangeNode& node, const std::string& code) {
    return signing::Pkcs12Key::fromFile(node.office(code).sealKey, "vanthu");
}

} // namespace

TEST_CASE("exchange: a package in the SDK's dialect is received, its PDF found by cid: and its "
          "zipped file unpacked",
          "[exchange]") {
    auto& s = servers();
    // The fixture as the Party server would relay it: its offices' codes, signed with the
    // province's seal (the placeholder Signature stays and is ignored).
    auto xml = replacedAll(fixture("sdk-document.edxml"), "000.00.00.G22", kProvince);
    xml = replacedAll(xml, "000.00.00.H35", kDistrict);
    const auto signedXml = exchange::signPackage(xml, *sealOf(s.party, kProvince));
    const auto response = postPackage(s.state, signedXml);
    INFO(response.body);
    REQUIRE(response.status == 200);
    CHECK(response.object()->getValue<std::string>("kind") == "document");
    const std::string subject = "V/v triển khai kết nối liên thông văn bản điện tử";
    const auto listed = incomingBySubject(s.state, subject);
    REQUIRE(listed);
    const auto arrived = s.state.backend().storage().findIncoming(listed->id);
    REQUIRE(arrived);
    CHECK(arrived->senderCode == kProvince);
    CHECK(arrived->exchangeId == std::string(kProvince) + ",2015/09/30,7816/VPCP-TTĐT");
    CHECK(arrived->issuedDate == "2015-09-30");
    CHECK(arrived->signatureStatus == docmgmt::kSignaturesNone); // the fixture's PDF is unsigned
    CHECK(s.state.backend().blobs().get(arrived->pdf).find("Cong van 7816") != std::string::npos);
    REQUIRE(arrived->attachments.size() == 2);
    CHECK(arrived->attachments[0].name == "du-thao-huong-dan.docx");
    CHECK(arrived->attachments[1].name == "bang-tong-hop.ods");
    CHECK(s.state.backend().blobs().get(arrived->attachments[1].blob).size() == 880);
    // The same package again: registered once.
    const auto again = postPackage(s.state, signedXml);
    REQUIRE(again.status == 200);
    CHECK(again.object()->getArray("incomingIds")->getElement<http::Id>(0) == arrived->id);
    s.state.outbox().deliverDue(); // status 01 back to the province (its letter is unknown there)
}

TEST_CASE("exchange: status fixtures naming a letter by its comma DocumentId reach the letter",
          "[exchange]") {
    auto& s = servers();
    const auto documentId = issuePartyLetter(s.party, "thư để thử các gói trạng thái mẫu");
    const auto sent = exchange::ParsedPackage::parse(packageOf(s.party, documentId));
    const std::string commaId = sent.document().documentId;
    CHECK(commaId.rfind(std::string(kProvince) + ",", 0) == 0);
    REQUIRE(s.party.outbox().deliverDue() == 1);
    // 01 from the district itself (and a retry of an earlier test's 01 for a letter unknown
    // at the Party server).
    REQUIRE(s.state.outbox().deliverDue() >= 1);
    const auto seal = sealOf(s.state, kDistrict);
    int minute = 10;
    for (const char* code : {"03", "04", "05", "06"}) {
        INFO(code);
        auto xml = replacedAll(fixture(std::string("status-") + code + ".edxml"),
                               "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT", commaId);
        xml = replacedAll(xml, "000.00.00.H35", kDistrict);
        xml = replacedAll(xml, "000.00.00.G22", kProvince);
        // Later than the 01 the district sent just now.
        xml = replacedAll(xml, std::string("2015/10/01 08:") + code + ":00",
                          "2099/01/01 08:" + std::to_string(++minute) + ":00");
        const auto response = postPackage(s.party, exchange::signPackage(xml, *seal), "state");
        INFO(response.body);
        REQUIRE(response.status == 200);
        CHECK(response.object()->getValue<std::string>("kind") == "status");
        CHECK(districtRecord(s.party, documentId).statusCode == code);
    }
    CHECK(districtRecord(s.party, documentId).history.size() == 5);
}
