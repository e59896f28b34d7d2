// Paged lists through the API (issue 17 item 4): ?limit=&offset= bounded, the total, pages that
// neither overlap nor skip, the access rules applied before the page is cut, CSV still whole.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "DocmgmtServer.hpp"
#include "vanthu/docmgmt/Storage.hpp"

using namespace vanthu;
using test::ApiClient;
using test::DocmgmtServer;

namespace {

constexpr int kYear = 2031; // a year the demo data leaves empty

/// `rows` issued documents of the office in its register of kYear, written directly: issued
/// over several days, one in three in the secret series.
void fillRegister(docmgmt::Storage& storage, const docmgmt::User& author, int rows) {
    std::map<std::string, int> numbers;
    storage.transaction([&] {
        for (int i = 0; i < rows; ++i) {
            docmgmt::OutgoingDocument doc;
            doc.officeId = author.officeId;
            doc.authorId = author.id;
            doc.state = docmgmt::DocumentState::Issued;
            doc.typeCode = "CV";
            doc.subject = "V/v trang " + std::to_string(i);
            doc.createdAt = doc.updatedAt = "2031-01-02T08:00:00+07:00";
            docmgmt::RegisterEntry e;
            e.documentId = storage.addDocument(doc);
            e.series = i % 3 == 2 ? "mat" : "thuong";
            e.number = ++numbers[e.series];
            e.issuedDate = "2031-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
            e.notation = std::to_string(e.number) + "/UBND-VP";
            e.typeName = "Công văn";
            e.subject = doc.subject;
            storage.addRegisterEntry({author.officeId, std::to_string(kYear), e.series}, kYear,
                                     author.officeId, e);
        }
    });
}

/// `count` documents in `state` written by `author`, directly.
void addDocuments(docmgmt::Storage& storage, const docmgmt::User& author,
                  docmgmt::DocumentState state, int count) {
    for (int i = 0; i < count; ++i) {
        docmgmt::OutgoingDocument doc;
        doc.officeId = author.officeId;
        doc.authorId = author.id;
        doc.state = state;
        doc.typeCode = "CV";
        doc.subject = "V/v tài liệu " + std::to_string(i);
        doc.createdAt = doc.updatedAt = "2031-01-02T08:00:00+07:00";
        storage.addDocument(doc);
    }
}

std::vector<long> idsOf(const Poco::JSON::Array::Ptr& rows, const std::string& key) {
    std::vector<long> ids;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        ids.push_back(rows->getObject(static_cast<unsigned>(i))->getValue<long>(key));
    }
    return ids;
}

/// A refused page: 400, code bad-request, the parameter named, a Vietnamese sentence.
void checkRefused(ApiClient& client, const std::string& path, const std::string& field) {
    INFO(path);
    const auto answer = client.get(path);
    CHECK(answer.status == 400);
    CHECK(answer.errorCode() == "bad-request");
    const auto error = answer.object()->getObject("error");
    CHECK(error->getValue<std::string>("field") == field);
    CHECK(error->getValue<std::string>("message").find(
              field == "limit" ? "Số dòng mỗi trang" : "Vị trí bắt đầu") != std::string::npos);
}

} // namespace

TEST_CASE("paged lists: the outgoing register page by page, filtered, bounded, CSV whole",
          "[paged]") {
    DocmgmtServer server; // its own data folder: the rows below would disturb other tests
    auto& storage = server.backend().storage();
    fillRegister(storage, *storage.findUserByName("vanthu.vq"), 130);
    fillRegister(storage, *storage.findUserByName("vanthu.nd"), 7); // another office
    auto clerk = server.as("vanthu.vq");
    const std::string path = "/api/registers/outgoing?year=" + std::to_string(kYear);

    const auto first = clerk.get(path);
    REQUIRE(first.status == 200);
    const auto page = first.object();
    CHECK(page->getValue<long>("total") == 130);
    CHECK(page->getValue<int>("limit") == 50); // the default
    CHECK(page->getValue<int>("offset") == 0);
    CHECK(page->getValue<int>("year") == kYear);
    CHECK(page->getArray("entries")->size() == 50);

    // Every page of 7 joined is the register in its order: no row twice, none missing.
    const auto office = storage.findUserByName("vanthu.vq")->officeId;
    std::vector<long> expected;
    for (const auto& e : storage.registerEntries(office, kYear)) {
        expected.push_back(e.documentId);
    }
    std::vector<long> joined;
    for (int offset = 0; offset < 140; offset += 7) {
        const auto p = clerk.get(path + "&limit=7&offset=" + std::to_string(offset));
        REQUIRE(p.status == 200);
        CHECK(p.object()->getValue<long>("total") == 130);
        const auto ids = idsOf(p.object()->getArray("entries"), "documentId");
        joined.insert(joined.end(), ids.begin(), ids.end());
    }
    CHECK(joined == expected);
    CHECK(std::set<long>(joined.begin(), joined.end()).size() == 130);
    // The same page twice: the same rows.
    CHECK(clerk.get(path + "&limit=20&offset=40").body ==
          clerk.get(path + "&limit=20&offset=40").body);

    // Filtered: the secret series, and a range of issued dates.
    const auto secret = clerk.get(path + "&series=mat&limit=200").object();
    CHECK(secret->getValue<long>("total") == 43);
    for (const auto& series : {std::string("mat")}) {
        const auto rows = secret->getArray("entries");
        for (std::size_t i = 0; i < rows->size(); ++i) {
            CHECK(rows->getObject(static_cast<unsigned>(i))->getValue<std::string>("series") ==
                  series);
        }
    }
    const auto march =
        clerk.get(path + "&from=2031-03-01&to=2031-03-31&limit=200").object()->getArray("entries");
    CHECK(march->size() > 0);
    for (std::size_t i = 0; i < march->size(); ++i) {
        CHECK(march->getObject(static_cast<unsigned>(i))
                  ->getValue<std::string>("issuedDate")
                  .substr(0, 7) == "2031-03");
    }
    CHECK(clerk.get(path + "&from=1-3-2031").status == 400);

    // Bad pages: 400 with a Vietnamese sentence naming the parameter.
    for (const char* bad : {"0", "201", "-1", "abc", "", "1e3", "99999999999999999999"}) {
        checkRefused(clerk, path + "&limit=" + bad, "limit");
    }
    for (const char* bad : {"-1", "x", "", "100000001"}) {
        checkRefused(clerk, path + "&offset=" + bad, "offset");
    }
    const auto past = clerk.get(path + "&offset=1000").object();
    CHECK(past->getValue<long>("total") == 130);
    CHECK(past->getArray("entries")->size() == 0);

    // Another office's clerk sees none of these rows, and counts none; a specialist none at all.
    CHECK(server.as("vanthu.nd").get(path).object()->getValue<long>("total") == 7);
    CHECK(server.as("chuyenvien.vq").get(path).status == 403);

    // The CSV is still the whole year.
    const auto csv = clerk.get("/api/registers/outgoing.csv?year=" + std::to_string(kYear));
    REQUIRE(csv.status == 200);
    CHECK(std::count(csv.body.begin(), csv.body.end(), '\n') >= 131); // header + 130 rows
}

TEST_CASE("paged lists: documents, incoming, audit, users and offices page on request with the "
          "total, and count only what the reader may see",
          "[paged]") {
    DocmgmtServer server;
    auto& storage = server.backend().storage();
    const auto colleague = *storage.findUserByName("phochutich.vq");
    addDocuments(storage, colleague, docmgmt::DocumentState::Draft, 12);  // only theirs to see
    addDocuments(storage, colleague, docmgmt::DocumentState::Issued, 23); // the office's
    addDocuments(storage, *storage.findUserByName("chuyenvien.nd"), docmgmt::DocumentState::Issued,
                 9); // another office's

    auto specialist = server.as("chuyenvien.vq");
    const auto whole = specialist.get("/api/documents"); // without a page: the array as before
    REQUIRE(whole.status == 200);
    const auto expected = idsOf(whole.array(), "id");
    const auto paged = specialist.allPages("/api/documents");
    CHECK(idsOf(paged, "id") == expected);
    const auto page = specialist.get("/api/documents?limit=5&offset=5").object();
    CHECK(page->getValue<long>("total") == static_cast<long>(expected.size()));
    CHECK(page->getArray("items")->size() == 5);
    // The colleague's drafts and the other office's letters are neither shown nor counted.
    const auto office = storage.findUserByName("chuyenvien.vq")->officeId;
    for (std::size_t i = 0; i < paged->size(); ++i) {
        const auto doc = paged->getObject(static_cast<unsigned>(i));
        CHECK((doc->getValue<std::string>("state") != "draft" ||
               doc->getValue<long>("authorId") == server.userId("chuyenvien.vq")));
        CHECK(storage.findDocument(doc->getValue<long>("id"))->officeId == office);
    }
    const auto issued = specialist.get("/api/documents?state=issued&limit=1").object();
    CHECK(issued->getValue<long>("total") >= 23);
    const auto otherOffice = storage.findUserByName("chuyenvien.nd")->officeId;
    CHECK(server.as("chuyenvien.nd")
              .get("/api/documents?state=issued&limit=1")
              .object()
              ->getValue<long>("total") ==
          static_cast<long>(storage.documents(otherOffice, docmgmt::DocumentState::Issued).size()));
    checkRefused(specialist, "/api/documents?limit=500", "limit");
    checkRefused(specialist, "/api/documents?offset=-3", "offset");

    // Incoming: the clerk's pages are the clerk's list.
    auto clerk = server.as("vanthu.bs");
    CHECK(idsOf(clerk.allPages("/api/incoming"), "id") ==
          idsOf(clerk.get("/api/incoming").array(), "id"));
    checkRefused(clerk, "/api/incoming?limit=0", "limit");

    // The audit trail: newest first, pages of 3 contiguous and not overlapping (the
    // installation's administrator sees it whole; an office's administrator only its part).
    auto admin = server.as("quantri.bg");
    const auto officeOnly = server.as("quantri.vq").get("/api/audit?limit=3").object();
    const auto a = admin.get("/api/audit?limit=3").object();
    const auto b = admin.get("/api/audit?limit=3&offset=3").object();
    CHECK(a->getValue<long>("total") == b->getValue<long>("total"));
    const auto seqA = idsOf(a->getArray("items"), "seq");
    const auto seqB = idsOf(b->getArray("items"), "seq");
    REQUIRE(seqA.size() == 3);
    REQUIRE(seqB.size() == 3);
    CHECK(seqA[0] == a->getValue<long>("total"));
    CHECK(seqA == std::vector<long>{seqA[0], seqA[0] - 1, seqA[0] - 2});
    CHECK(seqB[0] == seqA[2] - 1);
    CHECK(officeOnly->getValue<long>("total") < a->getValue<long>("total"));
    checkRefused(admin, "/api/audit?limit=300", "limit");

    // Users and offices: a page and the total on request, the array otherwise.
    const auto users = admin.get("/api/users?limit=2").object();
    CHECK(users->getValue<long>("total") ==
          static_cast<long>(admin.get("/api/users").array()->size()));
    CHECK(users->getArray("items")->size() == 2);
    // A clerk pages only through their own office's users.
    const auto ownUsers = server.as("vanthu.vq").get("/api/users?limit=200").object();
    CHECK(ownUsers->getValue<long>("total") ==
          static_cast<long>(storage.users(storage.findUserByName("vanthu.vq")->officeId).size()));
    const auto offices = admin.get("/api/offices?limit=2&offset=1").object();
    CHECK(offices->getValue<long>("total") == static_cast<long>(storage.offices().size()));
    CHECK(idsOf(offices->getArray("items"), "id") ==
          std::vector<long>{storage.offices()[1].id, storage.offices()[2].id});
}
