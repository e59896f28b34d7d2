#pragma once
// An error answered as JSON: {"error": {"code": ..., "message": ..., "field": ...}} with the
// contract's status codes (docs/api.md, Conventions).
#include <stdexcept>
#include <string>

namespace vanthu::http {

class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string& message, std::string field = "")
        : std::runtime_error(message), status_(status), code_(std::move(code)),
          field_(std::move(field)) {}

    int status() const { return status_; }
    const std::string& code() const { return code_; }
    const std::string& field() const { return field_; }

    static ApiError badRequest(const std::string& message) { return {400, "bad-request", message}; }
    static ApiError unauthenticated(const std::string& message) {
        return {401, "unauthenticated", message};
    }
    static ApiError forbidden(const std::string& message) { return {403, "forbidden", message}; }
    /// The user signed in with a password an administrator set and has not changed it yet.
    static ApiError passwordChangeRequired() {
        return {403, "password-change-required",
                "Bạn cần đổi mật khẩu do quản trị viên đặt trước khi làm việc khác "
                "(Đổi mật khẩu)."};
    }
    static ApiError notFound(const std::string& message) { return {404, "not-found", message}; }
    static ApiError methodNotAllowed() {
        return {405, "bad-request", "Địa chỉ này không nhận phương thức đã dùng."};
    }
    static ApiError conflict(const std::string& message) { return {409, "conflict", message}; }
    static ApiError tooLarge(const std::string& message) { return {413, "too-large", message}; }
    static ApiError invalid(const std::string& field, const std::string& message) {
        return {422, "invalid", message, field};
    }
    static ApiError tooManyRequests(const std::string& message) {
        return {429, "too-many-requests", message};
    }

private:
    int status_;
    std::string code_;
    std::string field_;
};

} // namespace vanthu::http
