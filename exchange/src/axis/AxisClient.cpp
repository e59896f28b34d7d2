#include "vanthu/exchange/AxisClient.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>

namespace vanthu::exchange {

namespace {

constexpr const char* kPrefix = "XroadVnpt-";
constexpr const char* kVersion = "3.0.201608";
constexpr const char* kUserAgent = "JAVASDKAgent/1.0.0 XRoad/VPCP";

struct MacDeleter {
    void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacContextDeleter {
    void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};
using MacPtr = std::unique_ptr<EVP_MAC, MacDeleter>;
using MacContextPtr = std::unique_ptr<EVP_MAC_CTX, MacContextDeleter>;

std::string hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += kDigits[bytes[i] >> 4];
        out += kDigits[bytes[i] & 0xF];
    }
    return out;
}

/// A JSON string literal: quotes, backslashes and control characters escaped, UTF-8 as is.
std::string jsonString(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string trimmed(std::string text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

/// A scalar JSON value as text ("" for null, objects and arrays).
std::string text(const Poco::JSON::Object::Ptr& object, const std::string& name) {
    if (!object || !object->has(name)) {
        return {};
    }
    const auto value = object->get(name);
    if (value.isEmpty() || value.type() == typeid(Poco::JSON::Object::Ptr) ||
        value.type() == typeid(Poco::JSON::Array::Ptr)) {
        return {};
    }
    return value.toString();
}

/// The first of these fields that has a value.
std::string firstOf(const Poco::JSON::Object::Ptr& object,
                    std::initializer_list<const char*> names) {
    for (const char* name : names) {
        auto value = text(object, name);
        if (!value.empty()) {
            return value;
        }
    }
    return {};
}

const char* messageTypeName(AxisMessageType type) {
    return type == AxisMessageType::Status ? "status" : "edoc";
}

const char* acknowledgementName(AxisAcknowledgement acknowledgement) {
    switch (acknowledgement) {
    case AxisAcknowledgement::Done:
        return "done";
    case AxisAcknowledgement::Fail:
        return "fail";
    case AxisAcknowledgement::Processing:
        return "processing";
    }
    return "done";
}

std::int64_t systemMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

AxisError::AxisError(AxisFailure failure, std::string call, std::string errorCode,
                     const std::string& message)
    : std::runtime_error(message), failure_(failure), call_(std::move(call)),
      errorCode_(std::move(errorCode)) {}

std::string readAxisSecret(const std::filesystem::path& file) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        throw AxisConfigError("không đọc được tệp khóa bí mật của trục liên thông " +
                              file.string());
    }
    if ((info.st_mode & 077) != 0) {
        throw AxisConfigError("tệp khóa bí mật của trục liên thông " + file.string() +
                              " phải chỉ chủ sở hữu đọc được (chmod 600)");
    }
    std::ifstream in(file, std::ios::binary);
    std::string line;
    std::getline(in, line);
    line = trimmed(line);
    if (line.empty()) {
        throw AxisConfigError("tệp khóa bí mật của trục liên thông " + file.string() +
                              " không có khóa");
    }
    return line;
}

std::string hmacSha256Hex(std::string_view key, std::string_view data) {
    const MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    const MacContextPtr context(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
    if (!context) {
        throw std::runtime_error("OpenSSL: không tạo được HMAC");
    }
    char digestName[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digestName, 0),
        OSSL_PARAM_construct_end()};
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    std::size_t size = 0;
    if (EVP_MAC_init(context.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                     params) != 1 ||
        EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size()) != 1 ||
        EVP_MAC_final(context.get(), out.data(), &size, out.size()) != 1) {
        throw std::runtime_error("OpenSSL: HMAC-SHA256 thất bại");
    }
    return hex(out.data(), size);
}

std::string axisFileHash(std::string_view package) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    if (EVP_Digest(package.data(), package.size(), digest.data(), nullptr, EVP_sha256(), nullptr) !=
        1) {
        throw std::runtime_error("OpenSSL: SHA-256 thất bại");
    }
    std::string out;
    for (const unsigned char byte : digest) {
        char part[3];
        std::snprintf(part, sizeof part, "%x", static_cast<unsigned>(byte));
        out += part;
    }
    return out;
}

std::string axisTimestamp(std::int64_t unixMillis) {
    const std::time_t seconds =
        static_cast<std::time_t>(unixMillis / 1000) + 7 * 3600; // Vietnam time, no zone
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[40];
    std::snprintf(out, sizeof out, "%02d%02d%04dT%02d%02d%02d+%04d", tm.tm_mday, tm.tm_mon + 1,
                  tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(unixMillis % 1000));
    return out;
}

AxisHeaders signAxisParameters(const std::vector<std::pair<std::string, std::string>>& parameters,
                               std::string_view secret) {
    AxisHeaders headers;
    std::string keys;
    std::string json = "{";
    for (const auto& [name, value] : parameters) {
        headers.emplace_back(kPrefix + name, value);
        keys += (keys.empty() ? "" : ";") + name;
        json += (json.size() > 1 ? "," : "") + jsonString(kPrefix + name) + ":" + jsonString(value);
    }
    json += "}";
    headers.emplace_back(std::string(kPrefix) + "sign-header-key", keys);
    headers.emplace_back(std::string(kPrefix) + "sign-header", json);
    headers.emplace_back(std::string(kPrefix) + "hash-header", hmacSha256Hex(secret, json));
    headers.emplace_back(std::string(kPrefix) + "version", kVersion);
    return headers;
}

struct AxisClient::Answer {
    Poco::JSON::Object::Ptr json;
};

AxisClient::AxisClient(AxisSettings settings)
    : settings_(std::move(settings)), millis_(systemMillis) {
    const Poco::URI uri(settings_.endpoint);
    if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty()) {
        throw AxisConfigError("địa chỉ trục liên thông phải là http:// hoặc https://: \"" +
                              settings_.endpoint + "\"");
    }
    if (settings_.systemId.empty()) {
        throw AxisConfigError("thiếu mã hệ thống trên trục liên thông (systemId)");
    }
    if (settings_.secret.empty()) {
        throw AxisConfigError("thiếu khóa bí mật của trục liên thông");
    }
    while (!settings_.endpoint.empty() && settings_.endpoint.back() == '/') {
        settings_.endpoint.pop_back();
    }
}

AxisClient::RawAnswer
AxisClient::exchangeRaw(const std::string& method, const std::string& name,
                        std::vector<std::pair<std::string, std::string>> params,
                        std::string_view body, const std::string& contentType) {
    const auto deadline = std::chrono::steady_clock::now() + settings_.timeout;
    params.insert(params.begin(), {{"systemid", settings_.systemId},
                                   {"timestamp", axisTimestamp(millis_())},
                                   {"Content-Type", contentType}});
    const Poco::URI uri(settings_.endpoint + "/" + name);
    RawAnswer raw;
    try {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (uri.getScheme() == "https") {
            // The system's CAs check the axis's certificate, strictly.
            static const Poco::Net::Context::Ptr context =
                new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                       Poco::Net::Context::VERIFY_STRICT, 9, true);
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                                      context);
        } else {
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        }
        session->setTimeout(Poco::Timespan(static_cast<long>(settings_.timeout.count()), 0));
        Poco::Net::HTTPRequest request(method, uri.getPathAndQuery(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType(contentType);
        request.set("User-Agent", kUserAgent);
        for (const auto& [header, value] : signAxisParameters(params, settings_.secret)) {
            request.set(header, value);
        }
        if (method != Poco::Net::HTTPRequest::HTTP_GET || !body.empty()) {
            request.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        session->sendRequest(request).write(body.data(), static_cast<std::streamsize>(body.size()));
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        raw.status = static_cast<int>(response.getStatus());
        raw.contentType = response.getContentType();
        if (response.hasContentLength() &&
            response.getContentLength64() > static_cast<Poco::Int64>(settings_.maxAnswerBytes)) {
            throw AxisError(AxisFailure::TooLarge, name, "",
                            "trục liên thông trả lời " + name + " quá lớn (" +
                                std::to_string(response.getContentLength64()) + " byte)");
        }
        std::array<char, 64 * 1024> chunk{};
        while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
            raw.body.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
            if (raw.body.size() > settings_.maxAnswerBytes) {
                throw AxisError(AxisFailure::TooLarge, name, "",
                                "trục liên thông trả lời " + name + " quá lớn");
            }
            if (std::chrono::steady_clock::now() > deadline) {
                throw AxisError(AxisFailure::Unreachable, name, "",
                                "trục liên thông trả lời " + name + " quá chậm");
            }
        }
    } catch (const Poco::Exception& e) {
        throw AxisError(AxisFailure::Unreachable, name, "",
                        "không gọi được " + name + " của trục liên thông (" + settings_.endpoint +
                            "): " + e.displayText());
    }
    return raw;
}

AxisClient::Answer AxisClient::parsed(const std::string& name, const RawAnswer& raw) const {
    const std::string& answer = raw.body;
    if (raw.status != 200) {
        throw AxisError(AxisFailure::BadAnswer, name, "",
                        "trục liên thông trả lời " + name + " bằng HTTP " +
                            std::to_string(raw.status) + ": " + answer.substr(0, 300));
    }
    Answer parsed;
    try {
        parsed.json = Poco::JSON::Parser().parse(answer).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        throw AxisError(AxisFailure::BadAnswer, name, "",
                        "trục liên thông trả lời " + name +
                            " không phải JSON: " + answer.substr(0, 300));
    }
    const std::string state = text(parsed.json, "status");
    const std::string code = text(parsed.json, "ErrorCode");
    if (state == "OK" || (state.empty() && code == "0")) {
        return parsed;
    }
    if (state.empty() && code.empty()) {
        throw AxisError(AxisFailure::BadAnswer, name, "",
                        "trục liên thông trả lời " + name + " không có status/ErrorCode");
    }
    throw AxisError(AxisFailure::Refused, name, code,
                    "trục liên thông từ chối " + name + " (mã " + code +
                        "): " + text(parsed.json, "ErrorDesc"));
}

AxisClient::Answer AxisClient::call(const std::string& name,
                                    std::vector<std::pair<std::string, std::string>> params,
                                    std::string_view body, const std::string& contentType,
                                    const std::string& method) {
    return parsed(name, exchangeRaw(method, name, std::move(params), body, contentType));
}

namespace {

/// The list an answer carries: "data" when it is an array, else the first array field.
Poco::JSON::Array::Ptr listOf(const Poco::JSON::Object::Ptr& answer) {
    if (const auto data = answer->getArray("data")) {
        return data;
    }
    for (const auto& [name, value] : *answer) {
        if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
            return value.extract<Poco::JSON::Array::Ptr>();
        }
    }
    return new Poco::JSON::Array;
}

template <typename Item, typename Read>
std::vector<Item> itemsOf(const Poco::JSON::Object::Ptr& answer, Read read) {
    std::vector<Item> items;
    const auto list = listOf(answer);
    for (std::size_t i = 0; i < list->size(); ++i) {
        if (const auto object = list->getObject(static_cast<unsigned>(i))) {
            items.push_back(read(object));
        }
    }
    return items;
}

} // namespace

std::string AxisClient::sendEdoc(std::string_view package, const std::string& from,
                                 AxisMessageType type, const std::vector<std::string>& to) {
    std::string body(package);
    body += "\r\n";
    std::vector<std::pair<std::string, std::string>> parameters{{"from", from}};
    if (!to.empty()) {
        Poco::JSON::Array codes;
        for (const auto& code : to) {
            codes.add(code);
        }
        std::ostringstream json;
        codes.stringify(json);
        parameters.emplace_back("to", json.str());
    }
    parameters.insert(parameters.end(), {{"servicetype", "eDoc"},
                                         {"messagetype", messageTypeName(type)},
                                         {"hash-file", axisFileHash(package)}});
    const auto answer = call("sendEdoc", parameters, body, "application/octet-stream");
    const auto docId = firstOf(answer.json, {"DocId", "docId", "docid"});
    if (docId.empty()) {
        throw AxisError(AxisFailure::BadAnswer, "sendEdoc", "",
                        "trục liên thông nhận gói tin nhưng không trả lời DocId");
    }
    return docId;
}

std::vector<AxisItem> AxisClient::receivedList(AxisMessageType type) {
    const auto answer = call("getReceivedEdocList", {{"messagetype", messageTypeName(type)}});
    return itemsOf<AxisItem>(answer.json, [](const Poco::JSON::Object::Ptr& o) {
        return AxisItem{firstOf(o, {"docId", "docid", "DocId"}),
                        text(o, "serviceType"),
                        text(o, "messageType"),
                        text(o, "created_time"),
                        text(o, "updated_time"),
                        text(o, "from"),
                        text(o, "to"),
                        text(o, "status"),
                        text(o, "status_desc")};
    });
}

std::string AxisClient::getEdoc(const std::string& docId) {
    const auto answer = call("getEdoc", {{"docId", docId}});
    const std::string data = text(answer.json, "data");
    if (data.empty()) {
        throw AxisError(AxisFailure::BadAnswer, "getEdoc", "",
                        "trục liên thông không trả gói tin " + docId);
    }
    std::istringstream in(data);
    Poco::Base64Decoder decoder(in);
    std::string package;
    std::array<char, 64 * 1024> chunk{};
    try {
        while (decoder.read(chunk.data(), chunk.size()) || decoder.gcount() > 0) {
            package.append(chunk.data(), static_cast<std::size_t>(decoder.gcount()));
        }
    } catch (const Poco::Exception& e) {
        throw AxisError(AxisFailure::BadAnswer, "getEdoc", "",
                        "gói tin " + docId +
                            " từ trục liên thông không phải base64: " + e.displayText());
    }
    if (package.empty()) {
        throw AxisError(AxisFailure::BadAnswer, "getEdoc", "", "gói tin " + docId + " rỗng");
    }
    return package;
}

std::string AxisClient::downloadEdoc(const std::string& docId) {
    auto raw = exchangeRaw(Poco::Net::HTTPRequest::HTTP_GET, "downloadEdoc", {{"docId", docId}}, {},
                           "application/json");
    // A refusal comes as the usual JSON; the package itself is XML (never starts with '{').
    const auto first = raw.body.find_first_not_of(" \t\r\n");
    if (raw.status != 200 || raw.contentType.rfind("application/json", 0) == 0 ||
        (first != std::string::npos && raw.body[first] == '{')) {
        parsed("downloadEdoc", raw); // throws Refused or BadAnswer
        throw AxisError(AxisFailure::BadAnswer, "downloadEdoc", "",
                        "trục liên thông trả lời downloadEdoc " + docId +
                            " bằng JSON, không có gói tin");
    }
    if (first == std::string::npos) {
        throw AxisError(AxisFailure::BadAnswer, "downloadEdoc", "", "gói tin " + docId + " rỗng");
    }
    return std::move(raw.body);
}

long AxisClient::countReceived(AxisMessageType type) {
    const std::string name =
        type == AxisMessageType::Status ? "countReceiveStatus" : "countReceiveEdoc";
    const auto answer = call(name, {{"servicetype", "eDoc"}}, {}, "application/json",
                             Poco::Net::HTTPRequest::HTTP_GET);
    const std::string count = firstOf(answer.json, {"count", "Count", "total"});
    try {
        std::size_t used = 0;
        const long value = std::stol(count, &used);
        if (used == count.size() && value >= 0) {
            return value;
        }
    } catch (const std::exception&) {
    }
    throw AxisError(AxisFailure::BadAnswer, name, "",
                    "trục liên thông trả lời " + name + " không có số đếm: \"" +
                        count.substr(0, 40) + "\"");
}

void AxisClient::updateStatus(const std::string& docId, AxisAcknowledgement acknowledgement) {
    call("updateStatus", {{"docId", docId}, {"status", acknowledgementName(acknowledgement)}});
}

std::vector<AxisDelivery> AxisClient::sentList(const std::string& docId) {
    const auto answer = call("getSentEdocList", {{"docId", docId}});
    return itemsOf<AxisDelivery>(answer.json, [](const Poco::JSON::Object::Ptr& o) {
        return AxisDelivery{text(o, "senderDocId"), text(o, "receiverDocId"),
                            firstOf(o, {"receiver", "receiverCode", "to"}),
                            text(o, "receiveStatus"), text(o, "sendStatus")};
    });
}

namespace {

AxisAgency agencyOf(const Poco::JSON::Object::Ptr& o) {
    return AxisAgency{text(o, "id"),
                      text(o, "code"),
                      text(o, "name"),
                      text(o, "mail"),
                      text(o, "pid"),
                      firstOf(o, {"oldCode", "oldcode", "old_code"}),
                      firstOf(o, {"code102", "code_102"})};
}

} // namespace

std::vector<AxisAgency> AxisClient::agencies() {
    const auto answer = call("getAgenciesList", {}, "{}");
    return itemsOf<AxisAgency>(answer.json, agencyOf);
}

std::map<std::string, std::string> axisParentCodes(const std::vector<AxisAgency>& agencies) {
    std::map<std::string, std::string> codeOfId;
    for (const auto& agency : agencies) {
        if (!agency.id.empty() && !agency.code.empty()) {
            codeOfId.emplace(agency.id, agency.code);
        }
    }
    std::map<std::string, std::string> parents;
    for (const auto& agency : agencies) {
        if (agency.code.empty()) {
            continue;
        }
        const std::string pid = trimmed(agency.pid);
        std::string parent;
        if (const auto it = codeOfId.find(pid); it != codeOfId.end()) {
            parent = it->second;
        } else if (pid.find('.') != std::string::npos) {
            parent = pid; // a code, as some axes give it
        }
        parents[agency.code] = parent == agency.code ? std::string() : parent;
    }
    return parents;
}

std::vector<AxisAgency> AxisClient::agenciesQd20(const std::string& level) {
    Poco::JSON::Object body;
    body.set("level", level);
    std::ostringstream json;
    body.stringify(json);
    const auto answer = call("getAgenciesListQD20", {}, json.str());
    return itemsOf<AxisAgency>(answer.json, agencyOf);
}

std::vector<AxisUnit> AxisClient::synchronizeUnits() {
    const auto answer = call("getSynchronizeUnit", {}, "{}");
    return itemsOf<AxisUnit>(answer.json, [](const Poco::JSON::Object::Ptr& o) {
        AxisUnit unit;
        unit.agency = agencyOf(o);
        unit.centerCode = firstOf(o, {"centerCode", "centercode"});
        unit.version = text(o, "version");
        unit.modifyDate = text(o, "modifyDate");
        const std::string deleted = text(o, "deleted");
        unit.deleted = deleted == "true" || deleted == "1";
        const std::string isAgency = text(o, "isAgency");
        unit.isAgency = !(isAgency == "false" || isAgency == "0");
        return unit;
    });
}

void AxisClient::registerAgency(const AxisAgencyRegistration& agency) {
    // The SDK's body: {"id": "", "pcode": …, "code": …, "name": …, "mail": …, "mobile": …,
    // "fax": …}, written here in that order.
    std::string body = "{\"id\":\"\"";
    for (const auto& [name, value] :
         std::initializer_list<std::pair<const char*, const std::string*>>{
             {"pcode", &agency.parentCode},
             {"code", &agency.code},
             {"name", &agency.name},
             {"mail", &agency.mail},
             {"mobile", &agency.mobile},
             {"fax", &agency.fax}}) {
        body += std::string(",") + jsonString(name) + ":" + jsonString(*value);
    }
    body += "}";
    call("registerAgency", {}, body);
}

void AxisClient::deleteAgency(const std::string& code) {
    call("deleteAgency", {{"AgencyCode", code}}, "{}");
}

} // namespace vanthu::exchange
