#include <catch2/catch.hpp>

#include <thread>

#include "vanthu/docmgmt/Passwords.hpp"

using namespace vanthu::docmgmt;

namespace {
const ScryptParameters kFast{1u << 10, 8, 1}; // keeps the tests quick; the default is 2^15
}

TEST_CASE("Passwords: scrypt hash is self-describing, salted and verifies", "[passwords]") {
    const std::string hash = hashPassword("mật khẩu đúng", kFast);
    CHECK(hash.rfind("scrypt$1024$8$1$", 0) == 0);
    CHECK(verifyPassword("mật khẩu đúng", hash));
    CHECK_FALSE(verifyPassword("mật khẩu sai", hash));
    CHECK_FALSE(verifyPassword("", hash));
    CHECK(hashPassword("mật khẩu đúng", kFast) != hash); // a new salt each time
}

TEST_CASE("Passwords: the default parameters are the slow ones", "[passwords]") {
    const std::string hash = hashPassword("x");
    CHECK(hash.rfind("scrypt$32768$8$1$", 0) == 0);
    CHECK(verifyPassword("x", hash));
    CHECK_FALSE(needsRehash(hash));
    CHECK(needsRehash(hashPassword("x", kFast)));
}

TEST_CASE("Passwords: malformed encodings never verify", "[passwords]") {
    const std::string good = hashPassword("pw", kFast);
    for (const std::string& bad :
         {std::string(), std::string("scrypt"), std::string("plain$pw"),
          std::string("scrypt$1000$8$1$AAAA$AAAA"),          // N not a power of two
          std::string("scrypt$1024$8$1$!!!!$AAAA"),          // not base64
          std::string("scrypt$1099511627776$8$1$AAAA$AAAA"), // absurd memory
          good.substr(0, good.size() - 4), "bcrypt" + good.substr(6)}) {
        CHECK_FALSE(verifyPassword("pw", bad));
    }
}

TEST_CASE("Passwords: generated passwords and tokens", "[passwords]") {
    const std::string password = generatePassword();
    CHECK(password.size() == 12);
    CHECK(password.find_first_of("0O1lI") == std::string::npos);
    CHECK(generatePassword() != password);
    const std::string token = randomToken();
    CHECK(token.size() == 43);
    CHECK(token.find_first_of("+/=") == std::string::npos);
    CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("LoginThrottle: five failures in five minutes block, then the window passes",
          "[passwords]") {
    LoginThrottle throttle;
    const auto t0 = LoginThrottle::Clock::now();
    for (int i = 0; i < 4; ++i) {
        throttle.recordFailure("vanthu.vq", t0 + std::chrono::seconds(i));
        CHECK(throttle.retryAfter("vanthu.vq", t0 + std::chrono::seconds(i)) == 0);
    }
    throttle.recordFailure("vanthu.vq", t0 + std::chrono::seconds(10));
    const int wait = throttle.retryAfter("vanthu.vq", t0 + std::chrono::seconds(10));
    CHECK(wait > 280);
    CHECK(wait <= 300);
    CHECK(throttle.retryAfter("other", t0) == 0);
    CHECK(throttle.retryAfter("vanthu.vq", t0 + std::chrono::seconds(301)) == 0);
    throttle.recordFailure("a", t0);
    throttle.recordSuccess("a");
    CHECK(throttle.retryAfter("a", t0) == 0);
}
