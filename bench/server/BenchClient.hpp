#pragma once
// The HTTP client of the server benchmarks (bench_server_flow, bench_register_pages,
// bench_search_lag): one keep-alive connection to 127.0.0.1:PORT, a bearer token after signIn,
// JSON answers; any answer of 300 or more throws with its body.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

namespace vanthu::bench {

class Client {
public:
    explicit Client(unsigned short port) : session_("127.0.0.1", port) {
        session_.setKeepAlive(true);
    }

    /// GET with an empty body; POST and the rest with `body` as JSON ("{}" by default).
    Poco::JSON::Object::Ptr call(const std::string& method, const std::string& path,
                                 const std::string& body = "{}") {
        const std::string sent = method == Poco::Net::HTTPRequest::HTTP_GET ? "" : body;
        Poco::Net::HTTPRequest request(method, path, "HTTP/1.1");
        request.setKeepAlive(true);
        if (!sent.empty()) {
            request.setContentType("application/json");
            request.setContentLength64(static_cast<Poco::Int64>(sent.size()));
        }
        if (!token_.empty()) {
            request.set("Authorization", "Bearer " + token_);
        }
        session_.sendRequest(request) << sent;
        Poco::Net::HTTPResponse response;
        std::string text;
        Poco::StreamCopier::copyToString(session_.receiveResponse(response), text);
        if (response.getStatus() >= 300) {
            throw std::runtime_error(method + " " + path + ": " + text);
        }
        Poco::JSON::Parser parser;
        return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    }

    void signIn(const std::string& user, const std::string& password) {
        token_ = call("POST", "/api/session",
                      "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")
                     ->getValue<std::string>("token");
    }

private:
    Poco::Net::HTTPClientSession session_;
    std::string token_;
};

/// The demo's accounts from DIR/demo-accounts.txt (a line "  username  password  …" each).
inline std::map<std::string, std::string> readPasswords(const std::string& file) {
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot read " + file);
    }
    std::map<std::string, std::string> passwords;
    std::string user, password;
    while (in >> user >> password) {
        passwords[user] = password;
        in.ignore(1 << 20, '\n');
    }
    return passwords;
}

/// The JSON of a one-page công văn of the demo's district office, for POST /api/documents.
inline std::string draftJson(long long signerId, const std::string& subject) {
    Poco::JSON::Object d;
    d.set("typeCode", "CV");
    d.set("subject", subject);
    Poco::JSON::Array recipients;
    recipients.add("UBND các xã, thị trấn");
    d.set("recipients", recipients);
    d.set("body", "Ủy ban nhân dân huyện đề nghị các xã, thị trấn báo cáo kết quả thực hiện.");
    Poco::JSON::Array distribution;
    distribution.add("Như trên;");
    distribution.add("Lưu: VT, NV.");
    d.set("distribution", distribution);
    d.set("signerId", signerId);
    d.set("draftingUnit", "NV");
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(d, out);
    return out.str();
}

} // namespace vanthu::bench
