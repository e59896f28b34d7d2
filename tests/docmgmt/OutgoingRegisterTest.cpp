#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <set>
#include <thread>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/OutgoingRegister.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::TempDir;

namespace {

struct Books {
    TempDir dir;
    std::unique_ptr<SqlStorage> storageOwner =
        vanthu::test::openStorage(SqlStorage::databaseFileIn(dir.path()));
    SqlStorage& storage = *storageOwner;
    OutgoingRegister outgoing{storage};
    Office office;
    Id authorId = 0;

    Books() {
        office.code = "X";
        office.name = "ỦY BAN NHÂN DÂN XÃ NGHI DƯƠNG";
        office.issuerCode = "UBND";
        office.place = "Nghi Dương";
        office.id = storage.addOffice(office);
        User u;
        u.officeId = office.id;
        u.username = "u";
        u.fullName = "U";
        authorId = storage.addUser(u, "h");
    }

    Id newDocument() {
        OutgoingDocument doc;
        doc.officeId = office.id;
        doc.authorId = authorId;
        doc.typeCode = "CV";
        doc.content = "{}";
        doc.createdAt = doc.updatedAt = "t";
        return storage.addDocument(doc);
    }

    /// What issuing does with the register: allocate and record in one transaction.
    int issue(Id documentId, int year, const std::string& secrecy = "") {
        int number = 0;
        storage.transaction([&] {
            const auto key = OutgoingRegister::keyFor(office, year, "CV", secrecy);
            number = outgoing.allocate(key);
            RegisterEntry entry;
            entry.documentId = documentId;
            entry.number = number;
            entry.notation = std::to_string(number) + "/UBND-VP";
            entry.issuedDate = std::to_string(year) + "-06-16";
            outgoing.record(key, year, office.id, entry);
        });
        return number;
    }
};

} // namespace

TEST_CASE("OutgoingRegister: series by system and secrecy", "[register]") {
    Office state;
    state.id = 1;
    CHECK(OutgoingRegister::keyFor(state, 2026, "CV", "").series == kNormalSeries);
    CHECK(OutgoingRegister::keyFor(state, 2026, "QĐ", "").series == kNormalSeries);
    CHECK(OutgoingRegister::keyFor(state, 2026, "CV", "mat").series == kSecretSeries);
    CHECK(OutgoingRegister::keyFor(state, 2026, "CV", "").period == "2026");
    Office party;
    party.id = 2;
    party.system = OfficeSystem::Party;
    CHECK(OutgoingRegister::keyFor(party, 2026, "CV", "mat").series == "CV"); // same series
    CHECK(OutgoingRegister::keyFor(party, 2026, "QD", "").series == "QĐ");
    CHECK(OutgoingRegister::keyFor(party, 2026, "TB", "").period == "2026");
    party.term = "2025-2030";
    CHECK(OutgoingRegister::keyFor(party, 2027, "TB", "").period == "term:2025-2030");
}

TEST_CASE("OutgoingRegister: 8 threads × 25 issues give 1…200 with no duplicate or gap",
          "[register][concurrency]") {
    Books books;
    constexpr int kThreads = 8, kEach = 25;
    std::vector<Id> documents;
    for (int i = 0; i < kThreads * kEach; ++i) {
        documents.push_back(books.newDocument());
    }
    std::vector<std::vector<int>> numbers(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                numbers[t].push_back(books.issue(documents[t * kEach + i], 2026));
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    std::vector<int> all;
    for (const auto& list : numbers) {
        CHECK(std::is_sorted(list.begin(), list.end())); // each thread sees them rise
        all.insert(all.end(), list.begin(), list.end());
    }
    std::sort(all.begin(), all.end());
    std::vector<int> expected(kThreads * kEach);
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(all == expected);
    const auto entries = books.outgoing.entries(books.office.id, 2026);
    REQUIRE(entries.size() == expected.size());
    std::set<int> registered;
    for (const auto& e : entries) {
        registered.insert(e.number);
    }
    CHECK(registered.size() == expected.size());
}

TEST_CASE("OutgoingRegister: numbers restart on 1 January, secret documents count apart, a "
          "rolled-back issue gives its number back",
          "[register]") {
    Books books;
    CHECK(books.issue(books.newDocument(), 2026) == 1);
    CHECK(books.issue(books.newDocument(), 2026) == 2);
    CHECK(books.issue(books.newDocument(), 2026, "mat") == 1);
    CHECK(books.issue(books.newDocument(), 2027) == 1);
    CHECK(books.issue(books.newDocument(), 2026) == 3);
    CHECK_THROWS(books.storage.transaction([&] {
        books.outgoing.allocate(OutgoingRegister::keyFor(books.office, 2026, "CV", ""));
        throw std::runtime_error("the seal failed");
    }));
    CHECK(books.issue(books.newDocument(), 2026) == 4);
    CHECK(books.outgoing.entries(books.office.id, 2026).size() == 5);
    CHECK(books.outgoing.entries(books.office.id, 2027).size() == 1);
    // The same number twice in a series is refused by the database itself.
    const auto key = OutgoingRegister::keyFor(books.office, 2026, "CV", "");
    RegisterEntry duplicate;
    duplicate.documentId = books.newDocument();
    duplicate.number = 4;
    CHECK_THROWS(books.outgoing.record(key, 2026, books.office.id, duplicate));
}

TEST_CASE("OutgoingRegister: CSV export is UTF-8 with a BOM and quotes what it must",
          "[register]") {
    RegisterEntry e;
    e.number = 5;
    e.notation = "05/UBND-NV";
    e.issuedDate = "2026-06-16";
    e.typeName = "Công văn";
    e.subject = "V/v \"thí điểm\", cải cách";
    e.signerName = "Triệu Đức Dũng";
    e.recipients = "UBND các xã";
    e.archiveCopy = "VT, NV";
    e.series = kNormalSeries;
    const std::string csv = OutgoingRegister::toCsv({e});
    CHECK(csv.rfind("\xEF\xBB\xBF\"Số, ký hiệu\",Ngày tháng,", 0) == 0);
    CHECK_THAT(csv, Catch::Contains("05/UBND-NV,16/06/2026,\"Công văn V/v \"\"thí điểm\"\", "
                                    "cải cách\",Triệu Đức Dũng,UBND các xã,\"VT, NV\",,,,\r\n"));
}

TEST_CASE("OutgoingRegister: CSV cells that a spreadsheet would run are defused", "[register]") {
    RegisterEntry e;
    e.number = 6;
    e.notation = "06/UBND-NV";
    e.issuedDate = "2026-06-16";
    e.typeName = "";
    e.subject = "x";
    e.signerName = "+84 912";
    e.recipients = "\tTab";
    e.archiveCopy = "-VT";
    e.series = kNormalSeries;
    const std::string csv = OutgoingRegister::toCsv({e});
    CHECK_THAT(csv, Catch::Contains(",'+84 912,'\tTab,'-VT,"));
}
