// bench_search_lag PORT_A PORT_B PASSWORDS_FILE COUNT: two `vanthu serve` processes on one
// PostgreSQL database, each with its own search index (issue 17 item 2). COUNT letters of the Văn
// Quan district committee go through the whole flow on server A; B's search is asked for each
// one before it is issued (so B's index has the signed letter), then the letter is issued on A
// and B's search is asked again and again, back to back, until the hit says "issued". Prints the
// lag (from A's answer to the issue to B's first answer that has it issued) as p50/p95/max, and
// how many searches it took. Fails when a letter is not found as issued within 30 s.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "BenchClient.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using vanthu::bench::Client;

/// A word no other letter has: "trechimuc" and the number in letters (a–z), so that the search
/// finds exactly this letter.
std::string uniqueWord(long long n) {
    std::string word;
    do {
        word += static_cast<char>('a' + n % 26);
        n /= 26;
    } while (n > 0);
    return "trechimuc" + word;
}

/// The state B's search gives the letter `id` (empty: not found).
std::string stateOnB(Client& b, const std::string& word, long long id) {
    const auto results = b.call("GET", "/api/search?q=" + word + "&limit=5");
    const auto hits = results->getArray("hits");
    for (std::size_t i = 0; i < hits->size(); ++i) {
        const auto hit = hits->getObject(static_cast<unsigned>(i));
        if (hit->getValue<long long>("id") == id) {
            return hit->getValue<std::string>("status");
        }
    }
    return "";
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: bench_search_lag PORT_A PORT_B PASSWORDS_FILE COUNT\n";
        return 2;
    }
    const auto portA = static_cast<unsigned short>(std::stoi(argv[1]));
    const auto portB = static_cast<unsigned short>(std::stoi(argv[2]));
    const int count = std::stoi(argv[4]);
    try {
        const auto passwords = vanthu::bench::readPasswords(argv[3]);
        Client author(portA), leader(portA), clerk(portA), searcher(portB);
        author.signIn("chuyenvien.vq", passwords.at("chuyenvien.vq"));
        leader.signIn("chutich.vq", passwords.at("chutich.vq"));
        clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
        searcher.signIn("vanthu.vq", passwords.at("vanthu.vq"));
        const auto signerId = leader.call("GET", "/api/me")->getValue<long long>("id");
        // Each run its own words, so that a second run on the same database finds only its own.
        const long long run =
            std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch())
                .count() %
            100000;
        std::vector<double> lags, searches;
        for (int n = 0; n < count; ++n) {
            const auto word = uniqueWord(run * 1000 + n);
            const auto id =
                author
                    .call("POST", "/api/documents",
                          vanthu::bench::draftJson(signerId, "V/v đo độ trễ chỉ mục " + word))
                    ->getValue<long long>("id");
            const auto base = "/api/documents/" + std::to_string(id);
            author.call("POST", base + "/submit");
            leader.call("POST", base + "/approve");
            leader.call("POST", base + "/sign");
            if (stateOnB(searcher, word, id) != "signed") {
                throw std::runtime_error("B's search does not have the signed letter " + word);
            }
            clerk.call("POST", base + "/issue");
            const auto issued = Clock::now();
            int asked = 0;
            for (;;) {
                ++asked;
                if (stateOnB(searcher, word, id) == "issued") {
                    break;
                }
                if (Clock::now() - issued > std::chrono::seconds(30)) {
                    throw std::runtime_error("B's search did not have " + word +
                                             " issued after 30 s");
                }
            }
            lags.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - issued).count());
            searches.push_back(asked);
        }
        std::printf("letters: %d issued on A, each found issued by B's search\n", count);
        std::printf("lag (A's issue answered → B's search has it issued): p50 %.1f ms, p95 %.1f "
                    "ms, max %.1f ms; searches on B per letter: median %.0f, max %.0f\n",
                    percentile(lags, 0.5), percentile(lags, 0.95), percentile(lags, 1.0),
                    percentile(searches, 0.5), percentile(searches, 1.0));
    } catch (const std::exception& e) {
        std::cerr << "bench_search_lag: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
