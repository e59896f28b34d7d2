// Secrets at rest (issue 13): AES-256-GCM under the installation's key file, made on first use
// with mode 0600; a sealed secret opens only with its key and its context, and holds no clear
// text.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "TestSupport.hpp"
#include "vanthu/docmgmt/SecretBox.hpp"

using namespace vanthu;
using docmgmt::SecretBox;
using docmgmt::SecretError;

TEST_CASE("SecretBox: a secret sealed and opened, bound to its key and context", "[secret]") {
    test::TempDir dir;
    const auto keyFile = dir / "pki" / "secret.key";
    CHECK_THROWS_AS(SecretBox::open(keyFile), SecretError); // not made yet
    const auto box = SecretBox::openOrCreate(keyFile);
    struct stat info {};
    REQUIRE(::stat(keyFile.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(info.st_size == 32);

    const std::string password = "Mật khẩu con dấu 2026!";
    const auto sealed = box.seal(password, "seal/1");
    CHECK(sealed.rfind("v1:", 0) == 0);
    CHECK(sealed.find(password) == std::string::npos);
    CHECK(sealed != box.seal(password, "seal/1")); // a fresh nonce each time
    CHECK(box.open(sealed, "seal/1") == password);
    CHECK(SecretBox::openOrCreate(keyFile).open(sealed, "seal/1") == password); // same key kept

    CHECK_THROWS_AS(box.open(sealed, "seal/2"), SecretError); // moved to another record
    auto tampered = sealed;
    tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
    CHECK_THROWS_AS(box.open(tampered, "seal/1"), SecretError);
    CHECK_THROWS_AS(box.open("v1:", "seal/1"), SecretError);
    CHECK_THROWS_AS(box.open(password, "seal/1"), SecretError);

    const auto other = SecretBox::openOrCreate(dir / "other.key");
    CHECK_THROWS_AS(other.open(sealed, "seal/1"), SecretError);

    test::writeFile(dir / "short.key", "too short");
    CHECK_THROWS_AS(SecretBox::open(dir / "short.key"), SecretError);
    CHECK(box.open(box.seal("", "x"), "x").empty());
}
