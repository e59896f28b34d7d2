#include <catch2/catch.hpp>

#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::RoutingWorld;

namespace {

/// A paper letter for Bình Sơn that arrives on a day, is registered and assigned.
Id arrives(RoutingWorld& w, int month, int day, const std::string& subject,
           const std::string& assignee, const std::string& deadline) {
    w.setDay(2026, month, day);
    const auto doc = w.incoming->enterPaper(w.actor("vanthu.bs"), w.paperLetter(subject));
    w.incoming->registerArrival(w.actor("vanthu.bs"), doc.id);
    AssignInput input;
    if (assignee.rfind("Ban ", 0) == 0) {
        input.unit = assignee;
    } else {
        input.assigneeId = w.user(assignee).id;
    }
    input.deadline = deadline;
    w.incoming->assign(w.actor("bithu.bs"), doc.id, input);
    return doc.id;
}

void closes(RoutingWorld& w, Id id, int month, int day, const std::string& who) {
    w.setDay(2026, month, day);
    w.incoming->close(w.actor(who), id, "");
}

} // namespace

TEST_CASE("Deadlines and figures: a data set with known answers", "[incoming][figures]") {
    RoutingWorld w;
    // Six paper letters at Bình Sơn in June (dates and deadlines chosen for the answers below).
    const Id a = arrives(w, 6, 2, "A", "chuyenvien.bs", "2026-06-10");
    const Id b = arrives(w, 6, 3, "B", "chuyenvien.bs", "2026-06-05");
    const Id c = arrives(w, 6, 4, "C", "chuyenvien.bs", "2026-06-30");
    arrives(w, 6, 5, "D", "chuyenvien.bs", "2026-06-15");
    arrives(w, 6, 10, "E", "phobithu.bs", "2026-06-18");
    arrives(w, 6, 12, "F", "Ban Tổ chức", "2026-06-30");
    closes(w, a, 6, 9, "chuyenvien.bs"); // on time
    closes(w, b, 6, 8, "chuyenvien.bs"); // three days late
    // One electronic letter from the provincial committee, signed, on 16 June.
    w.setDay(2026, 6, 16);
    w.issuePartyLetter({"DEMO.HU.BS", "KHONG.CO.MA"});

    SECTION("overdue and due soon on 16 June, per office and per person") {
        const auto report = w.incoming->deadlines(w.actor("vanthu.bs"), 3);
        CHECK(report.today == "2026-06-16");
        REQUIRE(report.overdue.size() == 1);
        CHECK(report.overdue[0].document.subject == "D");
        CHECK(report.overdue[0].daysLeft == -1);
        CHECK(report.overdue[0].assigneeName == "Võ Minh Quân");
        REQUIRE(report.dueSoon.size() == 1);
        CHECK(report.dueSoon[0].document.subject == "E");
        CHECK(report.dueSoon[0].daysLeft == 2);
        REQUIRE(report.people.size() == 3);
        for (const auto& person : report.people) {
            if (person.name == "Võ Minh Quân") {
                CHECK(person.open == 2); // C and D
                CHECK(person.overdue == 1);
                CHECK(person.dueSoon == 0);
            } else if (person.name == "Nguyễn Văn Tình") {
                CHECK(person.open == 1);
                CHECK(person.dueSoon == 1);
            } else {
                CHECK(person.name == "Ban Tổ chức");
                CHECK(person.open == 1);
                CHECK(person.overdue + person.dueSoon == 0);
            }
        }
        // A specialist sees their own only; a wider window catches C and F as well.
        const auto mine = w.incoming->deadlines(w.actor("chuyenvien.bs"), 14);
        CHECK(mine.overdue.size() == 1);
        CHECK(mine.dueSoon.size() == 1); // C, 14 days left
        CHECK(w.incoming->deadlines(w.actor("vanthu.bs"), 14).dueSoon.size() == 3);
    }

    SECTION("figures per month, June and July") {
        closes(w, c, 7, 1, "bithu.bs"); // one day late, in July
        const auto report = w.incoming->figures(w.actor("bithu.bs"), "2026-06-01", "2026-07-31");
        REQUIRE(report.months.size() == 2);
        const auto& june = report.months[0];
        CHECK(june.period == "2026-06");
        CHECK(june.received == 7);
        CHECK(june.receivedElectronicSigned == 1);
        CHECK(june.handled == 2);
        CHECK(june.handledOnTime == 1);
        CHECK(june.shareHandledOnTime() == Approx(0.5));
        const auto& july = report.months[1];
        CHECK(july.received == 0);
        CHECK(july.handled == 1);
        CHECK(july.handledOnTime == 0);
        CHECK(report.total.handled == 3);
        CHECK(report.total.handledOnTime == 1);
        CHECK(report.total.sent == 0);

        const auto csv = IncomingFlow::figuresCsv(report);
        CHECK(csv.rfind("\xEF\xBB\xBFKỳ,Văn bản đến,", 0) == 0);
        CHECK(csv.find("\r\n2026-06,7,1,14.3,0,0,0.0,2,1,50.0\r\n") != std::string::npos);
        CHECK(csv.find("\r\n2026-07,0,0,0.0,0,0,0.0,1,0,0.0\r\n") != std::string::npos);
        CHECK(csv.find("\r\nTổng,7,1,14.3,0,0,0.0,3,1,33.3\r\n") != std::string::npos);

        // The sender: one document sent in June, electronically to one office.
        const auto sent = w.incoming->figures(w.actor("vanthu.bg"), "2026-06-01", "2026-06-30");
        REQUIRE(sent.months.size() == 1);
        CHECK(sent.total.sent == 1);
        CHECK(sent.total.sentElectronicSigned == 1);
        CHECK(sent.total.shareSentElectronic() == Approx(1.0));

        CHECK_THROWS_AS(w.incoming->figures(w.actor("chuyenvien.bs"), "2026-06-01", "2026-06-30"),
                        Forbidden);
        CHECK_THROWS_AS(w.incoming->figures(w.actor("bithu.bs"), "2026-06-31", "2026-07-01"),
                        InvalidInput);
        CHECK_THROWS_AS(w.incoming->figures(w.actor("bithu.bs"), "2026-07-01", "2026-06-01"),
                        InvalidInput);
    }
}
