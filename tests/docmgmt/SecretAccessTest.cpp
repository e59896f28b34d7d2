// A secret outgoing letter limited to named people (docmgmt::SecretAccess, docs/access-rules.md
// "Secret documents"): who still sees it, the lists and the register without its subject, each
// change audited and noticed for the administrator, and the refusals.
#include <catch2/catch.hpp>

#include <algorithm>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/SecretAccess.hpp"

using namespace vanthu;
using namespace vanthu::docmgmt;

namespace {

bool listed(const Paged<OutgoingDocument>& page, Id id) {
    for (const auto& doc : page.items) {
        if (doc.id == id) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("SecretAccess: an issued secret letter limited to named people", "[access]") {
    test::DemoWorld world;
    SecretAccess access(*world.storage, *world.audit);
    auto input = world.letterInput("phương án phòng chống bão mật");
    input.secrecy = "mat";
    const auto doc = world.flow->createDraft(world.actor("chuyenvien.vq"), input);
    world.flow->submit(world.actor("chuyenvien.vq"), doc.id);
    world.flow->approve(world.actor("chutich.vq"), doc.id);
    world.flow->sign(world.actor("phochutich.vq"), doc.id);
    const auto issued = world.flow->issue(world.actor("vanthu.vq"), doc.id);
    const std::string object = "document/" + std::to_string(doc.id);
    const auto plain = world.signedLetter("công văn thường");
    world.flow->issue(world.actor("vanthu.vq"), plain);

    CHECK_THROWS_AS(access.limit(world.actor("vanthu.vq"), object), Forbidden);
    CHECK_THROWS_AS(access.limit(world.actor("quantri.vq"), object), NotFound);
    CHECK_THROWS_AS(access.limit(world.actor("chutich.vq"), "document/" + std::to_string(plain)),
                    Conflict);
    CHECK_THROWS_AS(access.limit(world.actor("chutich.vq"), "document/999999"), NotFound);
    CHECK_THROWS_AS(access.limit(world.actor("chutich.vq"), "nothing/1"), NotFound);
    const auto noticesBefore = world.storage->accessNotices(true, 1000).size();
    const auto view = access.limit(world.actor("chutich.vq"), object);
    CHECK(view.limited);
    REQUIRE(view.readers.size() == 1);
    CHECK(view.readers[0].username == "chutich.vq");

    // The named leader, the author and the signer see it; the clerk no longer does.
    CHECK(world.flow->document(world.actor("chutich.vq"), doc.id).id == doc.id);
    CHECK(world.flow->document(world.actor("chuyenvien.vq"), doc.id).id == doc.id);
    CHECK(world.flow->document(world.actor("phochutich.vq"), doc.id).id == doc.id);
    CHECK_THROWS_AS(world.flow->document(world.actor("vanthu.vq"), doc.id), NotFound);
    CHECK_THROWS_AS(world.flow->pdf(world.actor("vanthu.vq"), doc.id), NotFound);
    CHECK_THROWS_AS(access.view(world.actor("vanthu.vq"), object), NotFound);
    CHECK_FALSE(
        listed(world.flow->listPage(world.actor("vanthu.vq"), std::nullopt, {200, 0}), doc.id));
    CHECK(listed(world.flow->listPage(world.actor("chutich.vq"), std::nullopt, {200, 0}), doc.id));
    for (const auto& d : world.flow->list(world.actor("vanthu.vq"), std::nullopt)) {
        CHECK(d.id != doc.id);
    }

    // The register keeps the row and its number, not its subject, for the clerk and the
    // administrator; the named leader reads the subject.
    const auto rowOf = [&](const std::string& username) {
        for (const auto& row : world.flow->outgoingRegister(world.actor(username), issued.year)) {
            if (row.documentId == doc.id) {
                return row;
            }
        }
        FAIL("the register has no row for the letter");
        return RegisterEntry{};
    };
    CHECK(rowOf("vanthu.vq").subject == kHiddenSubject);
    CHECK(rowOf("vanthu.vq").number == *issued.number);
    CHECK(rowOf("quantri.vq").subject == kHiddenSubject);
    CHECK(rowOf("chutich.vq").subject == issued.subject);

    // Naming and removing: audited, noticed for the administrator, refused when wrong.
    CHECK_THROWS_AS(access.grant(world.actor("chutich.vq"), object, world.user("quantri.vq").id),
                    InvalidInput);
    CHECK_THROWS_AS(access.grant(world.actor("chutich.vq"), object, world.user("chutich.nd").id),
                    InvalidInput);
    access.grant(world.actor("chutich.vq"), object, world.user("vanthu.vq").id);
    CHECK_THROWS_AS(access.grant(world.actor("chutich.vq"), object, world.user("vanthu.vq").id),
                    Conflict);
    CHECK(world.flow->document(world.actor("vanthu.vq"), doc.id).id == doc.id);
    CHECK(rowOf("vanthu.vq").subject == issued.subject);
    access.revoke(world.actor("chutich.vq"), object, world.user("vanthu.vq").id);
    CHECK_THROWS_AS(access.revoke(world.actor("chutich.vq"), object, world.user("vanthu.vq").id),
                    Conflict);
    CHECK_THROWS_AS(world.flow->document(world.actor("vanthu.vq"), doc.id), NotFound);
    const auto notices = world.storage->accessNotices(true, 1000);
    CHECK(notices.size() == noticesBefore + 3); // limit, grant, revoke
    CHECK(notices[0].change == "revoke-access");
    CHECK(notices[0].userId == world.user("vanthu.vq").id);
    CHECK(notices[0].detail.find(issued.subject) == std::string::npos);
    const auto trail = world.audit->about(object);
    CHECK(std::count_if(trail.begin(), trail.end(), [](const AuditRecord& r) {
              return r.action.rfind("access-", 0) == 0;
          }) == 3);

    // Reads are counted; the statistics hide the subject from who may not see it.
    access.recordRead(world.actor("chutich.vq"), object, issued.officeId, kReadView);
    access.recordRead(world.actor("chutich.vq"), object, issued.officeId, kReadDownload);
    access.recordRead(world.actor("phochutich.vq"), object, issued.officeId, kReadView);
    const auto counted = access.view(world.actor("chutich.vq"), object);
    CHECK(counted.views == 2);
    CHECK(counted.downloads == 1);
    const auto report = access.readStatistics(world.actor("vanthu.vq"), "2020-01-01", "2029-12-31");
    REQUIRE(report.rows.size() == 1);
    CHECK(report.rows[0].tally.readers == 2);
    CHECK(report.rows[0].subject == kHiddenSubject);
    CHECK(report.rows[0].notation == issued.notation);
    CHECK(SecretAccess::readStatisticsCsv(report).find(issued.subject) == std::string::npos);
    CHECK_THROWS_AS(access.readStatistics(world.actor("chuyenvien.vq"), "2020-01-01", "2029-12-31"),
                    Forbidden);
    CHECK_THROWS_AS(access.readStatistics(world.actor("chutich.vq"), "2020-01-01", "2040-01-01"),
                    InvalidInput);

    // Lifting the limit: the ordinary rules again.
    access.unlimit(world.actor("chutich.vq"), object);
    CHECK(world.flow->document(world.actor("vanthu.vq"), doc.id).id == doc.id);
    CHECK_THROWS_AS(access.unlimit(world.actor("chutich.vq"), object), Conflict);
}
