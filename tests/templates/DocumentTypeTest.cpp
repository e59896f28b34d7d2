#include <catch2/catch.hpp>

#include "vanthu/templates/Authority.hpp"
#include "vanthu/templates/DocumentType.hpp"

using namespace vanthu::templates;

TEST_CASE("Document types are found by code, with or without marks") {
    CHECK(findDocumentType("QĐ")->name == "Quyết định");
    CHECK(findDocumentType("QD")->name == "Quyết định");
    CHECK(findDocumentType("HD")->name == "Hướng dẫn");
    CHECK(findDocumentType("HĐ")->name == "Hợp đồng");
    CHECK(findDocumentType("ĐA")->name == "Đề án");
    CHECK(findDocumentType("DA")->name == "Dự án");
    CHECK(findDocumentType("CV")->isLetter);
    CHECK_FALSE(findDocumentType("XYZ").has_value());
}

TEST_CASE("Authority prefixes follow each system's spelling") {
    CHECK(authorityPrefix(Authority::ForHead, DocumentSystem::State) == "KT.");
    CHECK(authorityPrefix(Authority::OnBehalf, DocumentSystem::Party) == "T/M");
    CHECK(authorityPrefix(Authority::Delegated, DocumentSystem::State) == "TUQ.");
    CHECK(authorityPrefix(Authority::Delegated, DocumentSystem::Party) == "T/UQ");
    CHECK(authorityPrefix(Authority::Own, DocumentSystem::State).empty());
    CHECK_THROWS(authorityPrefix(Authority::Acting, DocumentSystem::Party));
    CHECK(parseAuthority("T/M") == Authority::OnBehalf);
    CHECK(parseAuthority("tm.") == Authority::OnBehalf);
    CHECK(parseAuthority("K/T") == Authority::ForHead);
    CHECK(parseAuthority("") == Authority::Own);
    CHECK_FALSE(parseAuthority("XX").has_value());
}
