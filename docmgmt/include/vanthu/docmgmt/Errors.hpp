#pragma once
// What can go wrong in document management, as exception types the server maps to HTTP status
// codes (in brackets). Messages are sentences a clerk can act on.
#include <stdexcept>
#include <string>
#include <utility>

namespace vanthu::docmgmt {

/// No such office, user or document, or not visible to this user [404].
class NotFound : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
/// The user's role or office does not allow this [403].
class Forbidden : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
/// The document's state does not allow this step, or a value must be unique [409].
class Conflict : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
/// The request's content is wrong: a missing field, a bad value [422]. field() names the field
/// of the request (a DraftInput member such as "subject", "recipients", "signerId"), or "".
class InvalidInput : public std::runtime_error {
public:
    explicit InvalidInput(const std::string& message) : std::runtime_error(message) {}
    InvalidInput(std::string field, const std::string& message)
        : std::runtime_error(message), field_(std::move(field)) {}
    const std::string& field() const { return field_; }

private:
    std::string field_;
};
/// Sign-in failed or the session is gone [401].
class Unauthenticated : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace vanthu::docmgmt
