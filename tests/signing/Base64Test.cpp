#include <catch2/catch.hpp>

#include "vanthu/signing/Base64.hpp"

using vanthu::signing::fromBase64;
using vanthu::signing::toBase64;

TEST_CASE("Base64: RFC 4648 test vectors both ways") {
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [bytes, text] : vectors) {
        CHECK(toBase64(bytes) == text);
        CHECK(fromBase64(text) == std::string(bytes));
    }
    const std::string binary("\0\xff\x10 é", 6);
    CHECK(fromBase64(toBase64(binary)) == binary);
}

TEST_CASE("Base64: line breaks of XML and PEM text are skipped, anything else is refused") {
    CHECK(fromBase64("Zm9v\r\nYmFy\n") == std::string("foobar"));
    CHECK(fromBase64(" Zm9v YmE=\t") == std::string("fooba"));
    CHECK_FALSE(fromBase64("Zm9"));      // not a multiple of 4
    CHECK_FALSE(fromBase64("Zm9v!mFy")); // not the alphabet
    CHECK_FALSE(fromBase64("Zm9v-_Fy")); // base64url is not base64
}
