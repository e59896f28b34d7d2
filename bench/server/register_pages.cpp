// bench_register_pages PORT PASSWORDS_FILE YEAR [REPEATS]: signs in as the clerk of the Văn Quan
// district committee and times pages of the outgoing register through the API (issue 17 item
// 4): the first, middle and last page of the year, and the middle page of a filtered query
// (the secret series in June). Prints the total and p50/p95/max per page over REPEATS requests.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "BenchClient.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using vanthu::bench::Client;

double percentile(std::vector<double> ms, double p) {
    std::sort(ms.begin(), ms.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5);
    return ms[std::min(index, ms.size() - 1)];
}

/// Times REPEATS requests of one page; checks each answer has the rows it should.
void measure(Client& client, const std::string& name, const std::string& base, long offset,
             int limit, int repeats) {
    const std::string path =
        base + "&limit=" + std::to_string(limit) + "&offset=" + std::to_string(offset);
    std::vector<double> ms;
    long total = 0;
    std::size_t rows = 0;
    for (int i = 0; i < repeats; ++i) {
        const auto started = Clock::now();
        const auto page = client.call("GET", path);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
        total = page->getValue<long>("total");
        rows = page->getArray("entries")->size();
    }
    std::printf("| %s | %ld | %zu | %.1f ms | %.1f ms | %.1f ms |\n", name.c_str(), offset, rows,
                percentile(ms, 0.5), percentile(ms, 0.95), percentile(ms, 1.0));
    if (rows == 0 && total > 0) {
        throw std::runtime_error(name + ": an empty page");
    }
}

long totalOf(Client& client, const std::string& base) {
    return client.call("GET", base + "&limit=1")->getValue<long>("total");
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: bench_register_pages PORT PASSWORDS_FILE YEAR [REPEATS]\n";
        return 2;
    }
    const auto port = static_cast<unsigned short>(std::stoi(argv[1]));
    const std::string year = argv[3];
    const int repeats = argc > 4 ? std::stoi(argv[4]) : 100;
    constexpr int kLimit = 50;
    try {
        Client client(port);
        client.signIn("vanthu.vq", vanthu::bench::readPasswords(argv[2]).at("vanthu.vq"));
        const std::string all = "/api/registers/outgoing?year=" + year;
        const std::string filtered =
            all + "&series=mat&from=" + year + "-06-01&to=" + year + "-06-30";
        const long total = totalOf(client, all);
        const long filteredTotal = totalOf(client, filtered);
        std::printf("register rows: %ld; secret series in June: %ld; %d requests each, "
                    "limit %d\n\n",
                    total, filteredTotal, repeats, kLimit);
        std::printf("| Page | offset | rows | p50 | p95 | max |\n|---|---|---|---|---|---|\n");
        const auto middle = [&](long n) { return (n / 2 / kLimit) * kLimit; };
        const auto last = [&](long n) { return n == 0 ? 0 : ((n - 1) / kLimit) * kLimit; };
        measure(client, "first", all, 0, kLimit, repeats);
        measure(client, "middle", all, middle(total), kLimit, repeats);
        measure(client, "last", all, last(total), kLimit, repeats);
        measure(client, "filtered (mật, June), first", filtered, 0, kLimit, repeats);
        measure(client, "filtered (mật, June), middle", filtered, middle(filteredTotal), kLimit,
                repeats);
        measure(client, "filtered (mật, June), last", filtered, last(filteredTotal), kLimit,
                repeats);
    } catch (const std::exception& e) {
        std::cerr << "bench_register_pages: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
