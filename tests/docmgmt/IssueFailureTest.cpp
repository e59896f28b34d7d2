#include <catch2/catch.hpp>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/OutgoingRegister.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;

TEST_CASE("Issue failures leave register, document, audit and blobs consistent", "[flow][faults]") {
    const auto point = GENERATE(as<std::string>{}, "issue:numbered", "blob:written", "issue:sealed",
                                "issue:stored", "issue:recorded");
    INFO("failure at " << point);
    DemoWorld w;
    const Id id = w.signedLetter();
    const auto clerk = w.actor("vanthu.vq");
    const auto before = *w.storage->findDocument(id);
    const auto auditBefore = w.storage->lastAudit()->seq;

    w.faults.point = point;
    CHECK_THROWS_WITH(w.flow->issue(clerk, id), Catch::Contains("injected"));
    CHECK(w.faults.hits == 1);
    w.faults.point.clear();

    // Nothing moved: the document is still signed, the register and the trail unchanged.
    w.reopen(); // as after a restart
    const auto after = *w.storage->findDocument(id);
    CHECK(after.state == DocumentState::Signed);
    CHECK_FALSE(after.number);
    CHECK(after.issuedPdf.empty());
    CHECK(after.content == before.content);
    CHECK(w.flow->outgoingRegister(clerk, 2026).size() == 1);
    CHECK(w.storage->lastAudit()->seq == auditBefore);
    CHECK(w.audit->verify().intact);

    // A blob the failed issue left behind has no row: harmless, and swept at start-up.
    std::set<std::string> referenced;
    for (const auto& name : w.storage->referencedBlobs()) {
        referenced.insert(name);
    }
    w.blobs->collectGarbage(referenced);
    for (const auto& name : referenced) {
        CHECK_NOTHROW(w.blobs->get(name));
    }

    // Issuing again takes the very number the failed attempt had: no gap.
    const auto issued = w.flow->issue(clerk, id);
    CHECK(issued.notation == "02/UBND-NV");
    CHECK(w.flow->outgoingRegister(clerk, 2026).size() == 2);
    CHECK(w.audit->verify().intact);
}
