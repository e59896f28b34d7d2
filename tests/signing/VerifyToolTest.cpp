// vanthu-verify: the verifier alone gives the same verdicts and exit codes as 'vanthu verify'.
#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"
#include "vanthu/signing/PadesSigner.hpp"

using namespace vanthu::test;
using namespace vanthu::signing;

TEST_CASE("vanthu-verify agrees with vanthu verify", "[verify][cli]") {
    TempDir dir;
    const auto key = demoKey("signer1");
    const std::string signedPdf = PadesSigner(SignOptions{}).sign(makeLetterPdf(), *key);
    writeFile(dir / "good.pdf", signedPdf);
    std::string tampered = signedPdf;
    tampered.replace(tampered.find("Kids"), 4, "Kidz");
    writeFile(dir / "bad.pdf", tampered);
    writeFile(dir / "junk.pdf", "%PDF-1.7\ngarbage");
    const std::string ca = (demoPkiDir() / "ca.pem").string();
    for (const char* name : {"good.pdf", "bad.pdf", "junk.pdf"}) {
        const std::string file = (dir / name).string();
        const auto tool = run({VANTHU_VERIFY_BINARY, file, "--trust", ca, "--json"});
        const auto cli = runVanthu({"verify", file, "--trust", ca, "--json"});
        INFO(name << "\n" << tool.out << tool.err << "\n" << cli.out << cli.err);
        CHECK(tool.exitCode == cli.exitCode);
        CHECK(tool.out == cli.out);
    }
    CHECK(run({VANTHU_VERIFY_BINARY, (dir / "good.pdf").string(), "--trust", ca}).exitCode == 0);
    CHECK(run({VANTHU_VERIFY_BINARY, (dir / "bad.pdf").string(), "--trust", ca}).exitCode == 1);
    CHECK(run({VANTHU_VERIFY_BINARY, (dir / "junk.pdf").string(), "--trust", ca}).exitCode == 2);
}
