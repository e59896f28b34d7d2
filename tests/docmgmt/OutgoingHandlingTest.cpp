// The report on outgoing handling (NĐ 30 Phụ lục VI Phần V): each letter issued in a period
// with each receiver's latest status as the receivers sent it back, as rows and as CSV.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/OutgoingHandling.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::RoutingWorld;

TEST_CASE("Report on outgoing handling: each letter of the period with each receiver's latest "
          "status, as rows and CSV, under the access rules",
          "[incoming][reports]") {
    RoutingWorld w;
    const auto letter = w.issuePartyLetter({"DEMO.HU.BS", "DEMO.DU.BL"}, "Về việc tổng kết năm");
    const Id atBs = w.incomingOf("vanthu.bs").front().id;
    w.now->fetch_add(600);
    w.incoming->registerArrival(w.actor("vanthu.bs"), atBs);

    const auto sender = w.actor("vanthu.bg");
    const auto report = outgoingHandlingReport(*w.flow, sender, "2026-01-01", "2026-12-31");
    REQUIRE(report.rows.size() == 1);
    const auto& row = report.rows.front();
    CHECK(row.document.id == letter.id);
    REQUIRE(row.recipients.size() == 2);
    std::map<std::string, std::string> statusByCode;
    for (const auto& r : row.recipients) {
        statusByCode[r.recipientCode] = r.statusCode;
    }
    CHECK(statusByCode["DEMO.HU.BS"] == kStatusRegistered); // registered there
    CHECK(statusByCode["DEMO.DU.BL"] == kStatusArrived);    // arrived, not yet registered

    const auto csv = outgoingHandlingCsv(report);
    CHECK(csv.rfind("\xEF\xBB\xBF"
                    "STT,Số và ký hiệu",
                    0) == 0);
    CHECK(csv.find("Về việc tổng kết năm") != std::string::npos);
    CHECK(csv.find("Đã vào sổ") != std::string::npos);
    CHECK(csv.find("Đã đến") != std::string::npos);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 3); // the header and one line a receiver

    // outside the period: nothing; a wrong period: refused in Vietnamese
    CHECK(outgoingHandlingReport(*w.flow, sender, "2025-01-01", "2025-12-31").rows.empty());
    CHECK_THROWS_AS(outgoingHandlingReport(*w.flow, sender, "2026-12-31", "2026-01-01"),
                    InvalidInput);
    CHECK_THROWS_AS(outgoingHandlingReport(*w.flow, sender, "31/12/2026", "2026-12-31"),
                    InvalidInput);
    // another office does not see the sender's letters
    for (const auto& other :
         outgoingHandlingReport(*w.flow, w.actor("vanthu.bs"), "2026-01-01", "2026-12-31").rows) {
        CHECK(other.document.id != letter.id);
    }
}
