#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <thread>

#include "TestSupport.hpp"
#include "vanthu/search/SearchIndex.hpp"

using namespace vanthu::search;
using vanthu::test::TempDir;

namespace {

IndexedDocument letter(const std::string& key, const std::string& subject, const std::string& text,
                       const std::string& date = "2026-06-16") {
    IndexedDocument d;
    d.key = key;
    d.kind = "outgoing";
    d.registerName = "outgoing";
    d.typeCode = "CV";
    d.typeName = "Công văn";
    d.issuer = "ĐẢNG ỦY XÃ BÌNH LƯ";
    d.signer = "Tạ Thị Dung";
    d.status = "issued";
    d.date = date;
    d.subject = subject;
    d.text = text;
    d.readers = {"r1:clerk"};
    return d;
}

std::vector<std::string> keys(const SearchResults& results) {
    std::vector<std::string> out;
    for (const auto& hit : results.hits) {
        out.push_back(hit.document.key);
    }
    return out;
}

/// Whether `text` is one of the marked (matching) parts.
bool marks(const std::vector<SnippetPart>& parts, const std::string& text) {
    return std::any_of(parts.begin(), parts.end(),
                       [&](const SnippetPart& part) { return part.match && part.text == text; });
}

SearchQuery ask(const std::string& text) {
    SearchQuery q;
    q.text = text;
    q.readers = {"r1:clerk"};
    return q;
}

} // namespace

TEST_CASE("index: found with and without diacritics, exact matches rank first") {
    TempDir dir;
    SearchIndex index(dir / "search");
    // Same length, same words but one: "bàn" (table) written exactly vs "bán" (sell).
    index.put(
        letter("outgoing/1", "về việc bán tài sản", "Đề nghị bán tài sản công theo quy định."));
    index.put(letter("outgoing/2", "về việc bàn giao tài sản",
                     "Đề nghị bàn giao tài sản công theo quy định."));
    index.put(letter("outgoing/3", "về việc khác", "Không liên quan."));
    index.commit(3);

    CHECK(index.lastSeq() == 3);
    CHECK(index.documentCount() == 3);
    auto folded = index.search(ask("ban tai san"));
    CHECK(folded.total == 2);
    CHECK(folded.hits.size() == 2);

    CHECK(keys(index.search(ask("bàn tài sản"))).front() == "outgoing/2");
    CHECK(keys(index.search(ask("bán tài sản"))).front() == "outgoing/1");
    CHECK(keys(index.search(ask("bàn"))) == std::vector<std::string>{"outgoing/2", "outgoing/1"});
    CHECK(keys(index.search(ask("bán"))) == std::vector<std::string>{"outgoing/1", "outgoing/2"});
}

TEST_CASE("index: phrases, prefixes, notations and highlighted snippets") {
    TempDir dir;
    SearchIndex index(dir / "search");
    auto a = letter("outgoing/1", "tăng cường cải cách hành chính",
                    "Thực hiện Công văn số 1267-CV/TU của Ban Thường vụ Tỉnh ủy về cải cách hành "
                    "chính, chuyển đổi số.");
    a.notation = "753-CV/ĐU";
    auto b = letter("outgoing/2", "chính sách hành chính",
                    "Cải thiện môi trường, cách làm hành chính mới.");
    b.notation = "05/UBND-NV";
    index.put(a);
    index.put(b);
    index.commit(1);

    CHECK(keys(index.search(ask("\"cai cach hanh chinh\""))) ==
          std::vector<std::string>{"outgoing/1"});
    CHECK(index.search(ask("cai cach hanh chinh")).total == 2); // words anywhere
    CHECK(keys(index.search(ask("chuyen d*"))) == std::vector<std::string>{"outgoing/1"});
    auto asYouType = ask("chuyển đ");
    asYouType.lastWordIsPrefix = true;
    CHECK(keys(index.search(asYouType)) == std::vector<std::string>{"outgoing/1"});

    CHECK(keys(index.search(ask("753-CV/ĐU"))) == std::vector<std::string>{"outgoing/1"});
    CHECK(keys(index.search(ask("753-cv/du"))) == std::vector<std::string>{"outgoing/1"});
    CHECK(keys(index.search(ask("Số 753-CV/ĐU"))).front() == "outgoing/1");
    CHECK(keys(index.search(ask("05/UBND-NV"))) == std::vector<std::string>{"outgoing/2"});
    CHECK(keys(index.search(ask("05/UBND"))) == std::vector<std::string>{"outgoing/2"});
    // A notation the text refers to finds the referring letter.
    CHECK(keys(index.search(ask("1267-CV/TU"))) == std::vector<std::string>{"outgoing/1"});
    // By signer's name typed without marks.
    CHECK(index.search(ask("ta thi dung")).total == 2);

    const auto hits = index.search(ask("\"cai cach hanh chinh\"")).hits;
    REQUIRE(hits.size() == 1);
    CHECK(marks(hits[0].snippet, "cải cách hành chính"));
    CHECK(hits[0].document.text.empty());
    CHECK(hits[0].document.notation == "753-CV/ĐU");
    CHECK_FALSE(hits[0].subject.empty());
}

TEST_CASE("index: short and long prefixes find every word that starts so") {
    TempDir dir;
    SearchIndex index(dir / "search");
    index.put(letter("outgoing/1", "chỉ đạo", "Chỉ đạo thực hiện."));
    index.put(letter("outgoing/2", "chương trình", "Chương trình công tác năm."));
    index.put(letter("outgoing/3", "kế hoạch", "Kế hoạch năm."));
    // Many words that start with "ch" but end differently, so no expansion limit hides any.
    std::string many;
    for (int i = 0; i < 100; ++i) {
        many += "chx" + std::to_string(i) + " ";
    }
    index.put(letter("outgoing/4", "danh sách", many));
    index.commit(4);

    auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    const std::vector<std::string> ch{"outgoing/1", "outgoing/2", "outgoing/4"};
    CHECK(sorted(keys(index.search(ask("ch*")))) == ch);
    CHECK(index.search(ask("c*")).total == 4); // "Công văn", the type, is in every letter
    CHECK(sorted(keys(index.search(ask("chư*")))) ==
          std::vector<std::string>{"outgoing/2"}); // typed with marks, folded
    CHECK(keys(index.search(ask("chuong*"))) == std::vector<std::string>{"outgoing/2"});
    CHECK(keys(index.search(ask("chx99*"))) == std::vector<std::string>{"outgoing/4"});
    auto asYouType = ask("nam k");
    asYouType.lastWordIsPrefix = true;
    CHECK(keys(index.search(asYouType)) == std::vector<std::string>{"outgoing/3"});
    // The prefix is marked in the subject.
    const auto hits = index.search(ask("chu*")).hits;
    REQUIRE(hits.size() == 1);
    CHECK(marks(hits[0].subject, "chương"));
}

TEST_CASE("index: an index made by an older vanthu is emptied, to be rebuilt") {
    TempDir dir;
    {
        SearchIndex index(dir / "search");
        index.put(letter("outgoing/1", "chỉ đạo", "Chỉ đạo thực hiện."));
        index.commit(7);
        CHECK(index.documentCount() == 1);
    }
    {
        SearchIndex index(dir / "search"); // same format: kept
        CHECK(index.lastSeq() == 7);
        CHECK(index.documentCount() == 1);
    }
    {
        Xapian::WritableDatabase db((dir / "search").string(), Xapian::DB_OPEN);
        db.set_metadata("vanthu.format", ""); // as before the start terms
        db.commit();
    }
    SearchIndex index(dir / "search");
    CHECK(index.lastSeq() == 0);
    CHECK(index.documentCount() == 0);
}

TEST_CASE("index: filters, access tokens, sorting and paging") {
    TempDir dir;
    SearchIndex index(dir / "search");
    for (int i = 1; i <= 30; ++i) {
        auto d = letter("outgoing/" + std::to_string(i),
                        "báo cáo tình hình số " + std::to_string(i), "Nội dung báo cáo.",
                        (i % 2 ? "2025-" : "2026-") + std::string(i % 12 < 9 ? "0" : "") +
                            std::to_string(i % 12 + 1) + "-15");
        d.typeCode = i % 3 ? "CV" : "BC";
        d.secrecy = i == 7 ? "MẬT" : "";
        d.readers = {i <= 20 ? "r1:clerk" : "r2:clerk", "u" + std::to_string(100 + i)};
        index.put(d);
    }
    index.commit(30);

    auto q = ask("bao cao");
    q.limit = 100;
    CHECK(index.search(q).total == 20);
    q.readers = {"r2:clerk"};
    CHECK(index.search(q).total == 10);
    q.readers = {"u125"};
    CHECK(keys(index.search(q)) == std::vector<std::string>{"outgoing/25"});
    q.readers = {};
    CHECK(index.search(q).hits.empty()); // no token, nothing

    q = ask("bao cao");
    q.limit = 100;
    q.typeCode = "BC";
    CHECK(index.search(q).total == 6); // 3, 6, … 18
    q.year = 2025;
    CHECK(index.search(q).total == 3); // odd: 3, 9, 15
    q = ask("");
    q.secrecy = "mật";
    CHECK(keys(index.search(q)) == std::vector<std::string>{"outgoing/7"});

    q = ask("");
    q.dateFrom = "2026-01-01";
    q.dateTo = "2026-12-31";
    q.limit = 3;
    q.sort = SortOrder::Newest;
    const auto newest = index.search(q);
    CHECK(newest.total == 10);
    REQUIRE(newest.hits.size() == 3);
    CHECK(newest.hits[0].document.date >= newest.hits[1].document.date);
    CHECK(newest.hits[1].document.date >= newest.hits[2].document.date);
    q.offset = 9;
    CHECK(index.search(q).hits.size() == 1);

    index.remove("outgoing/1");
    index.commit(31);
    CHECK(index.documentCount() == 29);
    CHECK_FALSE(index.find("outgoing/1"));
    CHECK(index.find("outgoing/2")->subject == "báo cáo tình hình số 2");
}

TEST_CASE("index: kept on disk, searches from several threads while writing") {
    TempDir dir;
    {
        SearchIndex index(dir / "search");
        index.put(letter("outgoing/1", "kế hoạch", "Kế hoạch năm."));
        index.commit(5);
    }
    CHECK(SearchIndex::existsIn(dir / "search"));
    SearchIndex index(dir / "search");
    CHECK(index.lastSeq() == 5);
    CHECK_THROWS_AS(SearchIndex(dir / "search"), IndexError); // the writer's lock
    std::vector<std::thread> threads;
    std::atomic<int> found{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                found += index.search(ask("ke hoach")).total >= 1 ? 1 : 0;
            }
        });
    }
    for (int i = 2; i < 40; ++i) {
        index.put(letter("outgoing/" + std::to_string(i), "kế hoạch " + std::to_string(i), "x"));
        index.commit(5 + i);
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(found == 200);
    CHECK(index.search(ask("ke hoach")).total == 39);
    CHECK(index.sizeOnDisk() > 0);
}

TEST_CASE("index: unread scans are listed with the keys that hold them until put with text") {
    TempDir dir;
    SearchIndex index(dir / "search");
    auto scanned = letter("incoming/4", "tuyển quân năm 2027", "");
    scanned.unreadScan = "ab12";
    auto sameScan = letter("imported/9", "bản sao", "");
    sameScan.unreadScan = "ab12";
    auto other = letter("incoming/5", "phòng chống lụt bão", "");
    other.unreadScan = "cd34";
    for (const auto& d : {scanned, sameScan, other, letter("outgoing/1", "chỉ đạo", "Chỉ đạo.")}) {
        index.put(d);
    }
    index.commit(3);
    CHECK(keys(index.search(ask("tuyen quan"))) == std::vector<std::string>{"incoming/4"});

    auto scans = index.unreadScans(10);
    REQUIRE(scans.size() == 2);
    CHECK(scans[0].blob == "ab12");
    std::sort(scans[0].keys.begin(), scans[0].keys.end());
    CHECK(scans[0].keys == std::vector<std::string>{"imported/9", "incoming/4"});
    CHECK(scans[1].blob == "cd34");
    CHECK(scans[1].keys == std::vector<std::string>{"incoming/5"});
    CHECK(index.unreadScans(1).size() == 1);

    // Read: put again with the text, without the mark.
    for (auto* d : {&scanned, &sameScan}) {
        d->unreadScan.clear();
        d->text = "Tuyển chọn và gọi công dân nhập ngũ.";
        index.put(*d);
    }
    index.commit(3);
    scans = index.unreadScans(10);
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].blob == "cd34");
    CHECK(keys(index.search(ask("nhap ngu"))).size() == 2);
}

TEST_CASE("index: an index of format 2 or 3 (before the fields of every kind) is emptied, to be "
          "rebuilt") {
    for (const auto* format : {"2", "3"}) {
        TempDir dir;
        {
            SearchIndex index(dir / "search");
            index.put(letter("outgoing/1", "chỉ đạo", "Chỉ đạo thực hiện."));
            index.commit(9);
        }
        {
            Xapian::WritableDatabase db((dir / "search").string(), Xapian::DB_OPEN);
            db.set_metadata("vanthu.format", format);
            db.commit();
        }
        SearchIndex index(dir / "search");
        CHECK(index.lastSeq() == 0);
        CHECK(index.documentCount() == 0);
        CHECK_FALSE(index.missingScanMarks());
    }
}

TEST_CASE("index: arrival number, handler, deadline, recipients, case files and urgency are "
          "searched and kept") {
    TempDir dir;
    SearchIndex index(dir / "search");
    auto a = letter("incoming/1", "tuyển quân năm 2026", "");
    a.kind = "incoming";
    a.registerName = "incoming";
    a.arrivalNumber = "15";
    a.handler = "Nguyễn Văn Hùng";
    a.deadline = "2026-07-01";
    a.recipients = {"UBND xã Bình Lư", "Ban Chỉ huy quân sự huyện"};
    a.caseFiles = {{"4", "HS-07", "Hồ sơ tuyển quân"}};
    a.urgency = "Thượng khẩn";
    index.put(a);
    auto b = letter("outgoing/2", "báo cáo quý", "Nội dung.");
    b.handler = "Tạ Thị Dung";
    b.deadline = "2026-09-30";
    b.recipients = {"Huyện ủy Tam Đường"};
    index.put(b);
    index.put(letter("outgoing/3", "thông báo", "Nội dung."));
    index.commit(3);

    auto q = ask("");
    q.arrivalNumber = "15";
    CHECK(keys(index.search(q)) == std::vector<std::string>{"incoming/1"});
    q.arrivalNumber = "16";
    CHECK(index.search(q).hits.empty());
    q = ask("");
    q.handler = "nguyen hung"; // words, any order, without marks
    CHECK(keys(index.search(q)) == std::vector<std::string>{"incoming/1"});
    q.handler = "Tạ Thị";
    CHECK(keys(index.search(q)) == std::vector<std::string>{"outgoing/2"});
    q = ask("");
    q.recipient = "binh lu";
    CHECK(keys(index.search(q)) == std::vector<std::string>{"incoming/1"});
    q.recipient = "tam đường";
    CHECK(keys(index.search(q)) == std::vector<std::string>{"outgoing/2"});
    q = ask("");
    q.caseFile = "HS-07";
    CHECK(keys(index.search(q)) == std::vector<std::string>{"incoming/1"});
    q.caseFile = "tuyen quan";
    CHECK(keys(index.search(q)) == std::vector<std::string>{"incoming/1"});
    CHECK(index.keysInCaseFile("4") == std::vector<std::string>{"incoming/1"});
    q = ask("");
    q.urgency = "thuong-khan"; // the code folds to the name's words
    CHECK(keys(index.search(q)) == std::vector<std::string>{"incoming/1"});
    q.urgency = "none";
    q.sort = SortOrder::Oldest;
    CHECK(index.search(q).total == 2);
    q = ask("");
    q.deadlineFrom = "2026-06-01";
    q.deadlineTo = "2026-07-31";
    CHECK(keys(index.search(q)) == std::vector<std::string>{"incoming/1"});
    q.deadlineTo = "";
    CHECK(index.search(q).total == 2); // outgoing/3 has no deadline: never in a range
    q.deadlineFrom = "2026-08-01";
    CHECK(keys(index.search(q)) == std::vector<std::string>{"outgoing/2"});

    const auto kept = index.find("incoming/1");
    REQUIRE(kept);
    CHECK(kept->arrivalNumber == "15");
    CHECK(kept->handler == "Nguyễn Văn Hùng");
    CHECK(kept->deadline == "2026-07-01");
    CHECK(kept->recipients == a.recipients);
    CHECK(kept->caseFiles == a.caseFiles);
    CHECK(kept->urgency == "Thượng khẩn");
    CHECK(index.find("outgoing/3")->recipients.empty());
}
