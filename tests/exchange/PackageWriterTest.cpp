// Writing packages: every field survives a round trip through XML, the signature is the kind
// the standard asks for, and libxml2 (an independent validator) accepts what we write.
#include <catch2/catch.hpp>

#include "ExchangeFixture.hpp"
#include "TestSupport.hpp"
#include "vanthu/exchange/PackageReader.hpp"
#include "vanthu/exchange/PackageWriter.hpp"

using namespace vanthu;
using namespace vanthu::exchange;

namespace {

std::vector<X509*> trustSeal() {
    return {test::exchangeKeys().stranger->certificate(), test::exchangeKeys().seal->certificate()};
}

void xmllintAccepts(const std::string& xml) {
    test::TempDir dir;
    test::writeFile(dir / "package.edxml", xml);
    const auto result = test::run({"xmllint", "--noout", "--schema",
                                   (test::sourceDir() / "exchange/schema/edxml.xsd").string(),
                                   (dir / "package.edxml").string()});
    INFO(result.err);
    CHECK(result.exitCode == 0);
}

} // namespace

TEST_CASE("EdxmlPackage: every field of a document package survives write and read", "[exchange]") {
    const auto package = test::fullPackage(test::sealedLetterPdf());
    const auto xml = writePackage(package, test::exchangeKeys().seal.get());
    const auto parsed = ParsedPackage::parse(xml);
    REQUIRE_FALSE(parsed.isStatus());
    CHECK(parsed.document() == package);
    CHECK(parsed.document().attachments.at(0).bytes == test::sealedLetterPdf());
    CHECK(parsed.verifySignature(trustSeal()) == 1);
    CHECK(X509_cmp(parsed.signerCertificate(), test::exchangeKeys().seal->certificate()) == 0);
    xmllintAccepts(xml);
}

TEST_CASE("EdxmlPackage: the smallest document package (optional parts left out)", "[exchange]") {
    EdxmlPackage p;
    p.from = test::organ("DEMO.TU.BG", "TỈNH ỦY BẮC GIANG");
    p.to = {test::organ("DEMO.UB.VQ", "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN")};
    p.code = {"2858", "CV/TU"};
    p.promulgationInfo = {"Bắc Giang", "2024/02/07"};
    p.documentType = {1, "", "Công văn"};
    p.subject = "nâng cao chất lượng chính quyền thân thiện";
    p.signerInfo.fullName = "Lê Thị Thu Hồng";
    p.documentId = "DEMO.TU.BG,2024/02/07,2858/CV/TU";
    const auto xml = writePackage(p, test::exchangeKeys().seal.get());
    CHECK(xml.find("OtherInfo") == std::string::npos);
    CHECK(xml.find("AttachmentEncoded") == std::string::npos);
    const auto parsed = ParsedPackage::parse(xml);
    CHECK(parsed.document() == p);
    xmllintAccepts(xml);
}

TEST_CASE("MessageStatus: every field of a status package survives write and read", "[exchange]") {
    const auto status = test::fullStatus();
    const auto xml = writePackage(status, test::exchangeKeys().seal.get());
    const auto parsed = ParsedPackage::parse(xml);
    REQUIRE(parsed.isStatus());
    CHECK(parsed.status() == status);
    CHECK_THROWS_AS(parsed.document(), std::logic_error);
    CHECK(parsed.verifySignature(trustSeal()) == 1);
    xmllintAccepts(xml);
}

TEST_CASE("EdxmlPackage: the signature is enveloped, RSA-SHA256, exclusive C14N, with the seal "
          "certificate",
          "[exchange]") {
    const auto xml = writePackage(test::fullStatus(), test::exchangeKeys().seal.get());
    CHECK(xml.find("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256") != std::string::npos);
    CHECK(xml.find("http://www.w3.org/2001/10/xml-exc-c14n#") != std::string::npos);
    CHECK(xml.find("http://www.w3.org/2000/09/xmldsig#enveloped-signature") != std::string::npos);
    CHECK(xml.find("<ds:X509Certificate>") != std::string::npos);
    // The signature is the last child of edXMLHeader.
    CHECK(xml.find("</ds:Signature>") < xml.find("</edXML:edXMLHeader>"));
    CHECK(xml.find("</edXML:MessageHeader>") < xml.find("<ds:Signature"));
}

namespace {

/// Where each of the names first occurs in text, which must be in this order.
void inOrder(const std::string& text, const std::vector<std::string>& names) {
    std::size_t last = 0;
    for (const auto& name : names) {
        INFO(name);
        const auto at = text.find("<edXML:" + name + ">", last);
        REQUIRE(at != std::string::npos);
        last = at;
    }
}

} // namespace

TEST_CASE("EdxmlPackage: a document package in the SDK's shape", "[exchange]") {
    const auto xml = writePackage(test::fullPackage("%PDF-1.7 x"), nullptr);
    inOrder(xml, {"From",
                  "To",
                  "DocumentId",
                  "Code",
                  "PromulgationInfo",
                  "DocumentType",
                  "Type",
                  "TypeDetail",
                  "TypeName",
                  "Subject",
                  "Content",
                  "SignerInfo",
                  "DueDate",
                  "OtherInfo",
                  "Direction",
                  "ResponseFor",
                  "SteeringType",
                  "ToPlaces",
                  "TraceHeaderList",
                  "TraceHeader",
                  "Bussiness",
                  "DocumentId",
                  "BussinessDocType",
                  "Paper",
                  "ReceiverList",
                  "ReplacementInfoList",
                  "edXMLBody"});
    CHECK(xml.find("<edXML:edXMLManifest version=\"1.0\">") != std::string::npos);
    inOrder(xml, {"Reference", "ContentId", "ContentType", "Description", "AttachmentName",
                  "AttachmentEncoded", "Attachment", "ContentId", "AttachmentName", "Description",
                  "ContentType", "ContentTransferEncoded"});
    CHECK(xml.find("<edXML:ContentId>cid:1c2d3e4f-0000-4000-8000-000000000001</edXML:ContentId>") !=
          std::string::npos);
    CHECK(xml.find("<edXML:DocumentId>000.00.12.H35,2024/02/07,753/CV/ĐU</edXML:DocumentId>") !=
          std::string::npos);
}

TEST_CASE("MessageStatus: a status is a MessageHeader with StatusCode, no trace list, no body",
          "[exchange]") {
    const auto xml = writePackage(test::fullStatus(), nullptr);
    inOrder(xml, {"MessageHeader", "From", "ResponseFor", "StaffInfo", "StatusCode", "Description",
                  "Timestamp"});
    CHECK(xml.find("MessageStatus") == std::string::npos);
    CHECK(xml.find("TraceHeaderList") == std::string::npos);
    CHECK(xml.find("edXMLBody") == std::string::npos);
    CHECK(xml.find("AttachmentEncoded") == std::string::npos);
    CHECK(xml.find("Signature") == std::string::npos);
    xmllintAccepts(xml);
}

TEST_CASE("commaDocumentId: sender, date, number/notation", "[exchange]") {
    CHECK(commaDocumentId("000.00.00.G22", "2015/09/30", {"7816", "VPCP-TTĐT"}) ==
          "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT");
}

TEST_CASE("EdxmlPackage: an ECDSA seal (demo keys) signs with ECDSA-SHA256", "[exchange]") {
    const auto& key = *test::exchangeKeys().ecSeal;
    const auto xml = writePackage(test::fullStatus(), &key);
    CHECK(xml.find("xmldsig-more#ecdsa-sha256") != std::string::npos);
    CHECK(ParsedPackage::parse(xml).verifySignature({key.certificate()}) == 0);
}

TEST_CASE("EdxmlPackage: Vietnamese text and XML special characters are escaped, not lost",
          "[exchange]") {
    auto p = test::fullPackage("%PDF-1.7 tiny");
    p.subject = "a < b & c > d \"e\" 'f' — Đắk Lắk ồ ữ 𝔸";
    const auto xml = writePackage(p, nullptr);
    CHECK(xml.find("a &lt; b &amp; c &gt; d") != std::string::npos);
    CHECK(ParsedPackage::parse(xml).document().subject == p.subject);
}
