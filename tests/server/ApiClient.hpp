#pragma once
// A client of the JSON API for tests: one keep-alive connection (plain or TLS), a bearer token or
// the session cookie with its CSRF token.
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>

#include <map>
#include <memory>
#include <string>

namespace vanthu::test {

struct ApiResponse {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers; ///< names in lower case; Set-Cookie joined

    Poco::Dynamic::Var json() const;
    Poco::JSON::Object::Ptr object() const;
    Poco::JSON::Array::Ptr array() const;
    std::string errorCode() const; ///< error.code of an error body
    std::string header(const std::string& lowerName) const;
};

class ApiClient {
public:
    enum class Auth { Bearer, Cookie };

    explicit ApiClient(unsigned short port, bool tls = false);

    ApiResponse request(const std::string& method, const std::string& path,
                        const std::string& body = "", const std::string& contentType = "");
    ApiResponse get(const std::string& path) { return request("GET", path); }
    ApiResponse post(const std::string& path, const std::string& json = "{}") {
        return request("POST", path, json, "application/json");
    }
    ApiResponse put(const std::string& path, const std::string& json) {
        return request("PUT", path, json, "application/json");
    }

    /// Every item of a paged list (issue 17 item 4): GET path page after
    /// page of 200 until the total, the items under `items` ("items", or "entries" for the
    /// registers). Fails the test when a page is refused or the total moves.
    Poco::JSON::Array::Ptr allPages(const std::string& path, const std::string& items = "items");

    /// Signs in; throws when the server refuses.
    Poco::JSON::Object::Ptr signIn(const std::string& username, const std::string& password,
                                   Auth auth = Auth::Bearer);
    ApiResponse trySignIn(const std::string& username, const std::string& password);

    void setAuth(Auth auth) { auth_ = auth; }
    void setSendCsrf(bool send) { sendCsrf_ = send; }
    /// A header sent with every request from now on ("X-Vanthu-Peer").
    void setHeader(const std::string& name, const std::string& value) { headers_[name] = value; }
    void forget() { token_.clear(), csrf_.clear(); }
    const std::string& token() const { return token_; }
    const std::string& csrf() const { return csrf_; }

private:
    std::unique_ptr<Poco::Net::HTTPClientSession> session_;
    Auth auth_ = Auth::Bearer;
    bool sendCsrf_ = true;
    std::string token_, csrf_;
    std::map<std::string, std::string> headers_;
};

/// A JSON object's text, for request bodies.
std::string jsonText(const Poco::Dynamic::Var& value);
/// Base64 on one line, as the API takes files ("pdfBase64").
std::string base64(const std::string& bytes);

} // namespace vanthu::test
