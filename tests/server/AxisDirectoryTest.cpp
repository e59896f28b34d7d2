// The national axis's directory of offices and the delivery of what is sent through it, on the
// shared two-server set-up (ExchangeNode's AxisServers: the Party and State demo servers and the
// mock axis, which also knows Văn phòng Chính phủ's system): the administrator synchronises the
// axis's directory (getAgenciesListQD20) into the office directory, a letter goes to an office
// picked from it, the sender sees that office's delivery state from getSentEdocList apart from
// its business statuses, and a renamed office keeps its old code routed; one package carries a
// letter to every recipient of the axis with all of them in its To; a refusal (02) and the
// other statuses come back through the axis.
#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "ExchangeNode.hpp"
#include "MockAxis.hpp"
#include "vanthu/exchange/AxisClient.hpp"
#include "vanthu/exchange/PackageReader.hpp"
#include "vanthu/exchange/PackageWriter.hpp"

using namespace vanthu;
using namespace vanthu::test;

namespace {

/// The office with this code in GET /api/offices, as a user of `node` sees it.
Poco::JSON::Object::Ptr officeNamed(ExchangeNode& node, const std::string& user,
                                    const std::string& code) {
    const auto offices = node.as(user).get("/api/offices");
    expectOk(offices);
    const auto list = offices.array();
    for (std::size_t i = 0; i < list->size(); ++i) {
        if (list->getObject(i)->getValue<std::string>("code") == code) {
            return list->getObject(i);
        }
    }
    return nullptr;
}

/// A recipient of a letter on `party` as GET /api/documents/{id}/recipients shows it.
Poco::JSON::Object::Ptr recipientJson(ExchangeNode& party, http::Id id, const std::string& code) {
    const auto answer =
        party.as("vanthu.bg").get("/api/documents/" + std::to_string(id) + "/recipients");
    expectOk(answer);
    const auto list = answer.array();
    for (std::size_t i = 0; i < list->size(); ++i) {
        if (list->getObject(i)->getValue<std::string>("recipientCode") == code) {
            return list->getObject(i);
        }
    }
    FAIL("no recipient " << code);
    return nullptr;
}

std::vector<MockAxis::Copy> copiesFor(const MockAxis& axis, const std::string& system) {
    std::vector<MockAxis::Copy> found;
    for (const auto& copy : axis.copies()) {
        if (copy.system == system && copy.messageType == "edoc") {
            found.push_back(copy);
        }
    }
    return found;
}

/// Văn phòng Chính phủ's system, which has no vanthu server: the test takes its packages.
exchange::AxisClient governmentSystem(const MockAxis& axis) {
    exchange::AxisSettings settings;
    settings.endpoint = axis.url();
    settings.systemId = kGovernmentSystem;
    settings.secret = kGovernmentSecret;
    return exchange::AxisClient(settings);
}

} // namespace

TEST_CASE("axis directory: synchronised from the axis with old codes kept, a letter to an office "
          "picked from it goes through the axis, and its delivery is shown apart from its "
          "statuses",
          "[exchange][axis][directory]") {
    AxisServers s;
    auto admin = s.party.as("quantri.bg");

    // Only an administrator synchronises; before that the axis's own office is unknown here.
    CHECK(s.party.as("vanthu.bg").post("/api/axis/directory").status == 403);
    CHECK(officeNamed(s.party, "chuyenvien.bg", kGovernmentOffice) == nullptr);
    const auto sync = admin.post("/api/axis/directory");
    expectOk(sync);
    const auto result = sync.object();
    CHECK(result->getValue<std::string>("list") == "getAgenciesListQD20");
    CHECK(result->getValue<std::string>("by") == "quantri.bg");
    CHECK(result->getValue<int>("listed") == 4);
    CHECK(result->getValue<int>("added") == 1); // Văn phòng Chính phủ
    CHECK(result->getValue<int>("kept") == 3);  // hosted here, or reached at the State server
    CHECK(s.axis.calls().at("getAgenciesListQD20") == 1);
    const auto status = admin.get("/api/axis");
    expectOk(status);
    CHECK(status.object()->getObject("lastDirectorySync")->getValue<int>("added") == 1);
    const auto audit = s.party.backend().storage().auditFor("directory");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].action == "directory-sync");
    CHECK(audit[0].username == "quantri.bg");

    // The drafter's picker lists it, marked as reached through the axis; the province (here)
    // is not, the district (the axis's "offices") is.
    const auto government = officeNamed(s.party, "chuyenvien.bg", kGovernmentOffice);
    REQUIRE(government);
    CHECK(government->getValue<std::string>("name") == "Văn phòng Chính phủ");
    CHECK(government->getValue<std::string>("peer") == "axis");
    CHECK(government->getValue<bool>("viaAxis"));
    CHECK(officeNamed(s.party, "chuyenvien.bg", kDistrict)->getValue<bool>("viaAxis"));
    CHECK_FALSE(officeNamed(s.party, "chuyenvien.bg", kProvince)->getValue<bool>("viaAxis"));
    CHECK(officeNamed(s.party, "chuyenvien.bg", kDistrict)->getValue<std::string>("peer") ==
          "state"); // the administrator's placing is kept

    // Again: nothing new.
    const auto again = admin.post("/api/axis/directory").object();
    CHECK(again->getValue<int>("added") == 0);
    CHECK(again->getValue<int>("unchanged") == 1);

    // A letter to the office picked from the directory travels through the axis to its system.
    const std::string subject = "báo cáo gửi Văn phòng Chính phủ qua trục";
    const auto id = issuePartyLetter(s.party, subject, {kGovernmentOffice});
    auto recipient = recipientJson(s.party, id, kGovernmentOffice);
    CHECK(recipient->getValue<std::string>("channel") == "edxml");
    CHECK(recipient->getValue<std::string>("peer") == "axis");
    CHECK(recipient->getObject("delivery")->getValue<std::string>("state") == "waiting");
    REQUIRE(s.party.outbox().deliverDue() == 1);
    const auto sent = copiesFor(s.axis, kGovernmentSystem);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].from == kProvince);
    CHECK(sent[0].to == kGovernmentOffice);
    const auto parsed = exchange::ParsedPackage::parse(sent[0].package);
    REQUIRE(parsed.document().to.size() == 1);
    CHECK(parsed.document().to[0].organId == kGovernmentOffice);
    CHECK(parsed.document().to[0].organName == "Văn phòng Chính phủ");

    // Delivery per receiver (getSentEdocList), apart from the business statuses.
    auto delivery = recipientJson(s.party, id, kGovernmentOffice)->getObject("delivery");
    CHECK(delivery->getValue<std::string>("via") == "axis");
    CHECK(delivery->getValue<std::string>("state") == "at-axis");
    CHECK(delivery->getValue<std::string>("axisDocId") == sent[0].senderDocId);
    CHECK(s.party.axis().checkDeliveries() == 1);
    delivery = recipientJson(s.party, id, kGovernmentOffice)->getObject("delivery");
    CHECK(delivery->getValue<std::string>("receiveStatus") == "initial");
    CHECK(delivery->getValue<std::string>("receiverDocId") == sent[0].docId);
    CHECK_FALSE(delivery->getValue<std::string>("checkedAt").empty());
    // Văn phòng Chính phủ's system takes it and acknowledges it.
    auto government_system = governmentSystem(s.axis);
    const auto waiting = government_system.receivedList(exchange::AxisMessageType::Document);
    REQUIRE(waiting.size() == 1);
    CHECK(government_system.getEdoc(waiting[0].docId) == sent[0].package);
    government_system.updateStatus(waiting[0].docId, exchange::AxisAcknowledgement::Done);
    CHECK(s.party.axis().checkDeliveries() == 1);
    recipient = recipientJson(s.party, id, kGovernmentOffice);
    delivery = recipient->getObject("delivery");
    CHECK(delivery->getValue<std::string>("receiveStatus") == "done");
    CHECK(delivery->getValue<std::string>("state") == "received");
    CHECK(recipient->getValue<std::string>("statusCode").empty()); // no business status yet
    CHECK(s.party.axis().checkDeliveries() == 0);                  // final: not asked again

    // The axis renames the office: the new code is added, the old one kept as dissolved into
    // it, and a letter written to the old code goes to the new one.
    s.axis.renameOffice(kGovernmentOffice, "000.00.00.G23", "Văn phòng Chính phủ (mã mới)");
    const auto renamed = admin.post("/api/axis/directory").object();
    CHECK(renamed->getValue<int>("added") == 1);
    CHECK(renamed->getValue<int>("oldCodes") == 1);
    const auto newOffice = officeNamed(s.party, "quantri.bg", "000.00.00.G23");
    REQUIRE(newOffice);
    const auto oldOffice = officeNamed(s.party, "quantri.bg", kGovernmentOffice);
    REQUIRE(oldOffice);
    CHECK_FALSE(oldOffice->getValue<std::string>("dissolvedOn").empty());
    CHECK(oldOffice->getValue<long>("successorId") == newOffice->getValue<long>("id"));
    const auto laterId = issuePartyLetter(s.party, "văn bản gửi theo mã cũ", {kGovernmentOffice});
    const auto rerouted = recipientJson(s.party, laterId, "000.00.00.G23");
    CHECK(rerouted->getValue<std::string>("channel") == "edxml");
    CHECK(rerouted->getValue<std::string>("note").find(kGovernmentOffice) != std::string::npos);
    REQUIRE(s.party.outbox().deliverDue() == 1);
    CHECK(copiesFor(s.axis, kGovernmentSystem).back().to == "000.00.00.G23");
    // The first letter's row keeps the old code; a status from the office under its new code
    // is recorded on it.
    exchange::MessageStatus arrived;
    arrived.from.organId = "000.00.00.G23";
    arrived.from.organName = "Văn phòng Chính phủ (mã mới)";
    arrived.responseFor = {kProvince, parsed.document().code.codeNotation,
                           parsed.document().promulgationInfo.promulgationDate,
                           parsed.document().documentId};
    arrived.statusCode = "01";
    arrived.timestamp = "2030/01/02 08:00:00";
    government_system.sendEdoc(exchange::writePackage(arrived, nullptr), "000.00.00.G23",
                               exchange::AxisMessageType::Status);
    CHECK(s.party.axis().receiveWaiting().stored == 1);
    const auto first = recipientJson(s.party, id, kGovernmentOffice);
    CHECK(first->getValue<std::string>("recipientName") == "Văn phòng Chính phủ");
    CHECK(first->getValue<std::string>("statusCode") == "01");
    CHECK(s.axis.refusals().empty());
}

TEST_CASE("axis exchange: one package carries a letter to every recipient on the axis, To naming "
          "them all, each receiver's delivery is kept, and a refusal (02) comes back through "
          "the axis",
          "[exchange][axis]") {
    AxisServers s;
    const std::string subject = "một gói tin cho mọi nơi nhận trên trục";
    const auto id = issuePartyLetter(s.party, subject, {kDistrict, kCommune});
    const auto sendsBefore = s.axis.calls().count("sendEdoc") ? s.axis.calls().at("sendEdoc") : 0;
    REQUIRE(s.party.outbox().deliverDue() == 2);             // both recipients' items …
    CHECK(s.axis.calls().at("sendEdoc") == sendsBefore + 1); // … in one package
    const auto sent = copiesFor(s.axis, kStateSystem);
    REQUIRE(sent.size() == 1); // the State system's one copy, naming both its offices
    CHECK(sent[0].to == std::string(kDistrict) + "," + kCommune);
    const auto parsed = exchange::ParsedPackage::parse(sent[0].package);
    REQUIRE(parsed.document().to.size() == 2);
    CHECK(parsed.document().to[0].organId == kDistrict);
    CHECK(parsed.document().to[1].organId == kCommune);
    const auto packageId = recipientJson(s.party, id, kDistrict)
                               ->getObject("delivery")
                               ->getValue<std::string>("axisDocId");
    CHECK(packageId == sent[0].senderDocId);
    CHECK(recipientJson(s.party, id, kCommune)
              ->getObject("delivery")
              ->getValue<std::string>("axisDocId") == packageId);

    // The State server stores it once for each office and acknowledges the one copy.
    CHECK(s.state.axis().receiveWaiting().stored == 1);
    REQUIRE(districtCopies(s.state, subject).size() == 1);
    std::optional<docmgmt::IncomingDocument> communeCopy;
    for (const auto& doc : s.state.incomingOf(kCommune)) {
        if (doc.subject == subject) {
            communeCopy = doc;
        }
    }
    REQUIRE(communeCopy);
    CHECK(s.party.axis().checkDeliveries() == 2);
    for (const auto* code : {kDistrict, kCommune}) {
        const auto delivery = recipientJson(s.party, id, code)->getObject("delivery");
        CHECK(delivery->getValue<std::string>("receiveStatus") == "done");
        CHECK(delivery->getValue<std::string>("receiverDocId") == sent[0].docId);
    }

    // 01 from each office; then the commune's clerk refuses it: 02 with the reason.
    REQUIRE(s.state.outbox().deliverDue() == 2);
    CHECK(s.party.axis().receiveWaiting().stored == 2);
    CHECK(districtRecord(s.party, id).statusCode == "01");
    s.state.incoming().refuse(s.state.actor("vanthu.nd"), communeCopy->id,
                              "Không thuộc thẩm quyền của xã");
    REQUIRE(s.state.outbox().deliverDue() == 1);
    const auto statuses = s.axis.copies();
    const auto& refusal = statuses.back();
    CHECK(refusal.messageType == "status");
    CHECK(refusal.from == kCommune);
    CHECK(refusal.to == kProvince);
    CHECK(exchange::ParsedPackage::parse(refusal.package).status().statusCode == "02");
    CHECK(s.party.axis().receiveWaiting().stored == 1);
    const auto commune = recipientJson(s.party, id, kCommune);
    CHECK(commune->getValue<std::string>("statusCode") == "02");
    CHECK(commune->getValue<std::string>("statusDescription") == "Không thuộc thẩm quyền của xã");
    // The business status and the delivery stay apart.
    CHECK(commune->getObject("delivery")->getValue<std::string>("state") == "received");
    CHECK(recipientJson(s.party, id, kDistrict)->getValue<std::string>("statusCode") == "01");
    CHECK(s.axis.refusals().empty());
}

TEST_CASE("axis directory: offices placed under the parents the axis lists, and the centre's "
          "sub-units registered and deleted by the installation administrator, audited",
          "[exchange][axis][directory]") {
    AxisServers s;
    auto admin = s.party.as("quantri.bg");
    // Văn phòng Chính phủ's system registers a department under it (registerAgency, as the
    // SDK sends it): the axis lists it with pid = the office's id; the QĐ 20 list has no pid,
    // so the sync takes the parents from getSynchronizeUnit.
    auto government = governmentSystem(s.axis);
    government.registerAgency({"000.01.00.G22", "Vụ Tổng hợp", kGovernmentOffice, "", "", ""});
    const auto sync = admin.post("/api/axis/directory");
    expectOk(sync);
    CHECK(sync.object()->getValue<int>("added") == 2);
    CHECK(sync.object()->getValue<std::string>("parentsFrom") == "getSynchronizeUnit");
    CHECK(sync.object()->getValue<int>("parents") == 1);
    CHECK(s.axis.calls().at("getSynchronizeUnit") == 1);
    const auto office = officeNamed(s.party, "quantri.bg", kGovernmentOffice);
    const auto department = officeNamed(s.party, "quantri.bg", "000.01.00.G22");
    REQUIRE(office);
    REQUIRE(department);
    CHECK(department->getValue<long>("parentId") == office->getValue<long>("id"));
    CHECK(office->isNull("parentId"));
    CHECK(s.party.backend()
              .storage()
              .auditFor("directory")
              .back()
              .detail.find("đổi cơ quan cấp trên 1") != std::string::npos);

    // Only the installation administrator registers the centre's sub-units (an office's
    // administrator is refused and the refusal audited).
    const auto agencies = "/api/axis/agencies";
    CHECK(s.party.as("quantri.bs").post(agencies, R"({"code": "DEMO.HU.BS"})").status == 403);
    CHECK(s.party.as("vanthu.bg").post(agencies, R"({"code": "DEMO.HU.BS"})").status == 403);
    // Checked before anything goes: an office not hosted here, a bad mail or telephone.
    CHECK(admin.post(agencies, std::string(R"({"code": ")") + kDistrict + "\"}").status == 404);
    auto bad = admin.post(agencies, R"({"code": "DEMO.HU.BS", "mail": "khong-co-a-cong"})");
    CHECK(bad.status == 422);
    CHECK(bad.body.find("mail") != std::string::npos);
    CHECK(admin.post(agencies, R"({"code": "DEMO.HU.BS", "mobile": "gọi tôi"})").status == 422);
    CHECK(admin.post(agencies, R"({"code": "bad code!"})").status == 422);
    CHECK(s.axis.calls().at("registerAgency") == 1); // only the government's

    // Registered under the centre (its parent office is not hosted here), then under the
    // province when given.
    auto registered = admin.post(agencies, R"({"code": "DEMO.HU.BS", "mail": "hu@bs.vn"})");
    expectOk(registered);
    CHECK(registered.object()->getValue<std::string>("name") == "HUYỆN ỦY BÌNH SƠN");
    CHECK(registered.object()->getValue<std::string>("parentCode") == kPartySystem);
    const auto partyOffices = [&] {
        std::vector<std::string> codes;
        for (const auto& [code, name] : s.axis.officesOf(kPartySystem)) {
            codes.push_back(code);
        }
        return codes;
    };
    CHECK(partyOffices() == std::vector<std::string>{kProvince, "DEMO.HU.BS"});
    expectOk(admin.post(agencies, std::string(R"({"code": "DEMO.HU.BS", "parentCode": ")") +
                                      kProvince + "\"}"));
    CHECK(s.axis.parentOf("DEMO.HU.BS") == kProvince);
    auto units = admin.get("/api/axis/units");
    expectOk(units);
    bool listed = false;
    const auto list = units.object()->getArray("units");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto unit = list->getObject(i);
        if (unit->getValue<std::string>("code") == "DEMO.HU.BS") {
            listed = unit->getValue<bool>("ours") && !unit->getValue<bool>("deleted");
        }
    }
    CHECK(listed);

    // Deleted: gone from the axis's directory, listed as deleted.
    CHECK(s.party.as("quantri.bs").request("DELETE", "/api/axis/agencies/DEMO.HU.BS").status ==
          403);
    expectOk(admin.request("DELETE", "/api/axis/agencies/DEMO.HU.BS"));
    CHECK(partyOffices() == std::vector<std::string>{kProvince});
    const auto notOurs =
        admin.request("DELETE", std::string("/api/axis/agencies/") + kGovernmentOffice);
    CHECK(notOurs.status == 502);
    CHECK(notOurs.body.find("khong thuoc trung tam") != std::string::npos);
    const auto trail = s.party.backend().storage().auditFor("axis-agency/DEMO.HU.BS");
    std::vector<std::string> actions;
    for (const auto& entry : trail) {
        actions.push_back(entry.action);
    }
    CHECK(std::count(actions.begin(), actions.end(), "axis-agency-register") == 2);
    CHECK(std::count(actions.begin(), actions.end(), "axis-agency-delete") == 1);
    CHECK(s.party.backend().storage().auditFor("axis-agencies").size() == 2); // the refusals

    // The same from the command line (`vanthu admin axis`, another process): registered, listed,
    // unregistered, audited as cli:<login>; a bad value is one line and exit 2.
    const auto cli = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"admin", "axis"});
        args.insert(args.end(), {"--data", s.party.dataDir().string(), "--peers",
                                 s.party.peersFile().string()});
        return runVanthu(args);
    };
    auto run = cli({"register", "--code", "DEMO.DU.BL", "--mobile", "0213 3876 543"});
    INFO(run.out << run.err);
    CHECK(run.exitCode == 0);
    CHECK(run.out.find("DEMO.DU.BL") != std::string::npos);
    CHECK(partyOffices() == std::vector<std::string>{kProvince, "DEMO.DU.BL"});
    run = cli({"units"});
    CHECK(run.exitCode == 0);
    CHECK(run.out.find("DEMO.DU.BL\tĐẢNG ỦY XÃ BÌNH LƯ\ttrung tâm 000.00.00.P01") !=
          std::string::npos);
    run = cli({"waiting"});
    CHECK(run.exitCode == 0);
    CHECK(run.out.find("văn bản chờ nhận: 0") != std::string::npos);
    run = cli({"register", "--code", "DEMO.DU.BL", "--mail", "khong-co-a-cong"});
    CHECK(run.exitCode == 2);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    run = cli({"unregister", "--code", kGovernmentOffice}); // the axis refuses: exit 1
    CHECK(run.exitCode == 1);
    run = cli({"unregister", "--code", "DEMO.DU.BL"});
    CHECK(run.exitCode == 0);
    CHECK(partyOffices() == std::vector<std::string>{kProvince});
    const auto cliTrail = s.party.backend().storage().auditFor("axis-agency/DEMO.DU.BL");
    REQUIRE(cliTrail.size() == 2);
    CHECK(cliTrail[0].action == "axis-agency-register");
    CHECK(cliTrail[1].action == "axis-agency-delete");
    CHECK(cliTrail[0].username.rfind("cli:", 0) == 0);

    // What waits for this system, for the administrator.
    const auto waiting = admin.get("/api/axis/waiting");
    expectOk(waiting);
    CHECK(waiting.object()->getValue<long>("documents") == 0);
    CHECK(waiting.object()->getValue<long>("statuses") == 0);
    CHECK(s.party.as("vanthu.bg").get("/api/axis/waiting").status == 403);
}
