// Reading packages from outside: refusals of everything that is not a package our peers
// signed, and of the classic XML attacks, quickly.
#include <catch2/catch.hpp>

#include <chrono>

#include "ExchangeFixture.hpp"
#include "vanthu/exchange/PackageReader.hpp"
#include "vanthu/exchange/PackageWriter.hpp"

using namespace vanthu;
using namespace vanthu::exchange;

namespace {

const std::string& signedPackage() {
    static const std::string xml =
        writePackage(test::fullPackage("%PDF-1.7\nsmall test payload\n%%EOF\n"),
                     test::exchangeKeys().seal.get());
    return xml;
}

std::vector<X509*> trusted() {
    return {test::exchangeKeys().seal->certificate()};
}

Refusal refusalOf(std::string_view xml, const std::vector<X509*>& trust = trusted()) {
    try {
        ParsedPackage::parse(xml).verifySignature(trust);
    } catch (const RefusedPackage& e) {
        INFO(e.what());
        return e.reason();
    }
    FAIL("the package was accepted");
    return Refusal::Malformed;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

/// A small package with a DTD inserted after the XML declaration.
std::string withDoctype(const std::string& doctype) {
    return replaced(signedPackage(), "?>", "?>\n" + doctype);
}

template <typename F> double secondsOf(F f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

TEST_CASE("PackageReader: a package signed by the peer's seal is accepted", "[exchange]") {
    CHECK(ParsedPackage::parse(signedPackage()).verifySignature(trusted()) == 0);
}

TEST_CASE("PackageReader: a tampered package is refused", "[exchange]") {
    SECTION("the subject changed") {
        CHECK(refusalOf(replaced(signedPackage(), "mùa khô 2024", "mùa khô 2025")) ==
              Refusal::BadSignature);
    }
    SECTION("the attachment changed") {
        const std::string payload = "JVBERi0xLjcKc21hbGwgdGVzdCBwYXlsb2FkCiUlRU9GCg==";
        CHECK(refusalOf(replaced(signedPackage(), payload,
                                 "JVBERi0xLjcKc21hbGwgdGVzdCBwYXlsb2FkCiUlRU9HCg==")) ==
              Refusal::BadSignature);
    }
    SECTION("a receiver added") {
        CHECK(refusalOf(replaced(signedPackage(), "<edXML:Code>",
                                 "<edXML:To><edXML:OrganId>X.1</edXML:OrganId><edXML:OrganName>"
                                 "X</edXML:OrganName></edXML:To><edXML:Code>")) ==
              Refusal::BadSignature);
    }
    SECTION("the signature value changed") {
        auto xml = signedPackage();
        const auto at = xml.find("<ds:SignatureValue>") + 25;
        xml[at] = xml[at] == 'A' ? 'B' : 'A';
        CHECK(refusalOf(xml) == Refusal::BadSignature);
    }
}

TEST_CASE("PackageReader: a package signed by a key nobody configured is refused", "[exchange]") {
    const auto xml = writePackage(test::fullStatus(), test::exchangeKeys().stranger.get());
    CHECK(refusalOf(xml) == Refusal::UnknownSigner);
    // Even from the same CA: trust is the peer's certificate, not a chain.
    CHECK(refusalOf(xml, {}) == Refusal::UnknownSigner);
}

TEST_CASE("PackageReader: a certificate swapped into KeyInfo does not make a signature valid",
          "[exchange]") {
    // Signed by the stranger, then the trusted seal certificate put in KeyInfo.
    const auto& keys = test::exchangeKeys();
    const auto forged = writePackage(test::fullStatus(), keys.stranger.get());
    const auto genuine = writePackage(test::fullStatus(), keys.seal.get());
    const auto certificate = [](const std::string& xml) {
        const auto begin = xml.find("<ds:X509Certificate>");
        const auto end = xml.find("</ds:X509Certificate>");
        return xml.substr(begin, end - begin);
    };
    CHECK(refusalOf(replaced(forged, certificate(forged), certificate(genuine))) ==
          Refusal::BadSignature);
}

TEST_CASE("PackageReader: a package without a signature is refused", "[exchange]") {
    CHECK(refusalOf(writePackage(test::fullStatus(), nullptr)) == Refusal::Unsigned);
}

TEST_CASE("PackageReader: a second signature or a moved signature is refused", "[exchange]") {
    const auto xml = writePackage(test::fullStatus(), test::exchangeKeys().seal.get());
    const auto begin = xml.find("<ds:Signature");
    const auto end = xml.find("</ds:Signature>") + std::string("</ds:Signature>").size();
    const auto signature = xml.substr(begin, end - begin);
    SECTION("two signatures") {
        CHECK(refusalOf(replaced(xml, "</edXML:edXMLHeader>",
                                 signature + "</edXML:edXMLHeader>")) != Refusal::Unsigned);
    }
    SECTION("signature inside the body") {
        auto moved = xml;
        moved.erase(begin, end - begin);
        // Not where the schema allows it: invalid before any signature check.
        CHECK(refusalOf(replaced(moved, "<edXML:edXMLManifest/>",
                                 "<edXML:edXMLManifest>" + signature + "</edXML:edXMLManifest>")) ==
              Refusal::Invalid);
    }
}

TEST_CASE("PackageReader: a DTD, entities and external entities are refused before expansion",
          "[exchange]") {
    SECTION("billion laughs") {
        std::string bomb = "<!DOCTYPE edXML [\n<!ENTITY l0 \"ha\">\n";
        for (int i = 1; i < 10; ++i) {
            bomb += "<!ENTITY l" + std::to_string(i) + " \"";
            for (int j = 0; j < 10; ++j) {
                bomb += "&l" + std::to_string(i - 1) + ";";
            }
            bomb += "\">\n";
        }
        bomb += "]>";
        const auto xml = replaced(withDoctype(bomb), "mùa khô 2024", "&l9;");
        CHECK(secondsOf([&] { CHECK(refusalOf(xml) == Refusal::Malformed); }) < 1.0);
    }
    SECTION("external entity") {
        const auto xml =
            replaced(withDoctype("<!DOCTYPE edXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"),
                     "mùa khô 2024", "&x;");
        CHECK(refusalOf(xml) == Refusal::Malformed);
    }
    SECTION("external DTD") {
        CHECK(refusalOf(withDoctype("<!DOCTYPE edXML SYSTEM \"http://127.0.0.1:1/x.dtd\">")) ==
              Refusal::Malformed);
    }
    SECTION("a DOCTYPE the quick screen would miss still meets the parser") {
        // Lower-case is not XML, so the parser refuses it as malformed too.
        CHECK(refusalOf(withDoctype("<!doctype edXML>")) == Refusal::Malformed);
    }
    SECTION("an undeclared entity reference") {
        CHECK(refusalOf(replaced(signedPackage(), "mùa khô 2024", "&x;")) == Refusal::Malformed);
    }
    SECTION("schema location hints are not fetched") {
        const auto xml = replaced(signedPackage(), "<edXML:edXML ",
                                  "<edXML:edXML xmlns:xsi=\"http://www.w3.org/2001/"
                                  "XMLSchema-instance\" xsi:schemaLocation=\"http://www.mic.gov."
                                  "vn/TBT/QCVN_102_2016 http://127.0.0.1:1/evil.xsd\" ");
        // Parsed with the compiled-in schema only; the hint changes nothing the signature saw
        // in a way that matters, so it fails on the signature, not on a fetch.
        CHECK(secondsOf([&] { CHECK(refusalOf(xml) == Refusal::BadSignature); }) < 2.0);
    }
}

TEST_CASE("PackageReader: packages that break the schema are refused as invalid", "[exchange]") {
    const auto xml = writePackage(test::fullStatus(), nullptr);
    SECTION("unknown status code") {
        CHECK(refusalOf(replaced(xml, "<edXML:StatusCode>03<", "<edXML:StatusCode>07<")) ==
              Refusal::Invalid);
    }
    SECTION("date in the wrong format") {
        CHECK(refusalOf(replaced(xml, "2024/02/08 08:15:00", "2024-02-08T08:15:00")) ==
              Refusal::Invalid);
    }
    SECTION("a required element missing") {
        const auto begin = xml.find("<edXML:StatusCode>");
        const auto end = xml.find("</edXML:StatusCode>") + 19;
        auto broken = xml;
        broken.erase(begin, end - begin);
        CHECK(refusalOf(broken) == Refusal::Invalid);
    }
    SECTION("an element the schema does not know") {
        CHECK(refusalOf(replaced(xml, "<edXML:StatusCode>", "<edXML:Evil/><edXML:StatusCode>")) ==
              Refusal::Invalid);
    }
    SECTION("another root element") {
        CHECK(refusalOf("<?xml version=\"1.0\"?><html><body/></html>") == Refusal::Invalid);
    }
    SECTION("a manifest pointing at no attachment") {
        auto p = test::fullPackage("x");
        const auto doc = writePackage(p, nullptr);
        // The first ContentId is the manifest's.
        CHECK(refusalOf(replaced(doc, "<edXML:ContentId>appendix-1</edXML:ContentId>",
                                 "<edXML:ContentId>missing</edXML:ContentId>")) ==
              Refusal::Invalid);
    }
}

TEST_CASE("PackageReader: not XML, not UTF-8, or too large", "[exchange]") {
    CHECK(refusalOf("") == Refusal::Malformed);
    CHECK(refusalOf("not xml at all") == Refusal::Malformed);
    CHECK(refusalOf("<edXML:edXML xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">") ==
          Refusal::Malformed);
    CHECK(refusalOf(std::string("\xFF\xFE<\0x\0", 6)) == Refusal::Malformed);
    CHECK(refusalOf(replaced(signedPackage(), "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")) ==
          Refusal::Malformed);
    ReadLimits small;
    small.maxBytes = 1000;
    try {
        ParsedPackage::parse(signedPackage(), small);
        FAIL("accepted");
    } catch (const RefusedPackage& e) {
        CHECK(e.reason() == Refusal::TooLarge);
    }
}
