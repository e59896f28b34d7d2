// An attachment in a separate file: the seal signature at the top right of page 1, no image,
// the number and notation and the signing time (ISO 8601, +07:00) in 10 pt of an embedded font
// (NĐ 30/2020, Phụ lục I; standards.md §5).
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "SigningFixtures.hpp"

using namespace vanthu::test;

TEST_CASE("vanthu sign --attachment puts the number and time at the top right of page 1",
          "[sign][cli][attachment]") {
    TempDir dir;
    const auto pki = demoPkiDir();
    writeFile(dir / "attachment.pdf", makeLetterPdf(false));
    const auto sign = runVanthu({"sign", (dir / "attachment.pdf").string(), "-o",
                                 (dir / "out.pdf").string(), "--p12", (pki / "seal.p12").string(),
                                 "--role", "seal", "--attachment", "05/UBND-NV"});
    INFO(sign.err);
    REQUIRE(sign.exitCode == 0);
    const auto out = (dir / "out.pdf").string();

    // The top right corner of the A4 page (595 x 842 pt): the right half, the top 70 pt.
    const auto corner = run({"pdftotext", "-f", "1", "-l", "1", "-x", "297", "-y", "0", "-W", "298",
                             "-H", "70", out, "-"});
    INFO(corner.out);
    CHECK(corner.out.find("05/UBND-NV") != std::string::npos);
    CHECK(std::regex_search(corner.out, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00)")));
    // 10 pt: a word's box is about 11 pt high.
    const auto boxes = run({"pdftotext", "-bbox", "-f", "1", "-l", "1", out, "-"});
    std::smatch m;
    REQUIRE(std::regex_search(
        boxes.out, m,
        std::regex(R"re(yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">05/UBND-NV<)re")));
    const double height = std::stod(m[2]) - std::stod(m[1]);
    CHECK(height > 9);
    CHECK(height < 13);
    // Every font is embedded (no base-14 font).
    const auto fonts = run({"pdffonts", out});
    INFO(fonts.out);
    std::istringstream lines(fonts.out);
    std::string line;
    int count = 0;
    for (int i = 0; std::getline(lines, line); ++i) {
        if (i >= 2 && !line.empty()) {
            ++count;
            CHECK(line.find(" yes ") != std::string::npos);
        }
    }
    CHECK(count >= 1);

    const auto sig = pdfsig(dir / "out.pdf");
    INFO(sig.out);
    CHECK(sig.out.find("Signature is Valid.") != std::string::npos);
    CHECK(sig.out.find("Total document signed") != std::string::npos);
    const auto verify = runVanthu({"verify", out, "--trust", (pki / "ca.pem").string(), "--json"});
    INFO(verify.out);
    CHECK(verify.exitCode == 0);
    CHECK(verify.out.find("\"role\": \"seal\"") != std::string::npos);
    CHECK(verify.out.find("\"locksDocument\": true") != std::string::npos);
}

TEST_CASE("vanthu sign --attachment refuses an image", "[sign][cli][attachment]") {
    TempDir dir;
    const auto pki = demoPkiDir();
    writeFile(dir / "attachment.pdf", makeLetterPdf(false));
    const auto sign =
        runVanthu({"sign", (dir / "attachment.pdf").string(), "-o", (dir / "out.pdf").string(),
                   "--p12", (pki / "seal.p12").string(), "--role", "seal", "--attachment",
                   "05/UBND-NV", "--image", (pki / "seal.png").string()});
    CHECK(sign.exitCode != 0);
}
