#pragma once
// What can go wrong in document management, as exception types the server maps to HTTP status
// codes (in brackets). Messages are sentences a clerk can act on.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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
/// Someone saved a newer version since the caller opened theirs; nothing was written [409].
/// The message names who saved it and when (Vietnam time).
class StaleVersion : public Conflict {
public:
    StaleVersion(const std::string& message, int currentVersion, std::string changedBy,
                 std::string changedAt)
        : Conflict(message), currentVersion_(currentVersion), changedBy_(std::move(changedBy)),
          changedAt_(std::move(changedAt)) {}
    /// The one refusal of a stale save (a draft, a case file's description, an assignment, an
    /// administrator's form, added metadata, a saved search, an exchange peer):
    /// "<what> đã được <by> lưu lúc <hh:mm ngày dd/mm/yyyy> (phiên bản N, bạn đang sửa phiên
    /// bản M) …: hãy tải lại bản mới hoặc so sánh hai bản." what is the thing saved, capitalised
    /// ("Dự thảo", "Mô tả hồ sơ HS-01"); by "" says "người khác"; at is ISO 8601, Vietnam time.
    static StaleVersion of(const std::string& what, int currentVersion, int baseVersion,
                           const std::string& by, const std::string& at);
    int currentVersion() const { return currentVersion_; }
    const std::string& changedBy() const { return changedBy_; } ///< full name
    const std::string& changedAt() const { return changedAt_; } ///< ISO 8601, +07:00

private:
    int currentVersion_;
    std::string changedBy_, changedAt_;
};

/// One thing wrong with one field of a request, in Vietnamese.
struct FieldProblem {
    std::string field; ///< a DraftInput member such as "subject"
    std::string message;
    bool operator==(const FieldProblem&) const = default;
};

/// The request's content is wrong: a missing field, a bad value [422]. field() names the field
/// of the request (a DraftInput member such as "subject", "recipients", "signerId"), or "";
/// problems() lists every field at fault when all were checked at once (a draft at submit).
class InvalidInput : public std::runtime_error {
public:
    explicit InvalidInput(const std::string& message) : std::runtime_error(message) {}
    InvalidInput(std::string field, const std::string& message)
        : std::runtime_error(message), field_(std::move(field)) {}
    /// problems must not be empty; field() is the first one's.
    InvalidInput(const std::string& message, std::vector<FieldProblem> problems)
        : std::runtime_error(message), field_(problems.front().field),
          problems_(std::move(problems)) {}
    const std::string& field() const { return field_; }
    const std::vector<FieldProblem>& problems() const { return problems_; }

private:
    std::string field_;
    std::vector<FieldProblem> problems_;
};
/// A signer's certificate may not sign (issue 13): expired or not yet valid, without a signing
/// key usage, not chained to the trust list, revoked, or not the certificate registered for the
/// leader [422]. The message names whose certificate ("con dấu", "người ký") and what is wrong;
/// field() is "certificateChainPem" for a two-phase chain, "seal" for the office's seal,
/// "signingKey" for a leader's server-held key. Nothing is signed.
class CertificateRefused : public InvalidInput {
public:
    CertificateRefused(std::string field, const std::string& message)
        : InvalidInput(std::move(field), message) {}
};
/// The evidence the office's signing policy asks for cannot be had now (issue 21): the time-stamp
/// authority or a revocation source (OCSP responder, CRL) did not answer or answered no. Nothing
/// was signed, issued or numbered; the same step can be tried again [503]. code() is
/// "tsa-unavailable" or "revocation-unavailable".
class EvidenceUnavailable : public std::runtime_error {
public:
    EvidenceUnavailable(std::string code, const std::string& message)
        : std::runtime_error(message), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

private:
    std::string code_;
};
/// Sign-in failed or the session is gone [401].
class Unauthenticated : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace vanthu::docmgmt
