#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;

TEST_CASE("DemoData: five offices, every role in each, passwords that work", "[demo]") {
    DemoWorld w;
    const auto offices = w.storage->offices();
    REQUIRE(offices.size() == 5);
    std::set<std::string> names;
    for (const auto& office : offices) {
        names.insert(office.name);
        std::set<Role> roles;
        int leaders = 0;
        for (const auto& user : w.storage->users(office.id)) {
            roles.insert(user.role);
            if (user.role == Role::Leader) {
                ++leaders;
                CHECK(std::filesystem::exists(user.signingKey));
            }
        }
        CHECK(roles.size() == 4);
        CHECK(leaders == 2);
        CHECK(std::filesystem::exists(office.sealKey));
    }
    CHECK(names.count("TỈNH ỦY BẮC GIANG"));
    CHECK(names.count("HUYỆN ỦY BÌNH SƠN"));
    CHECK(names.count("ĐẢNG ỦY XÃ BÌNH LƯ"));
    CHECK(names.count("ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN"));
    CHECK(names.count("ỦY BAN NHÂN DÂN XÃ NGHI DƯƠNG"));

    const auto& accounts = vanthu::test::demoAccounts();
    REQUIRE(accounts.size() == 25);
    const auto& clerk = accounts[2];
    CHECK(clerk.role == Role::Clerk);
    const auto stored = w.storage->passwordHash(w.user(clerk.username).id);
    CHECK(verifyPassword(clerk.password, stored));
    CHECK_FALSE(verifyPassword(clerk.password + "x", stored));
}

TEST_CASE("DemoData: documents in several states, two issued through the flow", "[demo]") {
    DemoWorld w;
    std::map<DocumentState, int> states;
    std::vector<OutgoingDocument> issued;
    for (const auto& office : w.storage->offices()) {
        for (const auto& doc : w.storage->documents(office.id)) {
            ++states[doc.state];
            if (doc.state == DocumentState::Issued) {
                issued.push_back(doc);
            }
        }
    }
    CHECK(states[DocumentState::Draft] >= 3);
    CHECK(states[DocumentState::Submitted] >= 1);
    REQUIRE(issued.size() == 2);
    std::set<std::string> notations;
    for (const auto& doc : issued) {
        notations.insert(doc.notation);
        CHECK(w.blobs->contains(doc.issuedPdf));
        // Issued at the offices' default signing policy (issue 21): B-LTA with the demo TSA.
        const auto report =
            vanthu::signing::SignatureVerifier(
                vanthu::signing::certificatesFromPem(vanthu::signing::readBinaryFile(
                    (vanthu::test::demoPkiDir() / "ca.pem").string())))
                .verify(w.blobs->get(doc.issuedPdf));
        INFO(vanthu::signing::toText(report));
        CHECK(report.ok);
        REQUIRE(report.signatures.size() == 3);
        CHECK(report.signatures[0].level == "B-LTA");
        CHECK(report.signatures[1].level == "B-LTA");
        CHECK(report.signatures[2].kind == "document-time-stamp");
    }
    CHECK(notations == std::set<std::string>{"01/UBND-NV", "1-CV/ĐU"});
    CHECK(w.audit->verify().intact);
    // The demo set is made once.
    const auto again = createDemoData(*w.storage, *w.blobs, *w.audit, vanthu::test::demoPkiDir());
    CHECK_FALSE(again.created);
    CHECK(again.accounts.empty());
}
