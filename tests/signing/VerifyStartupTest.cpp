// `vanthu verify` starts fast because the vanthu executable links only the verifier's libraries;
// every other verb lives in vanthu-verbs.so, loaded with dlopen (docs/performance.md, Signing).
#include "TestPaths.hpp"
#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"

using namespace vanthu::test;

TEST_CASE("The vanthu executable needs only OpenSSL and zlib, other verbs load their library",
          "[verify][cli]") {
    const auto needed = run({"readelf", "-d", VANTHU_BINARY});
    REQUIRE(needed.exitCode == 0);
    INFO(needed.out);
    CHECK(needed.out.find("libcrypto.so") != std::string::npos);
    for (const char* heavy : {"libpodofo", "libPoco", "libicu", "libsqlite", "libxapian",
                              "libxerces", "libpoppler", "libssl", "libp11"}) {
        CHECK(needed.out.find(heavy) == std::string::npos);
    }
    // A verb from vanthu-verbs.so still runs, in the same executable.
    TempDir dir;
    const auto pki = runVanthu({"pki", "demo", (dir / "pki").string(), "--ecdsa"});
    INFO(pki.err);
    CHECK(pki.exitCode == 0);
    CHECK(std::filesystem::exists(dir / "pki" / "signer1.p12"));
}
