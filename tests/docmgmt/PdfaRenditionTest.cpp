// The PDF/A rendition beside each signed original in an archive package (NĐ 30 Phụ lục VI
// III.5e; docs/archive.md, "PDF/A renditions"), checked with tools that are not vanthu's:
// exiftool reads the XMP's pdfaid, qpdf the OutputIntent and the file's structure, pdffonts the
// embedded fonts, pdftotext the text. No PDF/A validator (veraPDF) is packaged in Debian 12.
#include <catch2/catch.hpp>

#include "CaseFileFixtures.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/PdfaRendition.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;
using vanthu::test::readFile;
using vanthu::test::run;
using vanthu::test::TempDir;
namespace fs = std::filesystem;

namespace {

/// The tool's output; the test fails (never skips) when the tool is missing.
std::string output(const std::vector<std::string>& argv) {
    const auto result = run(argv);
    INFO(argv.front() << ": " << result.err);
    REQUIRE(result.exitCode == 0);
    return result.out;
}

std::string collapsed(const std::string& text) {
    std::string out;
    for (const auto& word : vanthu::test::words(text)) {
        out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

} // namespace

TEST_CASE("PDF/A renditions: each signed original keeps its bytes and has a PDF/A-2b copy with "
          "pdfaid, an sRGB OutputIntent, embedded fonts and the same text",
          "[archive][pdfa]") {
    DemoWorld world;
    const auto now = world.now;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, [now] { return now->load(); });
    const auto file = vanthu::test::closedCaseFile(world, files);
    const auto clerk = world.actor("vanthu.vq");

    TempDir out;
    const fs::path zip = out / "HS-01.zip";
    vanthu::test::writeFile(zip, files.exportPackage(clerk, file.id));
    const fs::path dir = out / "p";
    REQUIRE(run({"unzip", "-q", zip.string(), "-d", dir.string()}).exitCode == 0);
    const auto docs = files.documents(clerk, file.id);
    REQUIRE(docs.size() == 2);

    const std::string manifest = readFile(dir / kManifestName);
    for (int i = 1; i <= 2; ++i) {
        const std::string n = "00" + std::to_string(i);
        const fs::path original = dir / ("documents/" + n + ".pdf");
        const fs::path rendition = dir / ("renditions/" + n + ".pdf");
        INFO(rendition);
        // the original is the stored signed PDF, byte for byte
        CHECK(readFile(original) ==
              world.blobs->get(docs[static_cast<std::size_t>(i - 1)].pdfBlob));
        REQUIRE(fs::exists(rendition));
        const std::string bytes = readFile(rendition);
        // the manifest lists it (attributes in the canonical order of the sealed manifest)
        const auto at = manifest.find("path=\"renditions/" + n + ".pdf\"");
        REQUIRE(at != std::string::npos);
        const auto element = manifest.substr(manifest.rfind("<Rendition", at), 300);
        CHECK(element.find("format=\"PDF/A-2b\"") != std::string::npos);
        CHECK(element.find("size=\"" + std::to_string(bytes.size()) + "\"") != std::string::npos);
        CHECK(element.find("sha256=\"" + sha256Hex(bytes) + "\"") != std::string::npos);

        // XMP: pdfaid:part 2, conformance B (exiftool)
        const auto xmp = output({"exiftool", "-s", "-s", "-s", "-XMP-pdfaid:Part",
                                 "-XMP-pdfaid:Conformance", rendition.string()});
        CHECK(xmp == "2\nB\n");
        // structure, and the OutputIntent with its ICC profile in the catalog (qpdf)
        CHECK(run({"qpdf", "--check", rendition.string()}).exitCode == 0);
        const fs::path qdf = out / ("qdf-" + n + ".pdf");
        REQUIRE(run({"qpdf", "--qdf", "--object-streams=disable", rendition.string(), qdf.string()})
                    .exitCode == 0);
        const std::string plain = readFile(qdf);
        CHECK(plain.find("/OutputIntents") != std::string::npos);
        CHECK(plain.find("/GTS_PDFA1") != std::string::npos);
        CHECK(plain.find("/DestOutputProfile") != std::string::npos);
        CHECK(plain.find("sRGB IEC61966-2.1") != std::string::npos);
        CHECK(plain.find("/Encrypt") == std::string::npos);
        // every font embedded (pdffonts: the "emb" column)
        const auto fonts = output({"pdffonts", rendition.string()});
        CHECK(fonts.find(" no ") == std::string::npos);
        std::istringstream lines(fonts);
        int fontLines = 0;
        for (std::string line; std::getline(lines, line);) {
            fontLines += line.find("yes") != std::string::npos ? 1 : 0;
        }
        CHECK(fontLines > 0);
        // the same text as the signed original, Vietnamese intact (pdftotext)
        const auto text = collapsed(output({"pdftotext", rendition.string(), "-"}));
        CHECK(text == collapsed(output({"pdftotext", original.string(), "-"})));
        CHECK(text.find(docs[static_cast<std::size_t>(i - 1)].subject.substr(0, 20)) !=
              std::string::npos);
    }
    // the package verifies; a changed rendition is found
    CHECK(verifyArchivePackage(dir).status == ArchiveVerification::Status::Valid);
    std::string changed = readFile(dir / "renditions/002.pdf");
    changed[changed.size() / 2] ^= 0x01;
    vanthu::test::writeFile(dir / "renditions/002.pdf", changed);
    const auto broken = verifyArchivePackage(dir);
    CHECK(broken.status == ArchiveVerification::Status::Invalid);
    REQUIRE_FALSE(broken.problems.empty());
    CHECK(broken.problems.front().find("renditions/002.pdf") != std::string::npos);
}

TEST_CASE("PDF/A renditions: what is not a PDF is refused with Ghostscript's reason", "[pdfa]") {
    CHECK_THROWS_AS(pdfaRendition("not a PDF at all"), RenditionFailed);
}
