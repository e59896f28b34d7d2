// bench_server_flow PORT PASSWORDS_FILE COUNT [THREADS]: takes COUNT letters of the Văn Quan
// district committee through the whole flow over HTTP (create, submit, approve, sign, issue) and
// prints documents per second for the whole flow and for the issuing step alone.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "BenchClient.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using vanthu::bench::Client;
using vanthu::bench::readPasswords;

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: bench_server_flow PORT PASSWORDS_FILE COUNT [THREADS]\n";
        return 2;
    }
    const auto port = static_cast<unsigned short>(std::stoi(argv[1]));
    const auto passwords = readPasswords(argv[2]);
    const int count = std::stoi(argv[3]);
    const int threads = argc > 4 ? std::stoi(argv[4]) : 1;
    std::atomic<long long> issueNanos{0};
    std::atomic<int> next{0};
    long long signerId = 0;
    {
        Client probe(port);
        probe.signIn("chutich.vq", passwords.at("chutich.vq"));
        signerId = probe.call("GET", "/api/me")->getValue<long long>("id");
    }
    const auto started = Clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            Client author(port), leader(port), clerk(port);
            author.signIn("chuyenvien.vq", passwords.at("chuyenvien.vq"));
            leader.signIn("chutich.vq", passwords.at("chutich.vq"));
            clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
            for (int n = next++; n < count; n = next++) {
                const auto id =
                    author
                        .call("POST", "/api/documents",
                              vanthu::bench::draftJson(signerId, "V/v báo cáo thử tải số " +
                                                                     std::to_string(n)))
                        ->getValue<long long>("id");
                const auto base = "/api/documents/" + std::to_string(id);
                author.call("POST", base + "/submit");
                leader.call("POST", base + "/approve");
                leader.call("POST", base + "/sign");
                const auto before = Clock::now();
                clerk.call("POST", base + "/issue");
                issueNanos +=
                    std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - before)
                        .count();
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const double issueSeconds = static_cast<double>(issueNanos.load()) / 1e9;
    std::cout << "documents: " << count << ", threads: " << threads << "\n"
              << "whole flow: " << seconds << " s, " << count / seconds << " documents/s\n"
              << "issue step: " << issueSeconds / count * 1000 << " ms each on average, "
              << count / issueSeconds * threads << " issues/s across threads\n";
    return 0;
}
