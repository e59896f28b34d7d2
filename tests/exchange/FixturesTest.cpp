// Packages in the shapes other systems put on the national axis (tests/data/edxml, written
// from ../shared/national-axis.md): the SDK's dialect, another writer's order, and every
// status, each read with the right fields.
#include <catch2/catch.hpp>

#include "TestSupport.hpp"
#include "vanthu/exchange/Attachments.hpp"
#include "vanthu/exchange/PackageReader.hpp"

using namespace vanthu;
using namespace vanthu::exchange;

namespace {

ParsedPackage fixture(const std::string& name) {
    return ParsedPackage::parse(test::readFile(test::testDataDir() / "edxml" / name));
}

} // namespace

TEST_CASE("fixtures: the SDK's dialect (cid: ContentIds, placeholder Signature)", "[exchange]") {
    const auto parsed = fixture("sdk-document.edxml");
    REQUIRE_FALSE(parsed.isStatus());
    const auto& p = parsed.document();
    CHECK(p.from.organId == "000.00.00.G22");
    CHECK(p.from.organName == "Văn phòng Chính phủ");
    REQUIRE(p.to.size() == 2);
    CHECK(p.to[0].organId == "000.00.00.H35");
    CHECK(p.to[1].organId == "000.00.00.H26");
    CHECK(p.documentId == "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT");
    CHECK(p.code == Code{"7816", "VPCP-TTĐT"});
    CHECK(p.promulgationInfo == PromulgationInfo{"Hà Nội", "2015/09/30"});
    CHECK(p.documentType.type == 1);
    CHECK(p.documentType.typeName == "Công văn");
    CHECK(p.subject == "V/v triển khai kết nối liên thông văn bản điện tử");
    CHECK(p.content.empty());
    CHECK(p.signerInfo.fullName == "Nguyễn Văn A");
    CHECK(p.dueDate == "2015/10/15");
    REQUIRE(p.otherInfo);
    CHECK(p.otherInfo->priority == 1);
    CHECK(p.otherInfo->direction == "false");
    CHECK(p.toPlaces.size() == 2);
    REQUIRE(p.bussiness);
    CHECK(p.bussiness->bussinessDocType == bussiness::kNew);
    CHECK(p.bussiness->documentId == p.documentId);
    CHECK(p.traceHeaders.size() == 1);
    CHECK(parsed.packageSignature().kind == PackageSignature::Kind::Placeholder);

    REQUIRE(p.attachments.size() == 3);
    CHECK(p.attachments[0].contentId == "5b7d3c1e-8f2a-4c6b-9d1e-2a3b4c5d6e01");
    CHECK(mainDocument(p.attachments) == 0u);
    CHECK(p.attachments[0].bytes.substr(0, 5) == "%PDF-");
    CHECK(isZippedFile(p.attachments[2]));
    const auto ods = unpacked(p.attachments[2]);
    CHECK(ods.attachmentName == "bang-tong-hop.ods");
    CHECK(ods.bytes.find("bang tong hop so lieu") != std::string::npos);
    CHECK_FALSE(isZippedFile(p.attachments[1])); // a docx is sent as it is
}

TEST_CASE("fixtures: another writer's order, an empty DigitalSignature, xlink attributes and "
          "bare ContentIds",
          "[exchange]") {
    const auto parsed = fixture("other-order-replacement.edxml");
    REQUIRE_FALSE(parsed.isStatus());
    const auto& p = parsed.document();
    CHECK(p.from.organId == "000.00.00.H35");
    REQUIRE(p.to.size() == 1);
    CHECK(p.to[0].organId == "000.01.32.H35");
    CHECK(p.documentId == "4f0e6a52-9c1d-4b7e-8a3f-2d5c6b7a8e90");
    CHECK(p.code == Code{"45", "QĐ-UBND"});
    CHECK(p.documentType.type == 18);
    CHECK(p.documentType.typeName == "Quyết định");
    CHECK(p.signerInfo.competence == "TM. ỦY BAN NHÂN DÂN");
    CHECK(p.otherInfo->pageAmount == 0); // empty
    CHECK(p.dueDate.empty());
    REQUIRE(p.bussiness);
    CHECK(p.bussiness->bussinessDocType == bussiness::kReplacement);
    CHECK(p.bussiness->documentId == "000.00.00.H35,2024/01/10,12/QĐ-UBND");
    CHECK(p.bussiness->bussinessDocReason == "Thay thế do sai sót về thời hạn");
    REQUIRE(p.bussiness->receivers.size() == 1);
    CHECK(p.bussiness->receivers[0].organId == "000.01.32.H35");
    REQUIRE(p.bussiness->replacements.size() == 1);
    CHECK(p.bussiness->replacements[0].organIds == std::vector<std::string>{"000.01.32.H35"});
    CHECK(parsed.packageSignature().kind == PackageSignature::Kind::Placeholder);
    // Two PDFs: the "….signed.pdf" one is the main document although it comes second.
    REQUIRE(p.attachments.size() == 2);
    CHECK(p.attachments[0].contentId == "a1");
    CHECK(mainDocument(p.attachments) == 1u);
    CHECK(p.attachments[1].attachmentName == "45-QD-UBND.signed.pdf");
}

TEST_CASE("fixtures: statuses 01-06, 13, 15 and 16 as MessageHeader with no body", "[exchange]") {
    for (const char* code : {"01", "02", "03", "04", "05", "06", "13", "15", "16"}) {
        INFO(code);
        const auto parsed = fixture(std::string("status-") + code + ".edxml");
        REQUIRE(parsed.isStatus());
        const auto& s = parsed.status();
        CHECK(s.statusCode == code);
        CHECK(s.responseFor.documentId == "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT");
        CHECK(s.responseFor.organId == "000.00.00.G22");
        CHECK(s.staffInfo.staff == "Phạm Thị D");
        CHECK_FALSE(s.description.empty());
        CHECK(s.timestamp == std::string("2015/10/01 08:") + code + ":00");
        CHECK(parsed.packageSignature().kind == PackageSignature::Kind::None);
    }
}
