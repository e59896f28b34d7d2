// The client of the national document axis against the mock axis of tests/support (which checks
// the XroadVnpt-* headers and the HMAC with its own code): signing as the SDK does, the HMAC
// checked with the openssl command, sending, listing, fetching, acknowledging, redelivery until
// acknowledged, delivery state, the directory, a wrong secret refused, answers bounded; the
// counts, downloadEdoc, getSynchronizeUnit, registerAgency and deleteAgency.
#include <catch2/catch.hpp>

#include <Poco/Net/ServerSocket.h>

#include <sys/stat.h>

#include "MockAxis.hpp"
#include "TestSupport.hpp"
#include "vanthu/exchange/AxisClient.hpp"
#include "vanthu/exchange/PackageWriter.hpp"

using namespace vanthu;
using namespace vanthu::exchange;
using vanthu::test::MockAxis;

namespace {

constexpr const char* kProvinceSystem = "000.00.00.H10";
constexpr const char* kDistrictSystem = "000.00.00.H20";
constexpr const char* kProvince = "000.00.00.H10.01";
constexpr const char* kDistrict = "000.00.00.H20.01";

MockAxis::System provinceSystem() {
    return {kProvinceSystem, "bi-mat-tinh", {{kProvince, "UBND tỉnh"}}};
}
MockAxis::System districtSystem() {
    return {kDistrictSystem, "bi-mat-huyen", {{kDistrict, "UBND huyện"}}};
}

AxisSettings settingsFor(const MockAxis& axis, const MockAxis::System& system) {
    AxisSettings settings;
    settings.endpoint = axis.url();
    settings.systemId = system.id;
    settings.secret = system.secret;
    settings.timeout = std::chrono::seconds(5);
    return settings;
}

std::string letter(const std::string& subject) {
    EdxmlPackage p;
    p.from.organId = kProvince;
    p.from.organName = "ỦY BAN NHÂN DÂN TỈNH";
    p.to = {{}};
    p.to[0].organId = kDistrict;
    p.to[0].organName = "ỦY BAN NHÂN DÂN HUYỆN";
    p.documentId = std::string(kProvince) + ",2026/06/16,12/UBND-VP";
    p.code = {"12", "UBND-VP"};
    p.promulgationInfo = {"Lạng Sơn", "2026/06/16"};
    p.documentType.type = 1;
    p.documentType.typeName = "Công văn";
    p.subject = subject;
    p.signerInfo = {"TM. ỦY BAN NHÂN DÂN", "Chủ tịch", "Nguyễn Văn A"};
    Attachment pdf;
    pdf.contentId = "0b6c7a8e-1f0e-4c1e-9a55-3d2f4a6b7c8d";
    pdf.attachmentName = "12-UBND-VP.signed.pdf";
    pdf.contentType = "application/pdf";
    pdf.bytes = "%PDF-1.7\n%%EOF\n";
    p.attachments.push_back(pdf);
    return writePackage(p, nullptr);
}

AxisError callError(const std::function<void()>& call) {
    try {
        call();
    } catch (const AxisError& e) {
        return e;
    }
    FAIL("the call did not fail");
    return AxisError(AxisFailure::BadAnswer, "", "", "");
}

} // namespace

TEST_CASE("axis: the parameters are signed as the SDK signs them, the HMAC as openssl computes it",
          "[axis]") {
    const auto headers = signAxisParameters({{"systemid", "000.00.00.H01"},
                                             {"timestamp", "16062026T093000+0042"},
                                             {"Content-Type", "application/json"},
                                             {"docId", "5f0000000000000000000001"}},
                                            "bí-mật");
    REQUIRE(headers.size() == 8);
    CHECK(headers[0] == std::pair<std::string, std::string>("XroadVnpt-systemid", "000.00.00.H01"));
    CHECK(headers[2].first == "XroadVnpt-Content-Type");
    CHECK(headers[4] == std::pair<std::string, std::string>(
                            "XroadVnpt-sign-header-key", "systemid;timestamp;Content-Type;docId"));
    const std::string json =
        R"({"XroadVnpt-systemid":"000.00.00.H01","XroadVnpt-timestamp":"16062026T093000+0042",)"
        R"("XroadVnpt-Content-Type":"application/json","XroadVnpt-docId":"5f0000000000000000000001"})";
    CHECK(headers[5] == std::pair<std::string, std::string>("XroadVnpt-sign-header", json));
    CHECK(headers[7] == std::pair<std::string, std::string>("XroadVnpt-version", "3.0.201608"));
    // The key is the secret's UTF-8 bytes as written (not base64-decoded).
    const auto openssl = test::run({"openssl", "dgst", "-sha256", "-hmac", "bí-mật"}, json);
    REQUIRE(openssl.exitCode == 0);
    CHECK(openssl.out.find(headers[6].second) != std::string::npos);
    CHECK(headers[6].first == "XroadVnpt-hash-header");
    CHECK(headers[6].second.size() == 64);
}

TEST_CASE("axis: hash-file drops each byte's leading zero, the timestamp is the SDK's", "[axis]") {
    // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
    CHECK(axisFileHash("abc") == "ba7816bf8f1cfea414140de5dae2223b0361a396177a9cb410ff61f2015ad");
    CHECK(axisTimestamp(0) == "01011970T070000+0000");
    CHECK(axisTimestamp(1781577000042) == "16062026T093000+0042"); // 02:30 UTC = 09:30 in Vietnam
}

TEST_CASE("axis: the secret comes from a file only its owner can read", "[axis]") {
    test::TempDir dir;
    const auto file = dir / "axis-secret";
    test::writeFile(file, "  bi-mat-tinh \n");
    ::chmod(file.c_str(), 0644);
    CHECK_THROWS_AS(readAxisSecret(file), AxisConfigError);
    ::chmod(file.c_str(), 0600);
    CHECK(readAxisSecret(file) == "bi-mat-tinh");
    test::writeFile(file, "\n");
    ::chmod(file.c_str(), 0600);
    CHECK_THROWS_AS(readAxisSecret(file), AxisConfigError);
    CHECK_THROWS_AS(readAxisSecret(dir / "missing"), AxisConfigError);
    AxisSettings noSecret;
    noSecret.endpoint = "https://axis.example.vn";
    noSecret.systemId = kProvinceSystem;
    CHECK_THROWS_AS(AxisClient(noSecret), AxisConfigError);
}

TEST_CASE("axis: a package travels from one system to the other and is offered until "
          "acknowledged",
          "[axis]") {
    MockAxis axis({provinceSystem(), districtSystem()});
    AxisClient province(settingsFor(axis, provinceSystem()));
    AxisClient district(settingsFor(axis, districtSystem()));
    const std::string package = letter("Về việc báo cáo kết quả");

    const auto sentId = province.sendEdoc(package, kProvince, AxisMessageType::Document);
    CHECK(sentId.size() == 24);
    CHECK(district.receivedList(AxisMessageType::Status).empty());
    auto waiting = district.receivedList(AxisMessageType::Document);
    REQUIRE(waiting.size() == 1);
    CHECK(waiting[0].from == kProvince);
    CHECK(waiting[0].docId != sentId); // the receiver's copy has its own id
    CHECK(district.getEdoc(waiting[0].docId) == package);
    CHECK(province.receivedList(AxisMessageType::Document).empty());

    // Not acknowledged: offered again.
    REQUIRE(district.receivedList(AxisMessageType::Document).size() == 1);
    const auto deliveries = province.sentList(sentId);
    REQUIRE(deliveries.size() == 1);
    CHECK(deliveries[0].receiverDocId == waiting[0].docId);
    CHECK(deliveries[0].receiver == kDistrict);
    CHECK(deliveries[0].receiveStatus == "initial");

    district.updateStatus(waiting[0].docId, AxisAcknowledgement::Done);
    CHECK(district.receivedList(AxisMessageType::Document).empty());
    CHECK(province.sentList(sentId)[0].receiveStatus == "done");

    const auto agencies = district.agencies();
    REQUIRE(agencies.size() == 2);
    CHECK(agencies[0].code == kProvince);
    CHECK(agencies[1].name == "UBND huyện");
    // The QĐ 20 list (its body {"level": "1"}, checked by the mock) with each code102; a
    // renamed office is listed under its new code with its oldCode.
    axis.renameOffice(kDistrict, "DEMO.UB.VQ2", "UBND huyện (mã mới)");
    const auto qd20 = district.agenciesQd20();
    REQUIRE(qd20.size() == 2);
    CHECK(qd20[1].code == "DEMO.UB.VQ2");
    CHECK(qd20[1].code102 == "DEMO.UB.VQ2");
    CHECK(qd20[1].oldCode == kDistrict);
    CHECK(qd20[0].oldCode.empty());
    CHECK(axis.calls().at("getAgenciesListQD20") == 1);
    CHECK(axis.refusals().empty());
}

TEST_CASE("axis: the counts, downloadEdoc, getSynchronizeUnit and the sub-unit calls, each "
          "signed and checked like the others",
          "[axis]") {
    MockAxis axis({provinceSystem(), districtSystem()});
    AxisClient province(settingsFor(axis, provinceSystem()));
    AxisClient district(settingsFor(axis, districtSystem()));
    CHECK(district.countReceived(AxisMessageType::Document) == 0);
    CHECK(district.countReceived(AxisMessageType::Status) == 0);
    const std::string package = letter("Về việc đếm văn bản chờ");
    province.sendEdoc(package, kProvince, AxisMessageType::Document);
    province.sendEdoc(letter("Văn bản thứ hai"), kProvince, AxisMessageType::Document);
    CHECK(district.countReceived(AxisMessageType::Document) == 2);
    CHECK(district.countReceived(AxisMessageType::Status) == 0);
    CHECK(province.countReceived(AxisMessageType::Document) == 0);

    // downloadEdoc: the package raw, byte for byte; an id of another system's copy refused.
    const auto waiting = district.receivedList(AxisMessageType::Document);
    REQUIRE(waiting.size() == 2);
    CHECK(district.downloadEdoc(waiting[0].docId) == package);
    const auto notYours = callError([&] { province.downloadEdoc(waiting[0].docId); });
    CHECK(notYours.failure() == AxisFailure::Refused);
    CHECK(notYours.call() == "downloadEdoc");
    district.updateStatus(waiting[0].docId, AxisAcknowledgement::Done);
    CHECK(district.countReceived(AxisMessageType::Document) == 1);

    // A sub-unit registered under the province's centre, under its office; the directory and
    // getSynchronizeUnit list it with its parent (pid: the parent's id), the centre's own
    // sub-unit under the centre has none.
    province.registerAgency(
        {"000.01.00.H10", "Sở Nội vụ", kProvince, "snv@example.vn", "0205 3870 001", ""});
    province.registerAgency({"000.02.00.H10", "Văn phòng UBND", kProvinceSystem, "", "", ""});
    CHECK(axis.parentOf("000.01.00.H10") == kProvince);
    const auto agencies = district.agencies();
    REQUIRE(agencies.size() == 4);
    auto parents = axisParentCodes(agencies);
    CHECK(parents.at("000.01.00.H10") == kProvince);
    CHECK(parents.at("000.02.00.H10").empty());
    CHECK(parents.at(kProvince).empty());
    auto units = district.synchronizeUnits();
    REQUIRE(units.size() == 4);
    CHECK(units[1].agency.code == "000.01.00.H10");
    CHECK(units[1].agency.name == "Sở Nội vụ");
    CHECK(units[1].centerCode == kProvinceSystem);
    CHECK_FALSE(units[1].deleted);
    // Registering again changes it; another centre's code or parent is refused.
    province.registerAgency({"000.01.00.H10", "Sở Nội vụ tỉnh", kProvince, "", "", ""});
    CHECK(axis.officesOf(kProvinceSystem).size() == 3);
    CHECK(callError([&] {
              district.registerAgency({"000.01.00.H10", "Chiếm mã", kDistrict, "", "", ""});
          }).failure() == AxisFailure::Refused);
    CHECK(callError([&] {
              district.registerAgency({"000.09.00.H20", "Sai cấp trên", kProvince, "", "", ""});
          }).failure() == AxisFailure::Refused);

    // Deleted: gone from the directory, listed as deleted by getSynchronizeUnit; only its own
    // centre may delete it.
    CHECK(callError([&] { district.deleteAgency("000.01.00.H10"); }).failure() ==
          AxisFailure::Refused);
    province.deleteAgency("000.01.00.H10");
    CHECK(district.agencies().size() == 3);
    units = district.synchronizeUnits();
    REQUIRE(units.size() == 4);
    CHECK(units[3].agency.code == "000.01.00.H10");
    CHECK(units[3].deleted);
    CHECK(axis.calls().at("registerAgency") == 3);
    CHECK(axis.calls().at("deleteAgency") == 1);
    CHECK(axis.calls().at("countReceiveEdoc") == 4);
    CHECK(axis.calls().at("downloadEdoc") == 1);

    // The same HMAC check: a wrong secret is refused on every one of these calls.
    auto wrong = settingsFor(axis, provinceSystem());
    wrong.secret = "bi-mat-khac";
    AxisClient impostor(wrong);
    const auto before = axis.refusals().size();
    for (const auto& call : std::vector<std::function<void()>>{
             [&] { impostor.countReceived(AxisMessageType::Document); },
             [&] { impostor.countReceived(AxisMessageType::Status); },
             [&] { impostor.downloadEdoc(waiting[1].docId); }, [&] { impostor.synchronizeUnits(); },
             [&] {
                 impostor.registerAgency({"000.03.00.H10", "X", kProvince, "", "", ""});
             },
             [&] { impostor.deleteAgency("000.02.00.H10"); }}) {
        const auto refused = callError(call);
        CHECK(refused.failure() == AxisFailure::Refused);
        CHECK(std::string(refused.what()).find("HMAC") != std::string::npos);
    }
    CHECK(axis.refusals().size() == before + 6);
    CHECK(axis.officesOf(kProvinceSystem).size() == 2);
}

TEST_CASE("axis: parent codes from pid, by id or by code", "[axis]") {
    std::vector<AxisAgency> list(5);
    list[0] = {"7", "000.00.00.H41", "UBND tỉnh", "", "0", "", ""};
    list[1] = {"8", "000.01.00.H41", "Sở", "", "7", "", ""};
    list[2] = {"9", "000.01.01.H41", "Phòng", "", "000.01.00.H41", "", ""};
    list[3] = {"10", "000.02.00.H41", "Sở lạ", "", "99", "", ""};
    list[4] = {"11", "", "Không mã", "", "7", "", ""};
    const auto parents = axisParentCodes(list);
    CHECK(parents.size() == 4);
    CHECK(parents.at("000.00.00.H41").empty());
    CHECK(parents.at("000.01.00.H41") == "000.00.00.H41");
    CHECK(parents.at("000.01.01.H41") == "000.01.00.H41");
    CHECK(parents.at("000.02.00.H41").empty());
}

TEST_CASE("axis: a wrong secret, a sender office of another system and an unknown id are "
          "refused, and the client says so",
          "[axis]") {
    MockAxis axis({provinceSystem(), districtSystem()});
    auto wrong = settingsFor(axis, provinceSystem());
    wrong.secret = "bi-mat-khac";
    AxisClient impostor(wrong);
    const auto refused =
        callError([&] { impostor.sendEdoc(letter("x"), kProvince, AxisMessageType::Document); });
    CHECK(refused.failure() == AxisFailure::Refused);
    CHECK(refused.call() == "sendEdoc");
    CHECK(refused.errorCode() == "-1");
    CHECK(std::string(refused.what()).find("HMAC") != std::string::npos);
    REQUIRE(axis.refusals().size() == 1);
    CHECK(axis.copies().empty());

    AxisClient district(settingsFor(axis, districtSystem()));
    const auto notOurs =
        callError([&] { district.sendEdoc(letter("x"), kProvince, AxisMessageType::Document); });
    CHECK(notOurs.failure() == AxisFailure::Refused);
    CHECK(std::string(notOurs.what()).find("khong dung voi ma da dang ky") != std::string::npos);
    CHECK(callError([&] { district.getEdoc("5f0000000000000000000099"); }).failure() ==
          AxisFailure::Refused);
    CHECK(axis.copies().empty());
}

TEST_CASE("axis: answers are bounded in size and time", "[axis]") {
    MockAxis axis({provinceSystem(), districtSystem()});
    auto small = settingsFor(axis, provinceSystem());
    small.maxAnswerBytes = 64;
    AxisClient client(small);
    CHECK(callError([&] { client.agencies(); }).failure() == AxisFailure::TooLarge);

    // A server that takes the connection and never answers.
    Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
    AxisSettings slow = settingsFor(axis, provinceSystem());
    slow.endpoint = "http://127.0.0.1:" + std::to_string(silent.address().port());
    slow.timeout = std::chrono::seconds(1);
    AxisClient hanging(slow);
    const auto start = std::chrono::steady_clock::now();
    CHECK(callError([&] { hanging.receivedList(AxisMessageType::Document); }).failure() ==
          AxisFailure::Unreachable);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}
