#pragma once
// The client of the national document axis (Trục liên thông văn bản quốc gia) and of the
// provincial and ministerial nodes that speak its calls: every call is an HTTP request whose
// parameters travel as `XroadVnpt-<name>` headers, signed with HMAC-SHA256 under the system's
// secret exactly as the axis's client SDK does it (docs/exchange.md, "The national axis";
// ../shared/national-axis.md). Answers are bounded (size, time) before they are read, and every
// failure is an AxisError saying what kind it is.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vanthu::exchange {

/// How to reach the axis. No field has a default that would work against a real axis: the
/// secret in particular comes only from readAxisSecret.
struct AxisSettings {
    std::string endpoint; ///< base URL, "https://lienthong.example.gov.vn/vdxp" (http for tests)
    std::string systemId; ///< the exchange centre's code the axis knows this system by
    std::string secret;   ///< the HMAC key, its UTF-8 bytes as written
    std::chrono::seconds pollInterval{30};          ///< how often the receiver asks for items
    std::chrono::seconds timeout{30};               ///< one call, connection to last byte
    std::size_t maxAnswerBytes = 100 * 1024 * 1024; ///< a package of 64 MiB in base64 fits
};

/// The secret in `file`: the first line, trimmed. The file must be a regular file that only its
/// owner may read or write (0600 or 0400), and not empty; otherwise AxisConfigError.
std::string readAxisSecret(const std::filesystem::path& file);

/// The configuration is not usable (secret file readable by others, empty, missing fields).
class AxisConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class AxisFailure {
    Unreachable, ///< no connection, TLS failure, time-out: try again later
    Refused,     ///< the axis answered status FAIL (a wrong secret, an unknown office, …)
    BadAnswer,   ///< not HTTP 200, not the JSON expected, a package that is not base64
    TooLarge,    ///< the answer is over maxAnswerBytes
};

class AxisError : public std::runtime_error {
public:
    AxisError(AxisFailure failure, std::string call, std::string errorCode,
              const std::string& message);
    AxisFailure failure() const { return failure_; }
    const std::string& call() const { return call_; }           ///< "sendEdoc"
    const std::string& errorCode() const { return errorCode_; } ///< the axis's ErrorCode, or ""

private:
    AxisFailure failure_;
    std::string call_;
    std::string errorCode_;
};

/// What is asked for: documents or status messages (the header `messagetype`).
enum class AxisMessageType { Document, Status };

/// The transport acknowledgement of a received item (updateStatus): not the business status.
enum class AxisAcknowledgement { Done, Fail, Processing };

/// One item waiting for this system (getReceivedEdocList).
struct AxisItem {
    std::string docId; ///< the axis's id of this system's copy (24 hex)
    std::string serviceType, messageType, createdTime, updatedTime, from, to, status, statusDesc;
};

/// The delivery of a sent item to one receiver (getSentEdocList).
struct AxisDelivery {
    std::string senderDocId, receiverDocId;
    std::string receiver; ///< the receiving office's or system's code, when the axis gives it
    std::string receiveStatus, sendStatus;
};

/// An office of the axis's directory (getAgenciesList, getAgenciesListQD20).
struct AxisAgency {
    std::string id, code, name, mail, pid;
    std::string oldCode; ///< the code it had before, when renamed or merged ("" when none)
    std::string code102; ///< QĐ 20 list only: its code in the QCVN 102 list, may differ
};

/// A unit of the axis as getSynchronizeUnit lists it: an office (or a sub-unit registered under
/// an exchange centre) with the centre it belongs to, whether it was deleted, and its version.
struct AxisUnit {
    AxisAgency agency;      ///< id, code, name, mail, pid
    std::string centerCode; ///< the exchange centre (system) it is registered under
    std::string version, modifyDate;
    bool deleted = false;
    bool isAgency = true;
};

/// A sub-unit registered under this system's exchange centre (registerAgency): its code, its
/// name, the code of the unit it belongs to (`pcode`), and how to reach it.
struct AxisAgencyRegistration {
    std::string code, name, parentCode;
    std::string mail, mobile, fax;
};

/// Each listed office's parent as a code. `pid` names the parent by its `id` in the same list
/// (as getAgenciesList and getSynchronizeUnit give it) or, with some axes, by its code (a text
/// with a '.'); "", "0", "-1" or an id the list does not have: no parent. Offices listed without
/// a code are left out.
std::map<std::string, std::string> axisParentCodes(const std::vector<AxisAgency>& agencies);

/// One signed header set, as sendRequest puts them on the wire (in order).
using AxisHeaders = std::vector<std::pair<std::string, std::string>>;

/// The parameters of one call (bare names, in the order they are signed) → the headers the
/// SDK sends: `XroadVnpt-<name>` for each, `XroadVnpt-sign-header-key` (the names joined by
/// ';'), `XroadVnpt-sign-header` (compact JSON of the prefixed names and values in the same
/// order), `XroadVnpt-hash-header` (lower-case hex HMAC-SHA256 of that JSON keyed by the
/// secret's bytes) and `XroadVnpt-version`.
AxisHeaders signAxisParameters(const std::vector<std::pair<std::string, std::string>>& parameters,
                               std::string_view secret);

/// HMAC-SHA256 of data keyed by key, lower-case hex (OpenSSL EVP_MAC).
std::string hmacSha256Hex(std::string_view key, std::string_view data);

/// The SDK's `hash-file`: SHA-256 as hex with each byte's leading zero dropped
/// (Integer.toHexString(0xFF & b)), so often fewer than 64 characters.
std::string axisFileHash(std::string_view package);

/// The SDK's timestamp, `ddMMyyyy'T'HHmmss+SSSS` in Vietnam time (a literal '+' and the
/// milliseconds on four digits) of a time in milliseconds since the epoch.
std::string axisTimestamp(std::int64_t unixMillis);

class AxisClient {
public:
    /// Throws AxisConfigError when the endpoint is not http(s), or the system id or secret is
    /// empty.
    explicit AxisClient(AxisSettings settings);

    const AxisSettings& settings() const { return settings_; }

    /// POST /sendEdoc: the package (followed by CRLF, application/octet-stream) from the office
    /// `from` (one registered to this system); the axis routes it by its MessageHeader/To (a
    /// status: its ResponseFor). With `to`, the receiving offices are also named in the `to`
    /// parameter (a JSON array of codes, after `from`): a recall request (status 13) goes from the
    /// issuer to a receiver, which its ResponseFor (the issuer) does not name. Returns the axis's
    /// DocId.
    std::string sendEdoc(std::string_view package, const std::string& from, AxisMessageType type,
                         const std::vector<std::string>& to = {});
    /// POST /getReceivedEdocList: what waits for this system.
    std::vector<AxisItem> receivedList(AxisMessageType type);
    /// POST /getEdoc: one item's package (the base64 `data` decoded).
    std::string getEdoc(const std::string& docId);
    /// GET /downloadEdoc (as the SDK sends it: the parameters as signed headers, no body): the
    /// same package as a raw stream, bounded like any answer; a JSON answer is the axis's
    /// refusal (AxisError Refused) or a BadAnswer.
    std::string downloadEdoc(const std::string& docId);
    /// GET /countReceiveEdoc or /countReceiveStatus (the SDK's method): how many items of that
    /// type wait for this system (`count` of the answer).
    long countReceived(AxisMessageType type);
    /// POST /updateStatus: the transport acknowledgement of a received item.
    void updateStatus(const std::string& docId, AxisAcknowledgement acknowledgement);
    /// POST /getSentEdocList: the delivery of a sent item to each receiver.
    std::vector<AxisDelivery> sentList(const std::string& docId);
    /// POST /getAgenciesList: the axis's directory of offices.
    std::vector<AxisAgency> agencies();
    /// POST /getAgenciesListQD20 (body {"level": level}): the directory by the identifiers of
    /// Quyết định 20/2020/QĐ-TTg, each with its QCVN 102 code (`code102`) too.
    std::vector<AxisAgency> agenciesQd20(const std::string& level = "1");
    /// POST /getSynchronizeUnit: the units to keep in step with (each with its parent `pid`,
    /// its exchange centre and whether it was deleted).
    std::vector<AxisUnit> synchronizeUnits();
    /// POST /registerAgency (JSON body {id, pcode, code, name, mail, mobile, fax}): registers
    /// or updates a sub-unit under this system's exchange centre.
    void registerAgency(const AxisAgencyRegistration& agency);
    /// POST /deleteAgency (header `AgencyCode`): removes a sub-unit of this system's centre.
    void deleteAgency(const std::string& code);

    /// The clock for timestamps (milliseconds since the epoch); tests set a fixed one.
    void setClock(std::function<std::int64_t()> millis) { millis_ = std::move(millis); }

private:
    struct Answer;
    struct RawAnswer {
        int status = 0;
        std::string contentType, body;
    };
    /// One exchange: signs the parameters (systemid, timestamp, Content-Type first), sends the
    /// body with the method, reads the bounded answer.
    RawAnswer exchangeRaw(const std::string& method, const std::string& name,
                          std::vector<std::pair<std::string, std::string>> params,
                          std::string_view body, const std::string& contentType);
    /// One call answered in JSON: exchangeRaw, then the JSON parsed and status/ErrorCode
    /// checked.
    Answer call(const std::string& name, std::vector<std::pair<std::string, std::string>> params,
                std::string_view body = {}, const std::string& contentType = "application/json",
                const std::string& method = "POST");
    Answer parsed(const std::string& name, const RawAnswer& raw) const;

    AxisSettings settings_;
    std::function<std::int64_t()> millis_;
};

} // namespace vanthu::exchange
