// The OpenAPI document served at /api/openapi.json describes every endpoint of the contract
// (docs/api.md's table), with the contract's error codes.
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

#include "TestSupport.hpp"
#include "http/Embedded.hpp"

using namespace vanthu;

TEST_CASE("the OpenAPI document lists every endpoint of docs/api.md", "[openapi]") {
    Poco::JSON::Parser parser;
    const auto document =
        parser.parse(std::string(http::embedded::openApiJson)).extract<Poco::JSON::Object::Ptr>();
    CHECK(document->getValue<std::string>("openapi") == "3.0.3");
    const auto paths = document->getObject("paths");
    const std::string contract = test::readFile(test::sourceDir() / "docs" / "api.md");
    const std::regex row(R"(^\| `(GET|POST|PUT|DELETE) (/api/[^` ?]*))");
    std::istringstream lines(contract);
    std::string line;
    int endpoints = 0;
    while (std::getline(lines, line)) {
        std::smatch match;
        if (!std::regex_search(line, match, row)) {
            continue;
        }
        ++endpoints;
        std::string method = match[1];
        std::transform(method.begin(), method.end(), method.begin(), ::tolower);
        const std::string path = match[2];
        INFO(method << " " << path);
        REQUIRE(paths->has(path));
        const auto operation = paths->getObject(path)->getObject(method);
        REQUIRE(operation);
        CHECK(operation->getObject("responses")->size() > 0);
    }
    CHECK(endpoints >= 20);
    const auto codes = document->getObject("components")
                           ->getObject("schemas")
                           ->getObject("Error")
                           ->getObject("properties")
                           ->getObject("error")
                           ->getObject("properties")
                           ->getObject("code")
                           ->getArray("enum");
    CHECK(codes->size() == 11);
}
