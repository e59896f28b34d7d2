// The search benchmark (issue 6, item 6). Verbs:
//   bench_search generate DIR COUNT     a data folder: the demo data set plus COUNT issued letters
//                                       of UBND huyện Văn Quan shaped like the seeds (with their
//                                       audit entries); accounts in DIR/accounts.txt
//   bench_search engines COUNT DIR      the engines side by side in-process on COUNT generated
//                                       letters: Xapian (vanthu_search) and SQLite FTS5 with the
//                                       same folding; build rate, size, query-mix latencies
//   bench_search index DIR ROUNDS       the query mix in-process on the index of a data folder made
//                                       by generate (server stopped)
//   bench_search query PORT USER PASSWORD ROUNDS
//                                       the query mix through the HTTP API of a running server
// Figures and commands: docs/performance.md, section "Search"; bench/search/run.sh.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "CorpusGenerator.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/DemoData.hpp"
#include "vanthu/docmgmt/SearchSource.hpp"
#include "vanthu/docmgmt/SqlStorage.hpp"
#include "vanthu/search/Folding.hpp"
#include "vanthu/search/SearchIndex.hpp"

using namespace vanthu;
using Clock = std::chrono::steady_clock;

namespace {

constexpr unsigned kSeed = 20260616;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// CPU seconds this process has used (user + system): on a shared machine the wall-clock rate
/// says how loaded it was, this says what the work costs.
double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// One kind of query in the mix and its variants (the text, extra query-string parameters).
struct QueryKind {
    std::string name;
    std::vector<std::pair<std::string, std::string>> variants; ///< q, extra params
    bool prefix = false;                                       ///< search as you type
};

std::string fold(const std::string& text) {
    return search::fold(text);
}

/// The mix of issue 6: two common words without diacritics, two rare words, a phrase, a prefix
/// (as typed), a notation, a query filtered by type and year; and a short prefix.
std::vector<QueryKind> queryMix() {
    bench::CorpusGenerator generator(VANTHU_SOURCE_DIR, kSeed);
    const auto rare = generator.rareWords(16);
    QueryKind rareKind{"two rare words", {}, false};
    for (std::size_t i = 0; i + 1 < rare.size(); i += 2) {
        rareKind.variants.push_back({fold(rare[i]) + " " + fold(rare[i + 1]), ""});
    }
    QueryKind notation{"notation", {}, false};
    for (int i = 0; i < 8; ++i) {
        notation.variants.push_back({generator.next().notation, ""});
    }
    return {
        {"two common words",
         {{"thuc hien", ""}, {"nhan dan", ""}, {"hanh chinh", ""}, {"can bo", ""}},
         false},
        rareKind,
        {"phrase",
         {{"\"cai cach hanh chinh\"", ""},
          {"\"nang cao chat luong\"", ""},
          {"\"chuyen doi so\"", ""},
          {"\"phuc vu nhan dan\"", ""}},
         false},
        {"prefix (as typed)",
         {{"chuyen doi s", ""},
          {"cai cach hanh ch", ""},
          {"thu tuc h", ""},
          {"nang cao chat l", ""}},
         true},
        notation,
        {"type + year filter",
         {{"bao cao", "&type=BC&year=2024"},
          {"ke hoach", "&type=KH&year=2023"},
          {"thong bao", "&type=TB&year=2025"},
          {"cai cach", "&type=QĐ&year=2022"}},
         false},
        {"short prefix", {{"ch*", ""}, {"th*", ""}, {"ng*", ""}, {"k*", ""}}, false},
    };
}

struct Percentiles {
    double p50 = 0, p95 = 0, p99 = 0, max = 0;
};

Percentiles percentiles(std::vector<double> values) {
    Percentiles p;
    if (values.empty()) {
        return p;
    }
    std::sort(values.begin(), values.end());
    auto at = [&](double q) {
        return values[std::min(values.size() - 1, static_cast<std::size_t>(q * values.size()))];
    };
    p.p50 = at(0.50);
    p.p95 = at(0.95);
    p.p99 = at(0.99);
    p.max = values.back();
    return p;
}

void printRow(const std::string& engine, const std::string& kind, const std::vector<double>& ms,
              double hitsAverage) {
    const auto p = percentiles(ms);
    std::printf("| %s | %s | %.1f | %.1f | %.1f | %.1f | %.0f |\n", engine.c_str(), kind.c_str(),
                p.p50, p.p95, p.p99, p.max, hitsAverage);
    std::fflush(stdout);
}

std::uint64_t folderBytes(const std::filesystem::path& folder) {
    std::uint64_t bytes = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) {
            bytes += entry.file_size();
        }
    }
    return bytes;
}

// ---- generate -------------------------------------------------------------------------------

int generate(const std::filesystem::path& dir, long count) {
    std::filesystem::create_directories(dir);
    docmgmt::SqlStorage storage(docmgmt::SqlStorage::databaseFileIn(dir));
    docmgmt::BlobStore blobs(docmgmt::BlobStore::folderIn(dir));
    docmgmt::AuditTrail audit(storage);
    docmgmt::DemoDataOptions options;
    options.ecdsa = true;
    const auto demo = docmgmt::createDemoData(storage, blobs, audit, dir / "pki", options);
    {
        std::ofstream accounts(dir / "accounts.txt");
        for (const auto& account : demo.accounts) {
            accounts << account.username << " " << account.password << "\n";
        }
    }
    const auto clerk = storage.findUserByName("vanthu.vq");
    if (!clerk) {
        std::cerr << "no clerk vanthu.vq in the demo data\n";
        return 2;
    }
    bench::CorpusGenerator generator(VANTHU_SOURCE_DIR, kSeed);
    const auto start = Clock::now();
    std::uint64_t textBytes = 0;
    constexpr long kBatch = 2000;
    for (long done = 0; done < count;) {
        storage.transaction([&] {
            for (long i = 0; i < kBatch && done < count; ++i, ++done) {
                const auto letter = generator.next();
                docmgmt::OutgoingDocument doc;
                doc.officeId = clerk->officeId;
                doc.authorId = clerk->id;
                doc.state = docmgmt::DocumentState::Issued;
                doc.typeCode = letter.typeCode;
                doc.subject = letter.subject;
                doc.content = bench::CorpusGenerator::toJson(letter);
                doc.number = letter.number;
                doc.year = std::stoi(letter.date.substr(0, 4));
                doc.notation = letter.notation;
                doc.issuedDate = letter.date;
                doc.createdAt = doc.updatedAt = letter.date + "T08:00:00+07:00";
                textBytes += letter.subject.size() + letter.body.size();
                doc.id = storage.addDocument(doc);
                audit.record({clerk->id, clerk->username, "import",
                              "document/" + std::to_string(doc.id), "bench", letter.notation});
            }
        });
        if (done % 50000 == 0 || done == count) {
            std::fprintf(stderr, "generated %ld of %ld (%.0f/s)\n", done, count,
                         done / (msSince(start) / 1000));
        }
    }
    std::printf("generated %ld letters, %.1f MB of text, in %.0f s; database %.1f MB\n", count,
                textBytes / 1e6, msSince(start) / 1000,
                std::filesystem::file_size(docmgmt::SqlStorage::databaseFileIn(dir)) / 1e6);
    return 0;
}

// ---- engines --------------------------------------------------------------------------------

struct Sqlite {
    sqlite3* db = nullptr;
    explicit Sqlite(const std::filesystem::path& file) {
        if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
            throw std::runtime_error("sqlite3_open");
        }
    }
    ~Sqlite() { sqlite3_close(db); }
    void exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string message = error ? error : "?";
            sqlite3_free(error);
            throw std::runtime_error(message + " in " + sql);
        }
    }
};

struct Statement {
    sqlite3_stmt* stmt = nullptr;
    Statement(sqlite3* db, const std::string& sql) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string(sqlite3_errmsg(db)) + " in " + sql);
        }
    }
    ~Statement() { sqlite3_finalize(stmt); }
};

/// The FTS5 MATCH expression for a query of the mix (folded like the index).
std::string fts5Match(const QueryKind& kind, const std::string& q) {
    if (kind.name == "notation") {
        std::string words;
        for (const auto& token : search::tokenize(q)) {
            words += (words.empty() ? "" : " ") + token.folded;
        }
        return "\"" + words + "\"";
    }
    if (kind.prefix) {
        return q + "*";
    }
    return q;
}

/// The query mix in-process on a Xapian index, as the user with these access tokens; a table row
/// per kind of query.
void xapianMix(const search::SearchIndex& index, const std::vector<std::string>& readers,
               int rounds, const std::string& engine) {
    for (const auto& kind : queryMix()) {
        std::vector<double> ms;
        double hits = 0;
        for (int r = 0; r < rounds; ++r) {
            for (const auto& [q, params] : kind.variants) {
                search::SearchQuery query;
                query.text = q;
                query.lastWordIsPrefix = kind.prefix;
                query.readers = readers;
                if (!params.empty()) {
                    query.typeCode = params.substr(6, params.find("&year") - 6);
                    query.year = std::stoi(params.substr(params.find("year=") + 5));
                }
                const auto start = Clock::now();
                const auto results = index.search(query);
                ms.push_back(msSince(start));
                hits += static_cast<double>(results.total);
            }
        }
        printRow(engine, kind.name, ms, hits / static_cast<double>(ms.size()));
    }
}

/// The mix in-process on the index of a data folder made by `generate` (the server stopped), as
/// the benchmark clerk.
int indexMix(const std::filesystem::path& dataDir, int rounds) {
    docmgmt::SqlStorage storage(docmgmt::SqlStorage::databaseFileIn(dataDir));
    const auto clerk = storage.findUserByName("vanthu.vq");
    if (!clerk) {
        throw std::runtime_error("no user vanthu.vq in " + dataDir.string());
    }
    const search::SearchIndex index(dataDir / "search");
    std::printf("%llu documents\n\n| engine | query | p50 ms | p95 ms | p99 ms | max ms | matches "
                "|\n|---|---|---|---|---|---|---|\n",
                static_cast<unsigned long long>(index.documentCount()));
    xapianMix(index, docmgmt::readerTokens(*clerk), rounds, "Xapian");
    return 0;
}

int engines(long count, const std::filesystem::path& dir) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    bench::CorpusGenerator generator(VANTHU_SOURCE_DIR, kSeed);
    std::vector<bench::GeneratedLetter> letters;
    letters.reserve(static_cast<std::size_t>(count));
    std::uint64_t textBytes = 0;
    const auto generated = Clock::now();
    const double generatedCpu = cpuSeconds();
    for (long i = 0; i < count; ++i) {
        letters.push_back(generator.next());
        textBytes += letters.back().subject.size() + letters.back().body.size();
    }
    std::printf("corpus: %ld letters, %.1f MB of text, generated at %.0f letters/s (%.0f per CPU "
                "second)\n\n",
                count, textBytes / 1e6, count / (msSince(generated) / 1000),
                count / (cpuSeconds() - generatedCpu));
    std::printf("| engine | build (letters/s) | letters per CPU second | size on disk (MB) "
                "|\n|---|---|---|---|\n");

    // Xapian through vanthu_search: exact + folded terms, positions, stored text for snippets.
    {
        search::SearchIndex index(dir / "xapian");
        const auto start = Clock::now();
        const double startCpu = cpuSeconds();
        for (long i = 0; i < count; ++i) {
            const auto& l = letters[static_cast<std::size_t>(i)];
            search::IndexedDocument d;
            d.key = "outgoing/" + std::to_string(i + 1);
            d.kind = "outgoing";
            d.registerName = "outgoing";
            d.notation = l.notation;
            d.typeCode = l.typeCode;
            d.typeName = l.typeName;
            d.issuer = l.issuer;
            d.signer = l.signer;
            d.status = "issued";
            d.date = l.date;
            d.subject = l.subject;
            d.text = l.body;
            d.readers = {"r1:clerk"};
            index.put(d);
            if ((i + 1) % 20000 == 0) {
                index.commit(i + 1);
                std::fprintf(stderr, "xapian: %ld letters, %.0f/s\n", i + 1,
                             (i + 1) / (msSince(start) / 1000));
            }
        }
        index.commit(count);
        const double seconds = msSince(start) / 1000;
        std::printf("| Xapian 1.4 (vanthu_search) | %.0f | %.0f | %.0f |\n", count / seconds,
                    count / (cpuSeconds() - startCpu), index.sizeOnDisk() / 1e6);
    }
    // SQLite FTS5: the folded text (đ → d included), unicode61, a side table for filters.
    {
        Sqlite sql(dir / "fts5.db");
        sql.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        sql.exec("CREATE VIRTUAL TABLE fts USING fts5(subject, body, tokenize='unicode61 "
                 "remove_diacritics 2');");
        sql.exec("CREATE TABLE meta(id INTEGER PRIMARY KEY, type TEXT, year INTEGER, notation "
                 "TEXT); CREATE INDEX meta_type_year ON meta(type, year);");
        const auto start = Clock::now();
        const double startCpu = cpuSeconds();
        sql.exec("BEGIN");
        Statement insertFts(sql.db, "INSERT INTO fts(rowid, subject, body) VALUES (?,?,?)");
        Statement insertMeta(sql.db, "INSERT INTO meta VALUES (?,?,?,?)");
        for (long i = 0; i < count; ++i) {
            const auto& l = letters[static_cast<std::size_t>(i)];
            const auto subject = fold(l.subject), body = fold(l.body + " " + l.notation);
            sqlite3_bind_int64(insertFts.stmt, 1, i + 1);
            sqlite3_bind_text(insertFts.stmt, 2, subject.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insertFts.stmt, 3, body.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_step(insertFts.stmt);
            sqlite3_reset(insertFts.stmt);
            sqlite3_bind_int64(insertMeta.stmt, 1, i + 1);
            sqlite3_bind_text(insertMeta.stmt, 2, fold(l.typeCode).c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(insertMeta.stmt, 3, std::stoi(l.date.substr(0, 4)));
            sqlite3_bind_text(insertMeta.stmt, 4, l.notation.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_step(insertMeta.stmt);
            sqlite3_reset(insertMeta.stmt);
        }
        sql.exec("COMMIT");
        sql.exec("INSERT INTO fts(fts) VALUES('optimize')");
        const double seconds = msSince(start) / 1000;
        sql.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        std::printf("| SQLite FTS5 (folded text, unicode61; its snippets are folded) | %.0f | %.0f "
                    "| %.0f |\n",
                    count / seconds, count / (cpuSeconds() - startCpu),
                    folderBytes(dir) / 1e6 - folderBytes(dir / "xapian") / 1e6);
    }

    letters.clear();
    letters.shrink_to_fit();
    const auto mix = queryMix();
    const int rounds = 25;
    std::printf("\n| engine | query | p50 ms | p95 ms | p99 ms | max ms | hits |\n"
                "|---|---|---|---|---|---|---|\n");
    {
        search::SearchIndex index(dir / "xapian");
        xapianMix(index, {"r1:clerk"}, rounds, "Xapian");
    }
    {
        Sqlite sql(dir / "fts5.db");
        // Ranked top 20 with a snippet, as the API answers.
        Statement plain(sql.db, "SELECT rowid, snippet(fts, 1, '[', ']', '…', 32) FROM fts WHERE "
                                "fts MATCH ? ORDER BY bm25(fts, 3.0, 1.0) LIMIT 20");
        Statement filtered(sql.db,
                           "SELECT fts.rowid, snippet(fts, 1, '[', ']', '…', 32) FROM fts JOIN "
                           "meta ON meta.id = fts.rowid WHERE fts MATCH ? AND meta.type = ? AND "
                           "meta.year = ? ORDER BY bm25(fts, 3.0, 1.0) LIMIT 20");
        Statement counter(sql.db, "SELECT count(*) FROM fts WHERE fts MATCH ?");
        for (const auto& kind : mix) {
            std::vector<double> ms;
            double hits = 0;
            const int ftsRounds = kind.name == "short prefix" ? 2 : 5; // seconds each
            for (int r = 0; r < ftsRounds; ++r) {
                for (const auto& [q, params] : kind.variants) {
                    const auto match = fts5Match(kind, q);
                    auto& stmt = params.empty() ? plain : filtered;
                    sqlite3_bind_text(stmt.stmt, 1, match.c_str(), -1, SQLITE_TRANSIENT);
                    if (!params.empty()) {
                        const auto type = fold(params.substr(6, params.find("&year") - 6));
                        sqlite3_bind_text(stmt.stmt, 2, type.c_str(), -1, SQLITE_TRANSIENT);
                        sqlite3_bind_int(stmt.stmt, 3,
                                         std::stoi(params.substr(params.find("year=") + 5)));
                    }
                    const auto start = Clock::now();
                    while (sqlite3_step(stmt.stmt) == SQLITE_ROW) {
                    }
                    ms.push_back(msSince(start));
                    sqlite3_reset(stmt.stmt);
                    if (r == 0) {
                        sqlite3_bind_text(counter.stmt, 1, match.c_str(), -1, SQLITE_TRANSIENT);
                        if (sqlite3_step(counter.stmt) == SQLITE_ROW) {
                            hits += sqlite3_column_int64(counter.stmt, 0);
                        }
                        sqlite3_reset(counter.stmt);
                    }
                }
            }
            printRow("FTS5", kind.name, ms, hits / static_cast<double>(kind.variants.size()));
        }
    }
    return 0;
}

// ---- query (through the API) ------------------------------------------------------------------

int query(unsigned short port, const std::string& user, const std::string& password, int rounds) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setKeepAlive(true);
    auto call = [&](const std::string& method, const std::string& path, const std::string& body,
                    const std::string& token, std::string& answer) {
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setKeepAlive(true);
        if (!token.empty()) {
            request.set("Authorization", "Bearer " + token);
        }
        if (!body.empty()) {
            request.setContentType("application/json");
            request.setContentLength(static_cast<std::streamsize>(body.size()));
            session.sendRequest(request) << body;
        } else {
            session.sendRequest(request);
        }
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        answer.assign(std::istreambuf_iterator<char>(in), {});
        return static_cast<int>(response.getStatus());
    };
    std::string answer;
    Poco::JSON::Object credentials;
    credentials.set("username", user);
    credentials.set("password", password);
    std::ostringstream body;
    credentials.stringify(body);
    if (call("POST", "/api/session", body.str(), "", answer) != 200) {
        std::cerr << "sign-in refused: " << answer << "\n";
        return 2;
    }
    const auto token = Poco::JSON::Parser()
                           .parse(answer)
                           .extract<Poco::JSON::Object::Ptr>()
                           ->getValue<std::string>("token");
    const auto mix = queryMix();
    std::printf(
        "| query | p50 ms | p95 ms | p99 ms | max ms | matches |\n|---|---|---|---|---|---|\n");
    std::vector<double> all;
    for (const auto& kind : mix) {
        std::vector<double> ms;
        double matches = 0;
        for (int r = 0; r < rounds; ++r) {
            for (const auto& [q, params] : kind.variants) {
                std::string encoded;
                Poco::URI::encode(q, "&=+?#/;*", encoded);
                std::string extra;
                Poco::URI::encode(params, "", extra);
                const std::string path =
                    "/api/search?limit=20&q=" + encoded + params + (kind.prefix ? "&prefix=1" : "");
                const auto start = Clock::now();
                const int status = call("GET", path, "", token, answer);
                ms.push_back(msSince(start));
                if (status != 200) {
                    std::cerr << path << ": " << status << " " << answer << "\n";
                    return 1;
                }
                if (r == 0) {
                    matches += Poco::JSON::Parser()
                                   .parse(answer)
                                   .extract<Poco::JSON::Object::Ptr>()
                                   ->getValue<double>("total");
                }
            }
        }
        all.insert(all.end(), ms.begin(), ms.end());
        const auto p = percentiles(ms);
        std::printf("| %s | %.1f | %.1f | %.1f | %.1f | %.0f |\n", kind.name.c_str(), p.p50, p.p95,
                    p.p99, p.max, matches / static_cast<double>(kind.variants.size()));
        std::fflush(stdout);
    }
    const auto p = percentiles(all);
    std::printf("| all | %.1f | %.1f | %.1f | %.1f | |\n", p.p50, p.p95, p.p99, p.max);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.size() == 3 && args[0] == "generate") {
            return generate(args[1], std::stol(args[2]));
        }
        if (args.size() == 3 && args[0] == "engines") {
            return engines(std::stol(args[1]), args[2]);
        }
        if (args.size() == 3 && args[0] == "index") {
            return indexMix(args[1], std::stoi(args[2]));
        }
        if (args.size() == 5 && args[0] == "query") {
            return query(static_cast<unsigned short>(std::stoi(args[1])), args[2], args[3],
                         std::stoi(args[4]));
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_search: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "usage: bench_search generate DIR COUNT | engines COUNT DIR | index DIR ROUNDS | "
                 "query PORT USER PASSWORD ROUNDS\n";
    return 2;
}
