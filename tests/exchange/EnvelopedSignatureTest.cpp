#include <catch2/catch.hpp>

#include "ExchangeFixture.hpp"
#include "vanthu/exchange/EnvelopedSignature.hpp"
#include "vanthu/signing/OpenSsl.hpp"

using vanthu::exchange::checkXmlDocumentSignature;
using vanthu::exchange::signXmlDocument;
using Status = vanthu::exchange::XmlDocumentSignature::Status;

namespace {

const std::string kDocument = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<Hop xmlns=\"urn:example:hop\">\n  <Ten>Hồ sơ 01</Ten>\n</Hop>\n";

std::string sealed(const vanthu::signing::Pkcs12Key& key) {
    return signXmlDocument(kDocument, key.privateKey(), key.certificate(), key.chain());
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("Enveloped signature of any XML document: intact, changed, removed, repeated",
          "[xmlsig]") {
    const auto& keys = vanthu::test::exchangeKeys();
    for (const auto* key : {keys.seal.get(), keys.ecSeal.get()}) {
        const std::string signedXml = sealed(*key);
        INFO(signedXml);
        CHECK(signedXml.find("<Ten>Hồ sơ 01</Ten>") != std::string::npos);
        CHECK(signedXml.find("</ds:Signature></Hop>") != std::string::npos);

        const auto intact = checkXmlDocumentSignature(signedXml);
        INFO(intact.problem);
        CHECK(intact.status == Status::Intact);
        REQUIRE(intact.signer);
        CHECK(X509_cmp(intact.signer.get(), key->certificate()) == 0);
        CHECK(intact.chain.size() == key->chain().size()); // the CA certificates travel too

        const auto changed = checkXmlDocumentSignature(replaced(signedXml, "01", "02"));
        CHECK(changed.status == Status::Broken);
        CHECK(changed.problem.find("failed to verify") != std::string::npos);

        const auto start = signedXml.find("<ds:Signature");
        const auto end = signedXml.find("</Hop>");
        const std::string bare = std::string(signedXml).erase(start, end - start);
        CHECK(checkXmlDocumentSignature(bare).status == Status::Unsigned);

        const std::string signature = signedXml.substr(start, end - start);
        const auto twice =
            checkXmlDocumentSignature(replaced(signedXml, "</Hop>", signature + "</Hop>"));
        CHECK(twice.status == Status::Broken);
    }
    CHECK(checkXmlDocumentSignature("<Hop><unclosed></Hop>").status == Status::Broken);
    CHECK(checkXmlDocumentSignature("<!DOCTYPE Hop [<!ENTITY x \"y\">]><Hop>&x;</Hop>").status ==
          Status::Broken);
}
