// Many threads searching one index at once, with and without words, while a writer adds
// letters: the request threads of the server do exactly this (issue 19: word-less searches
// shared Xapian's static MatchAll, whose reference count is not atomic, and crashed the server).
// Bounded in time; also built as search_stress_tsan under -fsanitize=thread (tests/search).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "TestSupport.hpp"
#include "vanthu/search/SearchIndex.hpp"

using namespace vanthu::search;
using vanthu::test::TempDir;

namespace {

IndexedDocument numbered(int n) {
    IndexedDocument d;
    d.key = "incoming/" + std::to_string(n);
    d.kind = "incoming";
    d.registerName = n % 2 == 0 ? "incoming" : "outgoing";
    d.typeCode = "CV";
    d.status = "registered";
    d.date = "2026-06-" + std::to_string(10 + n % 18);
    d.subject = "về việc kế hoạch số " + std::to_string(n);
    d.text = "Đề nghị các đơn vị thực hiện kế hoạch năm " + std::to_string(2000 + n % 30) + ".";
    d.readers = {"r1:clerk"};
    return d;
}

} // namespace

TEST_CASE("index: word-less and worded searches from many threads at once never break") {
    TempDir dir;
    SearchIndex index(dir / "search");
    for (int n = 1; n <= 200; ++n) {
        index.put(numbered(n));
    }
    index.commit(200);

    const auto seconds = std::chrono::seconds(3);
    const auto until = std::chrono::steady_clock::now() + seconds;
    std::atomic<long> searches{0}, wrong{0};
    std::mutex firstWrongMutex;
    std::string firstWrong;
    std::vector<std::thread> threads;
    for (int t = 0; t < 12; ++t) {
        threads.emplace_back([&, t] {
            SearchQuery q;
            q.readers = {"r1:clerk"};
            q.limit = 1;
            while (std::chrono::steady_clock::now() < until) {
                // Most threads browse a register without words, as the web UI's lists do.
                q.text = t % 4 == 3 ? "ke hoach" : "";
                q.registerName = t % 2 == 0 ? "incoming" : "";
                q.sort = q.text.empty() ? SortOrder::Newest : SortOrder::Relevance;
                const auto results = index.search(q);
                // A worded search asked for one hit may stop early: its total is then
                // Xapian's estimate (exact == false), which can fall below the true count.
                const std::uint64_t least = results.exact ? 100 : 1;
                if (results.total < least || results.hits.size() != 1) {
                    if (++wrong == 1) {
                        std::lock_guard lock(firstWrongMutex);
                        firstWrong = "text '" + q.text + "', register '" + q.registerName +
                                     "': total " + std::to_string(results.total) +
                                     (results.exact ? " (exact)" : " (estimate)") + ", hits " +
                                     std::to_string(results.hits.size());
                    }
                }
                ++searches;
            }
        });
    }
    int next = 201;
    while (std::chrono::steady_clock::now() < until) {
        index.put(numbered(next));
        index.commit(next++);
    }
    for (auto& thread : threads) {
        thread.join();
    }
    INFO("searches: " << searches.load() << "; first wrong: " << firstWrong);
    CHECK(searches > 100);
    CHECK(wrong == 0);
    SearchQuery all;
    all.readers = {"r1:clerk"};
    CHECK(index.search(all).total == static_cast<std::uint64_t>(next - 1));
}
