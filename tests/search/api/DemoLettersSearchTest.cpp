// The demo as people start it (scripts/demo: `vanthu serve --demo --demo-letters samples`) finds
// every sample letter (the seed letters among them) by a phrase of its body typed without
// diacritics, and by its number and notation; another office's clerk finds neither. On
// PostgreSQL too (the "search (postgresql): " registrations): `vanthu serve --database`.
#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"
#include "vanthu/search/Folding.hpp"

using vanthu::test::ApiClient;

namespace {

std::string encode(const std::string& text) {
    std::string out;
    Poco::URI::encode(text, "&=+?#\"", out);
    return out;
}

/// Six words of the body from the twelfth on, folded (no marks, no đ), as a quoted phrase.
std::string phraseWithoutMarks(const std::string& body) {
    const auto tokens = vanthu::search::tokenize(body);
    REQUIRE(tokens.size() >= 18);
    std::string phrase;
    for (std::size_t i = 12; i < 18; ++i) {
        phrase += (phrase.empty() ? "" : " ") + tokens[i].folded;
    }
    return "\"" + phrase + "\"";
}

/// The subjects of the imported letters among the hits for a query.
std::vector<std::string> importedSubjects(ApiClient& client, const std::string& query) {
    const auto response = client.get("/api/search?q=" + encode(query));
    REQUIRE(response.status == 200);
    std::vector<std::string> subjects;
    const auto hits = response.object()->getArray("hits");
    for (std::size_t i = 0; i < hits->size(); ++i) {
        const auto hit = hits->getObject(static_cast<unsigned>(i));
        if (hit->getValue<std::string>("kind") == "imported") {
            subjects.push_back(hit->getValue<std::string>("subject"));
        }
    }
    return subjects;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

} // namespace

TEST_CASE("search API: the demo with its sample letters finds each by a phrase typed without "
          "diacritics and by its number, for its own office only",
          "[search][demo][process]") {
    vanthu::test::TempDir data;
    const auto samples = vanthu::test::sourceDir() / "samples";
    std::vector<std::string> arguments = {"--demo",         "--ecdsa",   "--demo-letters",
                                          samples.string(), "--threads", "4"};
    if (const auto database = vanthu::test::freshTestDatabase()) {
        arguments.insert(arguments.end(), {"--database", *database}); // a schema of its own
    }
    vanthu::test::ServerProcess server(data.path(), arguments);
    const auto passwords = server.demoPasswords();

    // Each office's clerk, by the office's name as letters print it.
    std::map<std::string, std::unique_ptr<ApiClient>> clerks;
    for (const auto& [username, password] : passwords) {
        if (username.rfind("vanthu.", 0) != 0) {
            continue;
        }
        auto client = std::make_unique<ApiClient>(server.port());
        const auto user = client->signIn(username, password);
        clerks[user->getValue<std::string>("officeName")] = std::move(client);
    }
    REQUIRE(clerks.size() == 5);

    int letters = 0;
    for (const auto& entry : std::filesystem::directory_iterator(samples)) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        const auto json = Poco::JSON::Parser()
                              .parse(vanthu::test::readFile(entry.path()))
                              .extract<Poco::JSON::Object::Ptr>();
        auto issuer = json->getValue<std::string>("issuingBody");
        std::replace(issuer.begin(), issuer.end(), '\n', ' ');
        const auto subject = json->getValue<std::string>("subject");
        const auto phrase = phraseWithoutMarks(json->getValue<std::string>("body"));
        INFO(entry.path().filename().string() << ": " << phrase);
        REQUIRE(clerks.count(issuer) == 1);
        CHECK(contains(importedSubjects(*clerks.at(issuer), phrase), subject));
        for (const auto& [office, clerk] : clerks) {
            if (office != issuer) {
                CHECK_FALSE(contains(importedSubjects(*clerk, phrase), subject));
            }
        }
        if (json->has("number") && !json->isNull("number")) {
            const bool party = json->getValue<std::string>("system") == "party";
            const auto notation = std::to_string(json->getValue<int>("number")) +
                                  (party ? "-" : "/") + json->getValue<std::string>("notation");
            INFO(notation);
            const auto byNumber = importedSubjects(*clerks.at(issuer), notation);
            REQUIRE_FALSE(byNumber.empty());
            CHECK(byNumber.front() == subject);
            const auto folded =
                importedSubjects(*clerks.at(issuer), vanthu::search::fold(notation));
            REQUIRE_FALSE(folded.empty());
            CHECK(folded.front() == subject);
        }
        ++letters;
    }
    CHECK(letters == 7);
}
