// End to end on the renderer's own output: render, sign, seal, verify with vanthu, pdfsig, qpdf.
#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"

using namespace vanthu::test;

TEST_CASE("Rendered samples are signed and sealed in their fields and verify", "[sample][cli]") {
    const auto pki = demoPkiDir();
    for (const char* sample : {"state-decision", "party-urgent-notice"}) {
        TempDir dir;
        const auto input = sourceDir() / "samples" / (std::string(sample) + ".json");
        const auto render = runVanthu({"render", input.string(), "-o", (dir / "doc.pdf").string()});
        INFO(render.err);
        REQUIRE(render.exitCode == 0);
        REQUIRE(
            runVanthu({"sign", (dir / "doc.pdf").string(), "-o", (dir / "s1.pdf").string(), "--p12",
                       (pki / "signer1.p12").string(), "--image", (pki / "signature.png").string()})
                .exitCode == 0);
        const auto seal =
            runVanthu({"sign", (dir / "s1.pdf").string(), "-o", (dir / "s2.pdf").string(), "--p12",
                       (pki / "seal.p12").string(), "--role", "seal", "--image",
                       (pki / "seal.png").string()});
        INFO(sample << ": " << seal.err);
        REQUIRE(seal.exitCode == 0);
        const auto verify = runVanthu(
            {"verify", (dir / "s2.pdf").string(), "--trust", (pki / "ca.pem").string(), "--json"});
        INFO(verify.out);
        CHECK(verify.exitCode == 0);
        CHECK(verify.out.find("\"field\": \"SignerSignature\"") != std::string::npos);
        CHECK(verify.out.find("\"field\": \"SealSignature\"") != std::string::npos);
        CHECK(verify.out.find("\"unsignedFields\": []") != std::string::npos);
        const auto sig = pdfsig(dir / "s2.pdf");
        CHECK(sig.out.find("Total document signed") != std::string::npos);
        CHECK(run({"qpdf", "--check", (dir / "s2.pdf").string()}).exitCode == 0);
    }
}
