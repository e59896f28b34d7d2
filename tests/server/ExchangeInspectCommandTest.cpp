// `vanthu exchange inspect`: the binary prints what the reader takes from the fixture packages
// of tests/data/edxml (and from what vanthu writes), or the problems; exit 0 usable, 1 not,
// 2 bad usage or an unreadable file.
#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include "TestSupport.hpp"

using namespace vanthu;

namespace {

std::string fixture(const std::string& name) {
    return (test::testDataDir() / "edxml" / name).string();
}

Poco::JSON::Object::Ptr inspectJson(const std::string& file, int expectedExit = 0) {
    const auto result = test::runVanthu({"exchange", "inspect", file, "--json"});
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == expectedExit);
    return Poco::JSON::Parser().parse(result.out).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

TEST_CASE("vanthu exchange inspect: the SDK's dialect", "[exchange][cli]") {
    const auto r = inspectJson(fixture("sdk-document.edxml"));
    CHECK(r->getValue<bool>("usable"));
    CHECK(r->getValue<std::string>("kind") == "document");
    CHECK(r->getObject("sender")->getValue<std::string>("organId") == "000.00.00.G22");
    CHECK(r->getArray("receivers")->size() == 2);
    CHECK(r->getValue<std::string>("documentId") == "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT");
    CHECK(r->getValue<std::string>("codeNumber") == "7816");
    CHECK(r->getValue<std::string>("codeNotation") == "VPCP-TTĐT");
    CHECK(r->getValue<std::string>("typeName") == "Công văn");
    CHECK(r->getValue<std::string>("promulgationDate") == "2015/09/30");
    CHECK(r->getValue<std::string>("subject") ==
          "V/v triển khai kết nối liên thông văn bản điện tử");
    CHECK(r->getObject("signer")->getValue<std::string>("fullName") == "Nguyễn Văn A");
    CHECK(r->getValue<int>("priority") == 1);
    CHECK(r->getObject("bussiness")->getValue<int>("type") == 0);
    CHECK(r->getObject("signature")->getValue<std::string>("kind") == "placeholder");
    const auto attachments = r->getArray("attachments");
    REQUIRE(attachments->size() == 3);
    CHECK(attachments->getObject(0)->getValue<std::string>("name") == "7816-VPCP-TTDT.signed.pdf");
    CHECK(attachments->getObject(0)->getValue<bool>("main"));
    CHECK_FALSE(attachments->getObject(1)->getValue<bool>("main"));
    CHECK(attachments->getObject(2)->getValue<bool>("zipped"));
    CHECK(attachments->getObject(2)->getValue<Poco::UInt64>("unpackedSize") == 880);
}

TEST_CASE("vanthu exchange inspect: another order, a replacement", "[exchange][cli]") {
    const auto r = inspectJson(fixture("other-order-replacement.edxml"));
    CHECK(r->getValue<std::string>("codeNotation") == "QĐ-UBND");
    CHECK(r->getValue<int>("type") == 18);
    const auto b = r->getObject("bussiness");
    CHECK(b->getValue<int>("type") == 3);
    CHECK(b->getValue<std::string>("documentId") == "000.00.00.H35,2024/01/10,12/QĐ-UBND");
    const auto attachments = r->getArray("attachments");
    REQUIRE(attachments->size() == 2);
    CHECK(attachments->getObject(1)->getValue<bool>("main"));
}

TEST_CASE("vanthu exchange inspect: every status fixture", "[exchange][cli]") {
    for (const char* code : {"01", "02", "03", "04", "05", "06", "13", "15", "16"}) {
        INFO(code);
        const auto r = inspectJson(fixture(std::string("status-") + code + ".edxml"));
        CHECK(r->getValue<std::string>("kind") == "status");
        CHECK(r->getValue<std::string>("statusCode") == code);
        CHECK(r->getObject("responseFor")->getValue<std::string>("documentId") ==
              "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT");
    }
    // The text form too.
    const auto text = test::runVanthu({"exchange", "inspect", fixture("status-03.edxml")});
    CHECK(text.exitCode == 0);
    CHECK(text.out.find("statusCode: 03 (đã tiếp nhận, vào sổ)") != std::string::npos);
    CHECK(text.out.find("usable: yes") != std::string::npos);
}

TEST_CASE("vanthu exchange inspect: vanthu's own samples", "[exchange][cli]") {
    const auto sample = (test::sourceDir() / "samples/edxml/party-commune-cv-753.edxml").string();
    const auto r = inspectJson(sample);
    CHECK(r->getObject("signature")->getValue<std::string>("kind") == "xmldsig");
    CHECK(r->getObject("signature")->getValue<bool>("intact"));
    const auto status =
        inspectJson((test::sourceDir() / "samples/edxml/status-registered.edxml").string());
    CHECK(status->getValue<std::string>("statusCode") == "03");
}

TEST_CASE("vanthu exchange inspect: problems, exit 1, bad usage or no file, exit 2",
          "[exchange][cli]") {
    test::TempDir dir;
    auto xml = test::readFile(fixture("status-03.edxml"));
    xml.replace(xml.find(">03<"), 4, ">07<");
    test::writeFile(dir / "bad.edxml", xml);
    const auto r = inspectJson((dir / "bad.edxml").string(), 1);
    CHECK_FALSE(r->getValue<bool>("usable"));
    REQUIRE(r->getArray("problems")->size() == 1);
    CHECK(r->getArray("problems")->getElement<std::string>(0).find("StatusCode") !=
          std::string::npos);
    std::string deep;
    for (int i = 0; i < 100000; ++i) {
        deep += "<a>";
    }
    test::writeFile(dir / "deep.edxml", deep);
    const auto refused = test::runVanthu({"exchange", "inspect", (dir / "deep.edxml").string()});
    CHECK(refused.exitCode == 1);
    CHECK(refused.out.find("problem: ") != std::string::npos);

    CHECK(test::runVanthu({"exchange", "inspect", (dir / "missing.edxml").string()}).exitCode == 2);
    CHECK(test::runVanthu({"exchange", "inspect"}).exitCode == 2);
    CHECK(test::runVanthu({"exchange", "frobnicate", "x"}).exitCode == 2);
}
