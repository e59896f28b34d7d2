// A Party letter goes to the State server sealed by a key on a PKCS#11 token (SoftHSM2, issue 13
// item 3): the province's seal is moved onto a token and its PKCS#12 file taken away, so that
// only the token can seal; the letter's PDF and its edXML package are both sealed by the token,
// and the State server takes the package from its peer and finds the PDF's signatures valid.
#include <catch2/catch.hpp>

#include <filesystem>

#include "ExchangeNode.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/KeyRing.hpp"

using namespace vanthu;
using namespace vanthu::test;

TEST_CASE("exchange: a letter sealed by a key on a PKCS#11 token reaches the other server, its "
          "package signed on the token",
          "[exchange][pkcs11]") {
    TwoServers s;
    const auto province = s.party.office(kProvince);
    REQUIRE(!province.sealKey.empty());
    const std::string pin = "246813579";
    const SoftHsmToken token("CON DAU", pin, "seal", readFile(province.sealKey), "vanthu");
    auto* keys = s.party.backend().keys();
    REQUIRE(keys != nullptr);
    const auto seal = keys->useSealToken(docmgmt::Administration::commandLineActor(), province,
                                         SoftHsmToken::kModule, "CON DAU", "seal", pin);
    CHECK(seal.kind == "pkcs11");
    // Only the token can seal the province's letters and packages now.
    std::filesystem::rename(province.sealKey, province.sealKey + ".away");

    const std::string subject = "con dấu trên thiết bị ký cả gói tin";
    const auto documentId = issuePartyLetter(s.party, subject);
    REQUIRE(s.party.outbox().deliverDue() == 1);
    const auto copies = districtCopies(s.state, subject);
    REQUIRE(copies.size() == 1);
    CHECK(copies.front().senderCode == kProvince);
    CHECK(copies.front().signatureStatus == docmgmt::kSignaturesValid);
    // Status 01 comes back: the State server's own (PKCS#12) seal still signs its packages.
    REQUIRE(s.state.outbox().deliverDue() == 1);
    CHECK(districtRecord(s.party, documentId).statusCode == "01");
    std::filesystem::rename(province.sealKey + ".away", province.sealKey);
}
