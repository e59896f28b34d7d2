// The example packages in samples/edxml: valid for Xerces-C (our reader) and for libxml2's
// xmllint (so the schema is not only what Xerces-C accepts), and their signatures intact.
// `exchange_tests "[.samples]"` writes them again from the seed letter.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "ExchangeFixture.hpp"
#include "TestSupport.hpp"
#include "vanthu/exchange/PackageReader.hpp"
#include "vanthu/exchange/PackageWriter.hpp"

using namespace vanthu;
using namespace vanthu::exchange;

namespace {

std::filesystem::path samplesDir() {
    return test::sourceDir() / "samples" / "edxml";
}

std::vector<std::filesystem::path> samples() {
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(samplesDir())) {
        if (entry.path().extension() == ".edxml") {
            found.push_back(entry.path());
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

} // namespace

TEST_CASE("samples/edxml: every example package is valid for Xerces-C and xmllint, and "
          "its signature verifies",
          "[exchange]") {
    const auto files = samples();
    REQUIRE(files.size() >= 2);
    bool document = false, status = false;
    for (const auto& file : files) {
        INFO(file.filename().string());
        const auto parsed = ParsedPackage::parse(test::readFile(file));
        (parsed.isStatus() ? status : document) = true;
        // Signed with a throwaway demo seal whose certificate is in KeyInfo.
        REQUIRE(parsed.signerCertificate() != nullptr);
        CHECK(parsed.verifySignature({parsed.signerCertificate()}) == 0);
        const auto result =
            test::run({"xmllint", "--noout", "--schema",
                       (test::sourceDir() / "exchange/schema/edxml.xsd").string(), file.string()});
        INFO(result.err);
        CHECK(result.exitCode == 0);
    }
    CHECK(document);
    CHECK(status);
}

TEST_CASE("samples/edxml: the document package carries a sealed PDF", "[exchange]") {
    const auto parsed =
        ParsedPackage::parse(test::readFile(samplesDir() / "party-commune-cv-753.edxml"));
    const auto& pdf = parsed.document().attachments.at(0);
    CHECK(pdf.contentType == "application/pdf");
    CHECK(pdf.bytes.substr(0, 5) == "%PDF-");
    CHECK(pdf.bytes.find("(SealSignature)") != std::string::npos);
    CHECK(pdf.bytes.find("/ByteRange") != std::string::npos);
}

TEST_CASE("samples/edxml: write the example packages again", "[.samples]") {
    const auto& seal = *test::exchangeKeys().seal;
    auto package = test::fullPackage(test::sealedLetterPdf());
    package.attachments.resize(1);
    test::writeFile(samplesDir() / "party-commune-cv-753.edxml", writePackage(package, &seal));
    test::writeFile(samplesDir() / "status-registered.edxml",
                    writePackage(test::fullStatus(), &seal));
}
