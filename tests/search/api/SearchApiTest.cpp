// /api/search against a real loopback server on docmgmt (the demo data set, plus the seed
// letters stored as issued documents of their offices with their printed numbers).
#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <xapian.h>

#include <chrono>
#include <set>
#include <thread>

#include "DocmgmtServer.hpp"
#include "ScannedPdf.hpp"
#include "ServerProcess.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/DocumentIndexer.hpp"
#include "vanthu/docmgmt/IncomingSearchSource.hpp"
#include "vanthu/docmgmt/OutgoingDocument.hpp"
#include "vanthu/search/Folding.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

using namespace vanthu;
using vanthu::test::ApiClient;
using vanthu::test::DocmgmtServer;

namespace {

std::string encode(const std::string& text) {
    std::string out;
    Poco::URI::encode(text, "&=+?#/;", out);
    return out;
}

std::string squashed(std::string text) {
    for (auto& ch : text) {
        ch = ch == '\n' ? ' ' : ch;
    }
    return text;
}

struct SeedLetter {
    std::string file;
    docmgmt::Id id = 0;
    docmgmt::Id officeId = 0;
    std::string notation; ///< "" for an unnumbered draft
    std::string body;
};

/// The samples' seed letters as issued documents of their offices, with their own numbers (as
/// an office's earlier letters), each with an audit entry as every change has.
const std::vector<SeedLetter>& seedLetters() {
    static const std::vector<SeedLetter> letters = [] {
        auto& server = DocmgmtServer::shared();
        auto& storage = server.backend().storage();
        docmgmt::AuditTrail audit(storage);
        std::vector<SeedLetter> out;
        for (const auto& entry :
             std::filesystem::directory_iterator(test::sourceDir() / "samples")) {
            if (entry.path().extension() != ".json" || !entry.is_regular_file()) {
                continue;
            }
            const auto content = test::readFile(entry.path());
            const auto json =
                Poco::JSON::Parser().parse(content).extract<Poco::JSON::Object::Ptr>();
            const auto issuer = squashed(json->getValue<std::string>("issuingBody"));
            std::optional<docmgmt::Office> office;
            for (const auto& o : storage.offices()) {
                if (search::fold(o.name) == search::fold(issuer)) {
                    office = o;
                }
            }
            REQUIRE(office);
            docmgmt::Id clerk = 0;
            for (const auto& user : storage.users(office->id)) {
                if (user.role == docmgmt::Role::Clerk) {
                    clerk = user.id;
                }
            }
            docmgmt::OutgoingDocument doc;
            doc.officeId = office->id;
            doc.authorId = clerk;
            doc.state = docmgmt::DocumentState::Issued;
            doc.typeCode = json->getValue<std::string>("type");
            doc.subject = json->getValue<std::string>("subject");
            doc.content = content;
            doc.draft.body = json->getValue<std::string>("body");
            const auto date = json->getValue<std::string>("date");
            doc.issuedDate = date.size() == 10 ? date : date + "-01";
            doc.year = std::stoi(date.substr(0, 4));
            doc.createdAt = doc.updatedAt = doc.issuedDate + "T08:00:00+07:00";
            SeedLetter seed;
            seed.file = entry.path().filename().string();
            if (json->has("number") && !json->isNull("number")) {
                const auto number = json->getValue<int>("number");
                const auto suffix = json->getValue<std::string>("notation");
                doc.number = number;
                seed.notation = std::to_string(number) +
                                (json->getValue<std::string>("system") == "party" ? "-" : "/") +
                                suffix;
                doc.notation = seed.notation;
            }
            storage.transaction([&] {
                doc.id = storage.addDocument(doc);
                audit.record({clerk, "seed", "import", "document/" + std::to_string(doc.id), "test",
                              seed.file});
            });
            seed.id = doc.id;
            seed.officeId = office->id;
            seed.body = doc.draft.body;
            out.push_back(seed);
        }
        return out;
    }();
    return letters;
}

/// The clerk of an office, signed in.
ApiClient clerkOf(docmgmt::Id officeId) {
    auto& server = DocmgmtServer::shared();
    for (const auto& user : server.backend().users(officeId)) {
        if (user.role == docmgmt::Role::Clerk) {
            return server.as(user.username);
        }
    }
    FAIL("no clerk");
    return ApiClient(0);
}

std::vector<long long> hitIds(const test::ApiResponse& response) {
    REQUIRE(response.status == 200);
    std::vector<long long> ids;
    const auto hits = response.object()->getArray("hits");
    for (std::size_t i = 0; i < hits->size(); ++i) {
        ids.push_back(hits->getObject(static_cast<unsigned>(i))->getValue<long long>("id"));
    }
    return ids;
}

bool contains(const std::vector<long long>& ids, docmgmt::Id id) {
    return std::find(ids.begin(), ids.end(), static_cast<long long>(id)) != ids.end();
}

/// n words from the middle of a text, without marks, as a quoted phrase.
std::string phraseWithoutMarks(const std::string& text, std::size_t from, std::size_t n) {
    const auto tokens = search::tokenize(text);
    REQUIRE(tokens.size() >= from + n);
    std::string phrase;
    for (std::size_t i = from; i < from + n; ++i) {
        phrase += (phrase.empty() ? "" : " ") + tokens[i].folded;
    }
    return "\"" + phrase + "\"";
}

} // namespace

TEST_CASE("search API: every seed letter is found by a phrase typed without diacritics and by its "
          "number") {
    const auto& seeds = seedLetters();
    REQUIRE(seeds.size() >= 7);
    for (const auto& seed : seeds) {
        INFO(seed.file);
        auto clerk = clerkOf(seed.officeId);
        const auto phrase = phraseWithoutMarks(seed.body, 12, 6);
        INFO(phrase);
        CHECK(contains(hitIds(clerk.get("/api/search?q=" + encode(phrase))), seed.id));
        if (!seed.notation.empty()) {
            INFO(seed.notation);
            const auto ids = hitIds(clerk.get("/api/search?q=" + encode(seed.notation)));
            REQUIRE_FALSE(ids.empty());
            CHECK(ids.front() == static_cast<long long>(seed.id));
            // Typed without marks, and with "Số" in front, as printed.
            CHECK(
                hitIds(clerk.get("/api/search?q=" + encode(search::fold(seed.notation)))).front() ==
                static_cast<long long>(seed.id));
            CHECK(hitIds(clerk.get("/api/search?q=" + encode("Số " + seed.notation))).front() ==
                  static_cast<long long>(seed.id));
        }
    }
}

TEST_CASE("search API: the seed texts (tests/data/seeds) are found by their phrases") {
    const auto& seeds = seedLetters();
    std::set<long long> seedIds;
    std::set<docmgmt::Id> offices;
    for (const auto& seed : seeds) {
        seedIds.insert(static_cast<long long>(seed.id));
        offices.insert(seed.officeId);
    }
    for (const auto& entry : std::filesystem::directory_iterator(test::testDataDir() / "seeds")) {
        // A long line of the body: a paragraph of the letter.
        const auto text = test::readFile(entry.path());
        std::string paragraph;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            if (line.size() > paragraph.size() && line.find('*') == std::string::npos) {
                paragraph = line;
            }
        }
        const auto phrase = phraseWithoutMarks(paragraph, 3, 6);
        INFO(entry.path().filename().string() << ": " << phrase);
        bool found = false;
        for (const auto office : offices) {
            auto clerk = clerkOf(office);
            for (const auto id : hitIds(clerk.get("/api/search?q=" + encode(phrase)))) {
                found = found || seedIds.count(id) > 0;
            }
        }
        CHECK(found);
    }
}

TEST_CASE("search API: access rules apply to every result") {
    auto& server = DocmgmtServer::shared();
    seedLetters();
    // A draft is its author's only.
    auto author = server.as("chuyenvien.vq");
    const auto created =
        author.post("/api/documents", test::letterDraft(server.userId("phochutich.vq"),
                                                        "thử nghiệm tìm kiếm xuyên khung"));
    REQUIRE(created.status == 201);
    const auto draftId = created.object()->getValue<long long>("id");
    const std::string q = "/api/search?q=" + encode("thu nghiem tim kiem xuyen khung");
    CHECK(hitIds(author.get(q)) == std::vector<long long>{draftId});
    CHECK(hitIds(server.as("chutich.vq").get(q)).empty()); // leader: not submitted yet
    CHECK(hitIds(server.as("vanthu.vq").get(q)).empty());  // clerk
    CHECK(author.post("/api/documents/" + std::to_string(draftId) + "/submit").status == 200);
    CHECK(hitIds(server.as("chutich.vq").get(q)) == std::vector<long long>{draftId});
    CHECK(hitIds(server.as("vanthu.vq").get(q)).empty()); // clerks see it once approved
    // Another office sees nothing of it; an administrator searches nothing.
    CHECK(hitIds(server.as("vanthu.bl").get(q)).empty());
    CHECK(server.as("quantri.vq").get(q).status == 403);
    ApiClient anonymous(server.port());
    CHECK(anonymous.get(q).status == 401);
}

TEST_CASE("search API: filters, sorting, paging, as you type, snippets") {
    const auto& seeds = seedLetters();
    const SeedLetter* binhSon = nullptr;
    for (const auto& seed : seeds) {
        if (seed.notation == "1307-CV/HU") {
            binhSon = &seed;
        }
    }
    REQUIRE(binhSon);
    auto clerk = clerkOf(binhSon->officeId);
    // The Bình Sơn letter of 2022 (the office's other "cải cách" draft is not the clerk's).
    const auto all = clerk.get("/api/search?q=cai%20cach&limit=50");
    REQUIRE(all.status == 200);
    const auto total = all.object()->getValue<int>("total");
    CHECK(total >= 1);
    CHECK(hitIds(clerk.get("/api/search?q=cai%20cach&type=CV&year=2022")) ==
          std::vector<long long>{static_cast<long long>(binhSon->id)});
    CHECK(hitIds(clerk.get("/api/search?q=cai%20cach&from=2022-10-01&to=2022-10-31")) ==
          std::vector<long long>{static_cast<long long>(binhSon->id)});
    CHECK(hitIds(clerk.get("/api/search?q=cai%20cach&register=incoming")).empty());
    CHECK(hitIds(clerk.get("/api/search?q=cai%20cach&status=issued&limit=50")).size() ==
          static_cast<std::size_t>(total));
    const auto newest = hitIds(clerk.get("/api/search?q=&sort=newest"));
    CHECK(newest.size() >= 2); // the letter and the notice
    REQUIRE(newest.size() >= 2);
    const auto page = hitIds(clerk.get("/api/search?q=&sort=newest&limit=1&offset=1"));
    CHECK(page == std::vector<long long>{newest[1]});
    CHECK(clerk.get("/api/search?q=x&sort=sideways").status == 422);
    CHECK(clerk.get("/api/search?q=x&from=yesterday").status == 422);

    // As you type: "chi tieu ve cai cach thu t" finds "thủ tục".
    const auto typing = clerk.get("/api/search?prefix=1&q=" + encode("chi tieu ve cai cach thu t"));
    CHECK(contains(hitIds(typing), binhSon->id));
    Poco::JSON::Object::Ptr hit;
    const auto hits = typing.object()->getArray("hits");
    for (unsigned i = 0; i < hits->size(); ++i) {
        if (hits->getObject(i)->getValue<long long>("id") == static_cast<long long>(binhSon->id)) {
            hit = hits->getObject(i);
        }
    }
    REQUIRE(hit);
    CHECK(hit->getValue<std::string>("notation") == "1307-CV/HU");
    CHECK(hit->getValue<std::string>("issuer") == "HUYỆN ỦY BÌNH SƠN");
    CHECK(hit->getValue<std::string>("typeName") == "Công văn");
    const auto snippet = hit->getArray("snippet");
    bool marked = false;
    for (std::size_t i = 0; i < snippet->size(); ++i) {
        const auto part = snippet->getObject(static_cast<unsigned>(i));
        marked = marked || (part->getValue<bool>("match") &&
                            search::fold(part->getValue<std::string>("text")) == "cach");
    }
    INFO(vanthu::test::jsonText(snippet));
    CHECK(marked);

    // Fast enough to answer as the user types (a loose bound: CI machines are slow).
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) {
        REQUIRE(clerk.get("/api/search?prefix=1&q=" + encode("cai cach hanh ch")).status == 200);
    }
    const auto each =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count() /
        20;
    CHECK(each < 250);
}

TEST_CASE("search API: incoming documents are found by their clerk, with their PDF's text") {
    auto& server = DocmgmtServer::shared();
    // The demo's Văn Quan letter went to UBND xã Nghi Dương electronically.
    const std::string q = "/api/search?q=" + encode("\"hien dai hoa bo phan mot cua\"");
    const auto answer = server.as("vanthu.nd").get(q);
    REQUIRE(answer.status == 200);
    const auto hits = answer.object()->getArray("hits");
    REQUIRE(hits->size() >= 1);
    const auto hit = hits->getObject(0);
    CHECK(hit->getValue<std::string>("kind") == "incoming");
    CHECK(hit->getValue<std::string>("register") == "incoming");
    // Words only in the PDF's body, typed without marks.
    CHECK_FALSE(
        hitIds(server.as("vanthu.nd")
                   .get("/api/search?register=incoming&q=" + encode("\"thi dua cao diem\"")))
            .empty());
    // A specialist sees an incoming document only once it is assigned to them.
    CHECK(hitIds(server.as("chuyenvien.nd").get(q)).empty());
}

TEST_CASE("search API: imported documents are found by their PDF's text and their number, and "
          "open") {
    auto& server = DocmgmtServer::shared();
    auto& storage = server.backend().storage();
    const auto content = test::readFile(test::sourceDir() / "samples" / "party-urgent-notice.json");
    const auto pdf = templates::PdfRenderer().render(templates::parseDocumentJson(content)).bytes;
    const auto json = Poco::JSON::Parser().parse(content).extract<Poco::JSON::Object::Ptr>();
    std::optional<docmgmt::Office> office;
    for (const auto& o : storage.offices()) {
        if (search::fold(o.name) == search::fold(json->getValue<std::string>("issuingBody"))) {
            office = o;
        }
    }
    REQUIRE(office);
    docmgmt::ImportedDocument doc;
    doc.officeId = office->id;
    doc.direction = docmgmt::Direction::Outgoing;
    doc.number = "412";
    doc.notation = "TB/HU";
    doc.issuedDate = json->getValue<std::string>("date");
    doc.issuer = office->name;
    doc.typeName = "Thông báo";
    doc.subject = json->getValue<std::string>("subject");
    doc.pdfBlob = server.backend().blobs().put(pdf);
    doc.pages = 1;
    doc.sourceFile = "412.pdf";
    doc.importedAt = "2026-06-16T09:00:00+07:00";
    docmgmt::AuditTrail audit(storage);
    storage.transaction([&] {
        doc.id = storage.addImportedDocument(doc);
        audit.record({std::nullopt, "test", "import", "imported/" + std::to_string(doc.id), "test",
                      doc.sourceFile});
    });
    const auto phrase = phraseWithoutMarks(json->getValue<std::string>("body"), 10, 5);
    std::string specialist;
    for (const auto& user : storage.users(office->id)) {
        if (user.role == docmgmt::Role::Specialist) {
            specialist = user.username;
        }
    }
    std::vector<ApiClient> clients;
    clients.push_back(clerkOf(office->id));
    clients.push_back(server.as(specialist));
    for (auto& client : clients) {
        const auto byPhrase = client.get("/api/search?q=" + encode(phrase));
        REQUIRE(byPhrase.status == 200);
        bool found = false;
        const auto hits = byPhrase.object()->getArray("hits");
        for (unsigned i = 0; i < hits->size(); ++i) {
            found = found || (hits->getObject(i)->getValue<std::string>("kind") == "imported" &&
                              hits->getObject(i)->getValue<long long>("id") == doc.id);
        }
        CHECK(found);
        // The seed letter stored as an outgoing document above has the same number.
        const auto byNumber = client.get("/api/search?q=" + encode("412-TB/HU"));
        const auto numbered = byNumber.object()->getArray("hits");
        bool importedFound = false;
        for (unsigned i = 0; i < numbered->size(); ++i) {
            importedFound = importedFound ||
                            (numbered->getObject(i)->getValue<std::string>("kind") == "imported" &&
                             numbered->getObject(i)->getValue<long long>("id") == doc.id);
        }
        CHECK(importedFound);
        CHECK(numbered->getObject(0)->getValue<std::string>("notation") == "412-TB/HU");
        // The hit opens: its metadata and its PDF.
        const auto opened = client.get("/api/imported/" + std::to_string(doc.id));
        REQUIRE(opened.status == 200);
        CHECK(opened.object()->getValue<std::string>("subject") == doc.subject);
        CHECK(client.get("/api/imported/" + std::to_string(doc.id) + "/pdf").body == pdf);
    }
    CHECK(hitIds(server.as("vanthu.vq").get("/api/search?q=" + encode("412-TB/HU"))).empty());
    // Another office's clerk and administrators do not open it.
    CHECK(server.as("vanthu.vq").get("/api/imported/" + std::to_string(doc.id)).status == 404);
    CHECK(server.as("vanthu.vq").get("/api/imported/" + std::to_string(doc.id) + "/pdf").status ==
          404);
}

namespace {

/// A paper letter entered from a scan of the 753 sample (the top of its first page: "Đảng Cộng
/// sản Việt Nam", words no field of the letter holds); returns its id.
/// Scans at another dpi are other PDFs (the OCR text is kept per PDF).
docmgmt::Id enterScannedLetter(ApiClient& clerk, const std::string& subject, int dpi = 150) {
    const auto json = test::readFile(test::sourceDir() / "samples" / "party-commune-cv-753.json");
    const auto pdf = templates::PdfRenderer().render(templates::parseDocumentJson(json)).bytes;
    Poco::JSON::Object letter;
    letter.set("senderName", "ĐẢNG ỦY XÃ BÌNH LƯ");
    letter.set("notation", "753-CV/ĐU");
    letter.set("issuedDate", "2026-06-12");
    letter.set("typeCode", "CV");
    letter.set("subject", subject);
    letter.set("pdfBase64", test::base64(test::scannedPdf(pdf, dpi)));
    const auto entered = clerk.post("/api/incoming", test::jsonText(letter));
    REQUIRE(entered.status == 201);
    return entered.object()->getValue<docmgmt::Id>("id");
}

const std::string kScanWords =
    "/api/search?register=incoming&q=" + encode("\"dang cong san viet nam\"");

} // namespace

TEST_CASE("search API: a scanned letter is found by its metadata at once, by its text once read, "
          "and keeps its text through a rebuild",
          "[search][ocr]") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.nd");
    const auto id = enterScannedLetter(clerk, "kiểm tra bản quét thứ nhất");
    CHECK(contains(hitIds(clerk.get("/api/search?q=" + encode("kiem tra ban quet thu nhat"))), id));
    CHECK_FALSE(contains(hitIds(clerk.get(kScanWords)), id)); // not read yet

    CHECK(server.backend().readScans(10) >= 1);
    CHECK(contains(hitIds(clerk.get(kScanWords)), id));
    CHECK(server.backend().readScans(10) == 0); // nothing waits any more

    // A rebuilt index takes the text kept in the database: no OCR again.
    test::TempDir folder;
    auto& backend = server.backend();
    docmgmt::DocumentIndexer rebuilt(backend.storage(), folder / "search");
    rebuilt.addSource(std::make_unique<docmgmt::IncomingSearchSource>(
        backend.storage(), backend.blobs(), *backend.incoming()));
    rebuilt.catchUp();
    CHECK(rebuilt.index().unreadScans(100).empty());
    const auto indexed = rebuilt.index().find("incoming/" + std::to_string(id));
    REQUIRE(indexed);
    CHECK(search::fold(indexed->text).find("dang cong san viet nam") != std::string::npos);
}

TEST_CASE("search API: an index made before scan marks (format 2) is rebuilt from the audit trail, "
          "scan marks and every field included",
          "[search][ocr]") {
    auto& server = DocmgmtServer::shared();
    auto& backend = server.backend();
    auto clerk = server.as("vanthu.nd");
    const auto id = enterScannedLetter(clerk, "bản quét trong chỉ mục cũ", 140);
    test::TempDir folder;
    auto indexer = [&] {
        auto made =
            std::make_unique<docmgmt::DocumentIndexer>(backend.storage(), folder / "search");
        made->addSource(std::make_unique<docmgmt::IncomingSearchSource>(
            backend.storage(), backend.blobs(), *backend.incoming()));
        return made;
    };
    const auto key = "incoming/" + std::to_string(id);
    indexer()->catchUp();
    {
        // As an older vanthu left it: format 2, no scan marks.
        Xapian::WritableDatabase db((folder / "search").string(), Xapian::DB_OPEN);
        db.set_metadata("vanthu.format", "2");
        const auto docid = *db.postlist_begin("Q" + key);
        auto document = db.get_document(docid);
        std::vector<std::string> marks;
        for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
            if ((*term).rfind("XO", 0) == 0) {
                marks.push_back(*term);
            }
        }
        REQUIRE(marks.size() == 1);
        document.remove_term(marks.front());
        db.replace_document(docid, document);
        db.commit();
    }
    auto upgraded = indexer();
    CHECK(upgraded->index().documentCount() == 0); // emptied (format 4 adds fields to every kind)
    CHECK_FALSE(upgraded->index().missingScanMarks());
    CHECK(upgraded->catchUp() >= 1);
    CHECK(upgraded->catchUp() == 0);
    CHECK(upgraded->index().documentCount() >= 1);
    bool marked = false;
    for (const auto& scan : upgraded->index().unreadScans(100)) {
        for (const auto& k : scan.keys) {
            marked = marked || k == key;
        }
    }
    CHECK(marked);
}

TEST_CASE("search API: vanthu serve reads scanned letters by itself, off the request path",
          "[search][ocr][process]") {
    test::TempDir data;
    std::vector<std::string> arguments = {"--demo", "--ecdsa"};
    if (const auto database = test::freshTestDatabase()) {
        arguments.insert(arguments.end(), {"--database", *database}); // a schema of its own
    }
    test::ServerProcess process(data.path(), arguments);
    ApiClient clerk(process.port());
    clerk.signIn("vanthu.nd", process.demoPasswords().at("vanthu.nd"));
    const auto id = enterScannedLetter(clerk, "bản quét đọc trên máy chủ");
    bool found = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!found && std::chrono::steady_clock::now() < deadline) {
        found = contains(hitIds(clerk.get(kScanWords)), id);
        if (!found) {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
    }
    CHECK(found);
}

namespace {

/// A paper letter entered and registered by the Nghi Dương clerk (its PDF: the seed letter).
docmgmt::Id registeredLetter(ApiClient& clerk, const std::string& subject,
                             const std::string& secrecy, const std::string& urgency) {
    const auto json = test::readFile(test::sourceDir() / "samples" / "party-commune-cv-753.json");
    const auto pdf = templates::PdfRenderer().render(templates::parseDocumentJson(json)).bytes;
    Poco::JSON::Object letter;
    letter.set("senderName", "BỘ CHỈ HUY QUÂN SỰ TỈNH");
    letter.set("notation", "91/KH-BCH");
    letter.set("issuedDate", "2026-06-11");
    letter.set("typeCode", "CV");
    letter.set("subject", subject);
    letter.set("secrecy", secrecy);
    letter.set("urgency", urgency);
    Poco::JSON::Array recipients;
    recipients.add("UBND xã Nghi Dương");
    recipients.add("Ban Chỉ huy quân sự xã Hòa Lạc");
    letter.set("recipients", recipients);
    letter.set("pdfBase64", test::base64(pdf));
    const auto entered = clerk.post("/api/incoming", test::jsonText(letter));
    INFO(entered.body);
    REQUIRE(entered.status == 201);
    const auto id = entered.object()->getValue<docmgmt::Id>("id");
    REQUIRE(clerk.post("/api/incoming/" + std::to_string(id) + "/register").status == 200);
    return id;
}

Poco::JSON::Object::Ptr onlyHit(const test::ApiResponse& response) {
    INFO(response.body);
    REQUIRE(response.status == 200);
    const auto hits = response.object()->getArray("hits");
    REQUIRE(hits->size() == 1);
    return hits->getObject(0);
}

} // namespace

TEST_CASE("search API: every field: arrival number, handler, deadline, recipients, case file, "
          "urgency, state, and a letter limited to named people stays hidden") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.nd");
    auto leader = server.as("chutich.nd");
    const auto id = registeredLetter(clerk, "huấn luyện dân quân tự vệ năm 2027", "", "khan");
    const auto page = clerk.get("/api/incoming/" + std::to_string(id));
    const auto arrival = std::to_string(page.object()->getValue<int>("arrivalNumber"));
    Poco::JSON::Object assignment;
    assignment.set("version", 0); // a registered letter's first distribution
    assignment.set("assigneeId", server.userId("chuyenvien.nd"));
    assignment.set("deadline", "2099-07-15");
    REQUIRE(
        leader.post("/api/incoming/" + std::to_string(id) + "/assign", test::jsonText(assignment))
            .status == 200);
    const auto entry = clerk.post("/api/file-list", R"({"year":2026,"code":"TK-DQ",
        "title":"Hồ sơ huấn luyện dân quân","retention":"10 năm"})");
    REQUIRE(entry.status == 201);
    const auto opened = clerk.post(
        "/api/casefiles",
        R"({"listEntryId":)" + std::to_string(entry.object()->getValue<long long>("id")) + "}");
    REQUIRE(opened.status == 201);
    const auto fileId = opened.object()->getValue<long long>("id");
    REQUIRE(clerk
                .post("/api/casefiles/" + std::to_string(fileId) + "/documents",
                      R"({"kind":"incoming","id":)" + std::to_string(id) + "}")
                .status == 200);

    const std::string base = "/api/search?register=incoming&q=&";
    const auto hit = onlyHit(clerk.get(base + "arrival=" + arrival + "&year=2026"));
    CHECK(hit->getValue<long long>("id") == id);
    CHECK(hit->getValue<std::string>("arrivalNumber") == arrival);
    const auto assignee = server.backend().findUser(server.userId("chuyenvien.nd"));
    REQUIRE(assignee);
    CHECK(hit->getValue<std::string>("handler") == assignee->fullName);
    CHECK(hit->getValue<std::string>("deadline") == "2099-07-15");
    CHECK(hit->getValue<std::string>("urgency") == "Khẩn");
    CHECK(hit->getValue<std::string>("status") == "assigned");
    REQUIRE(hit->getArray("recipients")->size() == 2);
    const auto file = hit->getArray("caseFiles")->getObject(0);
    CHECK(file->getValue<long long>("id") == fileId);
    CHECK(file->getValue<std::string>("code") == "TK-DQ");

    const auto handler = hit->getValue<std::string>("handler");
    REQUIRE_FALSE(handler.empty());
    const std::string words = "q=" + encode("huan luyen dan quan tu ve nam 2027");
    CHECK(hitIds(clerk.get("/api/search?" + words + "&handler=" + encode(search::fold(handler)))) ==
          std::vector<long long>{static_cast<long long>(id)});
    CHECK(hitIds(clerk.get("/api/search?" + words + "&handler=" + encode("Không Ai Cả"))).empty());
    CHECK(hitIds(clerk.get("/api/search?" + words +
                           "&deadlineFrom=2099-07-01&deadlineTo=2099-07-31")) ==
          std::vector<long long>{static_cast<long long>(id)});
    CHECK(hitIds(clerk.get("/api/search?" + words + "&deadlineTo=2099-07-14")).empty());
    CHECK(hitIds(clerk.get("/api/search?" + words + "&recipient=" + encode("hoa lac"))).size() ==
          1);
    CHECK(hitIds(clerk.get("/api/search?" + words + "&caseFile=" + encode("huấn luyện dân quân")))
              .size() == 1);
    CHECK(hitIds(clerk.get("/api/search?" + words + "&caseFile=TK-DQ")).size() == 1);
    CHECK(hitIds(clerk.get("/api/search?" + words + "&urgency=khan")).size() == 1);
    CHECK(hitIds(clerk.get("/api/search?" + words + "&urgency=hoa-toc")).empty());
    CHECK(hitIds(clerk.get("/api/search?" + words + "&status=assigned")).size() == 1);
    CHECK(clerk.get("/api/search?deadlineFrom=15/07/2099").status == 422);
    CHECK(clerk.get("/api/search?handler=" + std::string(201, 'a')).status == 422);

    // A case file limited to named people: its code and title are neither searched nor shown
    // with the document (who sees the letter may not see the file).
    const auto fileAccess = "/api/casefiles/" + std::to_string(fileId) + "/access";
    Poco::JSON::Object limitFile;
    limitFile.set("limited", true);
    const auto limitedFile = leader.put(fileAccess, test::jsonText(limitFile));
    INFO(limitedFile.body);
    REQUIRE(limitedFile.status == 200);
    CHECK(hitIds(clerk.get("/api/search?" + words + "&caseFile=TK-DQ")).empty());
    CHECK(onlyHit(clerk.get("/api/search?" + words))->getArray("caseFiles")->size() == 0);
    limitFile.set("limited", false);
    REQUIRE(leader.put(fileAccess, test::jsonText(limitFile)).status == 200);
    CHECK(hitIds(clerk.get("/api/search?" + words + "&caseFile=TK-DQ")).size() == 1);

    // Taken out of the case file: no longer found by it.
    REQUIRE(clerk
                .post("/api/casefiles/" + std::to_string(fileId) + "/remove",
                      R"({"kind":"incoming","id":)" + std::to_string(id) + "}")
                .status == 200);
    CHECK(hitIds(clerk.get("/api/search?" + words + "&caseFile=TK-DQ")).empty());

    // A secret letter limited to named people: the clerk, not named, finds it by no field.
    const auto secret = registeredLetter(clerk, "kế hoạch phòng thủ mật XK9Z", "mat", "hoa-toc");
    const auto secretArrival = std::to_string(clerk.get("/api/incoming/" + std::to_string(secret))
                                                  .object()
                                                  ->getValue<int>("arrivalNumber"));
    CHECK(hitIds(clerk.get(base + "arrival=" + secretArrival)).size() == 1);
    Poco::JSON::Object limit;
    limit.set("limited", true);
    REQUIRE(leader.put("/api/incoming/" + std::to_string(secret) + "/access", test::jsonText(limit))
                .status == 200);
    for (const auto& query :
         {base + "arrival=" + secretArrival, base + "urgency=hoa-toc", base + "secrecy=mat",
          base + "recipient=" + encode("hoa lac"), std::string("/api/search?q=XK9Z")}) {
        CHECK_FALSE(contains(hitIds(clerk.get(query)), secret));
        CHECK_FALSE(contains(hitIds(server.as("chuyenvien.nd").get(query)), secret));
    }
}

TEST_CASE("search API: results export as .docx and .pdf with the chosen columns, Vietnamese "
          "intact, bounded") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.nd");
    const std::string subject = "Tổng kết công tác quốc phòng địa phương năm 2026 QX7W";
    registeredLetter(clerk, subject, "", "thuong-khan");
    const std::string query = "q=QX7W&columns=notation,arrivalNumber,subject,urgency,status";
    test::TempDir dir;

    const auto docx = clerk.get("/api/search/export?format=docx&" + query);
    INFO(docx.body.substr(0, 300));
    REQUIRE(docx.status == 200);
    CHECK(docx.header("content-type").find("wordprocessingml") != std::string::npos);
    CHECK(docx.header("content-disposition").find("ket-qua-tim-kiem.docx") != std::string::npos);
    REQUIRE(docx.body.rfind("PK", 0) == 0); // a ZIP package
    test::writeFile(dir / "results.docx", docx.body);
    // Read back by an independent reader: pandoc's docx reader, to plain text.
    const auto text = test::run(
        {"pandoc", "--from=docx", "--to=html", "--wrap=none", (dir / "results.docx").string()});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find(subject) != std::string::npos);
    CHECK(text.out.find("Trích yếu") != std::string::npos);
    CHECK(text.out.find("Thượng khẩn") != std::string::npos);
    CHECK(text.out.find("Chờ giao xử lý") != std::string::npos); // the state in Vietnamese
    CHECK(text.out.find("Người ký") == std::string::npos);       // a column not chosen
    // And its XML is well formed (xmllint).
    REQUIRE(test::run({"unzip", "-o", "-q", (dir / "results.docx").string(), "-d",
                       (dir / "unzipped").string()})
                .exitCode == 0);
    CHECK(test::run({"xmllint", "--noout", (dir / "unzipped" / "word" / "document.xml").string()})
              .exitCode == 0);

    const auto pdf = clerk.get("/api/search/export?format=pdf&" + query);
    REQUIRE(pdf.status == 200);
    CHECK(pdf.header("content-type") == "application/pdf");
    REQUIRE(pdf.body.rfind("%PDF-", 0) == 0);
    test::writeFile(dir / "results.pdf", pdf.body);
    const auto checked = test::run({"qpdf", "--check", (dir / "results.pdf").string()});
    INFO(checked.out + checked.err);
    CHECK(checked.exitCode == 0);
    const auto pdfText = test::run({"pdftotext", (dir / "results.pdf").string(), "-"});
    REQUIRE(pdfText.exitCode == 0);
    // A cell's text may wrap: its words are read in order, lines joined by spaces.
    std::string joined;
    for (const auto& word : test::words(pdfText.out)) {
        joined += (joined.empty() ? "" : " ") + word;
    }
    INFO(joined.substr(0, 1000));
    CHECK(joined.find(subject) != std::string::npos); // the marks intact
    CHECK(joined.find("Thượng khẩn") != std::string::npos);
    CHECK(joined.find("KẾT QUẢ TÌM KIẾM VĂN BẢN") != std::string::npos);

    // Access rules: another office's clerk exports a table without the letter.
    const auto other = server.as("vanthu.vq").get("/api/search/export?format=docx&" + query);
    REQUIRE(other.status == 200);
    test::writeFile(dir / "other.docx", other.body);
    const auto otherText = test::run(
        {"pandoc", "--from=docx", "--to=html", "--wrap=none", (dir / "other.docx").string()});
    REQUIRE(otherText.exitCode == 0);
    CHECK(otherText.out.find(subject) == std::string::npos);

    CHECK(clerk.get("/api/search/export?format=odt&" + query).status == 422);
    CHECK(clerk.get("/api/search/export?format=pdf&columns=password").status == 422);
    CHECK(server.as("quantri.nd").get("/api/search/export?format=pdf").status == 403);
}

TEST_CASE("search API: saved searches are a user's own or shared with the office, and only the "
          "owner changes them") {
    auto& server = DocmgmtServer::shared();
    auto owner = server.as("chuyenvien.nd");
    auto colleague = server.as("vanthu.nd");
    auto outsider = server.as("vanthu.vq");
    const auto created = owner.post("/api/saved-searches", R"({"name":"Văn bản khẩn của tôi",
        "query":"q=&urgency=khan&register=incoming","columns":"notation,subject,urgency"})");
    INFO(created.body);
    REQUIRE(created.status == 201);
    const auto id = std::to_string(created.object()->getValue<long long>("id"));
    CHECK(created.object()->getValue<bool>("mine"));
    CHECK_FALSE(created.object()->getValue<bool>("shared"));
    CHECK(created.object()->getValue<std::string>("columns") == "notation,subject,urgency");

    auto names = [](const test::ApiResponse& list) {
        std::set<std::string> out;
        REQUIRE(list.status == 200);
        const auto array = list.array();
        for (std::size_t i = 0; i < array->size(); ++i) {
            out.insert(array->getObject(static_cast<unsigned>(i))->getValue<std::string>("name"));
        }
        return out;
    };
    CHECK(names(owner.get("/api/saved-searches")).count("Văn bản khẩn của tôi") == 1);
    CHECK(names(colleague.get("/api/saved-searches")).count("Văn bản khẩn của tôi") == 0);
    CHECK(colleague.get("/api/saved-searches/" + id).status == 404);

    // Shared with the office: the colleague sees and uses it, but does not change it.
    const auto shared = owner.put("/api/saved-searches/" + id, R"({"name":"Văn bản khẩn",
        "query":"q=&urgency=khan","columns":"notation,subject","shared":true})");
    REQUIRE(shared.status == 200);
    CHECK(shared.object()->getValue<bool>("shared"));
    const auto seen = colleague.get("/api/saved-searches/" + id);
    REQUIRE(seen.status == 200);
    CHECK_FALSE(seen.object()->getValue<bool>("mine"));
    CHECK(seen.object()->getValue<std::string>("query") == "q=&urgency=khan");
    CHECK(names(colleague.get("/api/saved-searches")).count("Văn bản khẩn") == 1);
    CHECK(colleague.put("/api/saved-searches/" + id, R"({"name":"x"})").status == 403);
    CHECK(colleague.request("DELETE", "/api/saved-searches/" + id).status == 403);
    // Another office sees nothing of it; administrators keep none.
    CHECK(names(outsider.get("/api/saved-searches")).count("Văn bản khẩn") == 0);
    CHECK(outsider.get("/api/saved-searches/" + id).status == 404);
    CHECK(server.as("quantri.nd").post("/api/saved-searches", R"({"name":"a"})").status == 403);

    // Bounded and named.
    CHECK(owner.post("/api/saved-searches", R"({"name":"Văn bản khẩn"})").status == 409);
    CHECK(owner.post("/api/saved-searches", R"({"name":"  "})").errorCode() == "invalid");
    CHECK(
        owner.post("/api/saved-searches", "{\"name\":\"" + std::string(101, 'a') + "\"}").status >=
        400);
    CHECK(owner.post("/api/saved-searches", R"({"name":"a","password":"x"})").status == 400);

    CHECK(owner.request("DELETE", "/api/saved-searches/" + id).status == 204);
    CHECK(owner.get("/api/saved-searches/" + id).status == 404);
    ApiClient anonymous(server.port());
    CHECK(anonymous.get("/api/saved-searches").status == 401);
}
