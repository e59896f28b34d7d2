#pragma once
// An in-memory Backend for the tests of the HTTP machinery (sessions, CSRF, limits, errors):
// two offices, a user of each role, no documents.
#include <atomic>
#include <chrono>
#include <mutex>
#include <vector>

#include "http/Backend.hpp"

namespace vanthu::test {

class FakeBackend : public http::Backend {
public:
    FakeBackend();

    std::optional<http::User> authenticate(const std::string& username,
                                           const std::string& password) override;
    std::optional<http::User> findUser(http::Id id) override;
    std::vector<http::Office> offices() override { return offices_; }
    std::vector<http::User> users(std::optional<http::Id> officeId) override;
    http::User createUser(const http::Actor& actor, const http::NewUser& user) override;
    http::User changePassword(const http::Actor& actor, const std::string& currentPassword,
                              const std::string& newPassword) override;
    std::vector<http::AuditRecord> audit(std::size_t limit) override;
    void record(const http::Actor& actor, const std::string& action, const std::string& object,
                const std::string& detail) override;
    docmgmt::OutgoingFlow* flow() override { return nullptr; }
    std::filesystem::path trustAnchors() const override { return {}; }

    static constexpr const char* kPassword = "mật-khẩu-thử";
    /// How long authenticate() takes (tests of stopping during a request).
    std::chrono::milliseconds signInDelay{0};
    /// How many times authenticate() checked a password (tests of the sign-in throttle).
    std::atomic<int> passwordChecks{0};

private:
    std::mutex mutex_;
    std::vector<http::Office> offices_;
    std::vector<std::pair<http::User, std::string>> users_;
    std::vector<http::AuditRecord> audit_;
};

} // namespace vanthu::test
