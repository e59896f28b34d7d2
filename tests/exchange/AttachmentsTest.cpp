// The payload as real writers send it: ContentIds with "cid:", the main document found by
// type and name, and files zipped alone by the SDK's rule unpacked within limits.
#include <catch2/catch.hpp>

#include <Poco/DateTime.h>
#include <Poco/Zip/Compress.h>

#include <sstream>

#include "vanthu/exchange/Attachments.hpp"
#include "vanthu/exchange/PackageReader.hpp"

using namespace vanthu::exchange;

namespace {

/// A zip of the given entries (name, bytes), deflated.
std::string zipOf(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::ostringstream out;
    Poco::Zip::Compress compress(out, true);
    for (const auto& [name, bytes] : entries) {
        std::istringstream in(bytes);
        compress.addFile(in, Poco::DateTime(2024, 2, 7), name);
    }
    compress.close();
    return out.str();
}

Attachment file(const std::string& name, const std::string& type, const std::string& bytes) {
    Attachment a;
    a.contentId = "id-" + name;
    a.attachmentName = name;
    a.contentType = type;
    a.bytes = bytes;
    return a;
}

} // namespace

TEST_CASE("bareContentId: cid: and angle brackets dropped", "[exchange]") {
    CHECK(bareContentId("cid:3f2c-1") == "3f2c-1");
    CHECK(bareContentId(" CID:3f2c-1 ") == "3f2c-1");
    CHECK(bareContentId("<3f2c-1>") == "3f2c-1");
    CHECK(bareContentId("3f2c-1") == "3f2c-1");
}

TEST_CASE("mainDocument: the first PDF, a ….signed.pdf preferred", "[exchange]") {
    const auto doc = file("bao-cao.docx", "application/docx", "d");
    const auto pdf = file("phu-luc.pdf", "application/pdf", "%PDF a");
    const auto signedPdf = file("7816-VPCP.signed.pdf", "application/pdf", "%PDF b");
    CHECK(mainDocument({doc, pdf}) == 1u);
    CHECK(mainDocument({doc, pdf, signedPdf}) == 2u);
    CHECK(mainDocument({file("x.pdf", "application/octet-stream", "%PDF")}) == 0u);
    CHECK_FALSE(mainDocument({doc}).has_value());
}

TEST_CASE("unpacked: a file the writer zipped alone comes out as it was", "[exchange]") {
    const std::string content(100'000, 'x');
    const auto zipped =
        file("bang-tinh.ods", "application/zip", zipOf({{"bang-tinh.ods", content}}));
    CHECK(isZippedFile(zipped));
    const auto out = unpacked(zipped);
    CHECK(out.bytes == content);
    CHECK(out.contentType == "application/vnd.oasis.opendocument.spreadsheet");
    CHECK(out.attachmentName == "bang-tinh.ods");

    // A real zip (its name ends in .zip) is the file itself.
    const auto archive = file("ho-so.zip", "application/zip", zipOf({{"a.txt", "a"}}));
    CHECK_FALSE(isZippedFile(archive));
    CHECK(unpacked(archive).bytes == archive.bytes);
}

TEST_CASE("unpacked: two entries, damage and zip bombs are refused naming the file", "[exchange]") {
    const auto refusal = [](const Attachment& a) {
        try {
            unpacked(a);
        } catch (const RefusedPackage& e) {
            CHECK(e.reason() == Refusal::Invalid);
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(
        refusal(file("a.ods", "application/zip", zipOf({{"a", "1"}, {"b", "2"}}))).find("a.ods") !=
        std::string::npos);
    CHECK_FALSE(refusal(file("a.ods", "application/zip", "PK\x03\x04 broken")).empty());
    CHECK_FALSE(refusal(file("a.ods", "application/zip", "not a zip")).empty());
    // 20 MiB of zeros deflate to ~20 KiB: over the ratio.
    const auto bomb =
        file("bomb.ods", "application/zip", zipOf({{"bomb.ods", std::string(20u << 20, '\0')}}));
    CHECK(refusal(bomb).find("giới hạn") != std::string::npos);
    UnzipLimits small;
    small.maxBytes = 1000;
    CHECK_THROWS_AS(
        unpacked(file("a.ods", "application/zip", zipOf({{"a.ods", std::string(5000, 'y')}})),
                 small),
        RefusedPackage);
}
