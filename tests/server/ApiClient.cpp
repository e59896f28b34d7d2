#include "ApiClient.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <sstream>
#include <stdexcept>

namespace vanthu::test {

Poco::Dynamic::Var ApiResponse::json() const {
    Poco::JSON::Parser parser;
    return parser.parse(body);
}

Poco::JSON::Object::Ptr ApiResponse::object() const {
    return json().extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Array::Ptr ApiResponse::array() const {
    return json().extract<Poco::JSON::Array::Ptr>();
}

std::string ApiResponse::errorCode() const {
    try {
        return object()->getObject("error")->getValue<std::string>("code");
    } catch (const std::exception&) {
        return "(no error body: " + body.substr(0, 200) + ")";
    }
}

std::string ApiResponse::header(const std::string& lowerName) const {
    const auto it = headers.find(lowerName);
    return it == headers.end() ? "" : it->second;
}

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

std::string jsonText(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

ApiClient::ApiClient(unsigned short port, bool tls) {
    if (tls) {
        Poco::Net::Context::Ptr context = new Poco::Net::Context(
            Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_NONE);
        session_ = std::make_unique<Poco::Net::HTTPSClientSession>("127.0.0.1", port, context);
    } else {
        session_ = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port);
    }
    session_->setKeepAlive(true);
    session_->setTimeout(Poco::Timespan(120, 0));
}

ApiResponse ApiClient::request(const std::string& method, const std::string& path,
                               const std::string& body, const std::string& contentType) {
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    for (const auto& [name, value] : headers_) {
        request.set(name, value);
    }
    if (!token_.empty()) {
        if (auth_ == Auth::Bearer) {
            request.set("Authorization", "Bearer " + token_);
        } else {
            Poco::Net::NameValueCollection cookies;
            cookies.add("vanthu_session", token_);
            request.setCookies(cookies);
            if (sendCsrf_) {
                request.set("X-CSRF-Token", csrf_);
            }
        }
    }
    if (!body.empty() || method == "POST" || method == "PUT") {
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
        if (!contentType.empty()) {
            request.setContentType(contentType);
        }
    }
    session_->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    auto& in = session_->receiveResponse(response);
    ApiResponse result;
    result.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, result.body);
    for (const auto& [name, value] : response) {
        auto& slot = result.headers[Poco::toLower(name)];
        slot = slot.empty() ? value : slot + "\n" + value;
    }
    return result;
}

ApiResponse ApiClient::trySignIn(const std::string& username, const std::string& password) {
    Poco::JSON::Object credentials;
    credentials.set("username", username);
    credentials.set("password", password);
    return post("/api/session", jsonText(credentials));
}

Poco::JSON::Array::Ptr ApiClient::allPages(const std::string& path, const std::string& items) {
    Poco::JSON::Array::Ptr all = new Poco::JSON::Array;
    for (long offset = 0;;) {
        const auto page = get(path + (path.find('?') == std::string::npos ? "?" : "&") +
                              "limit=200&offset=" + std::to_string(offset));
        if (page.status != 200) {
            throw std::runtime_error("GET " + path + ": " + std::to_string(page.status) + " " +
                                     page.body);
        }
        const auto rows = page.object()->getArray(items);
        for (std::size_t i = 0; i < rows->size(); ++i) {
            all->add(rows->get(static_cast<unsigned>(i)));
        }
        offset += static_cast<long>(rows->size());
        if (rows->size() == 0 || offset >= page.object()->getValue<long>("total")) {
            return all;
        }
    }
}

Poco::JSON::Object::Ptr ApiClient::signIn(const std::string& username, const std::string& password,
                                          Auth auth) {
    forget();
    const auto response = trySignIn(username, password);
    if (response.status != 200) {
        throw std::runtime_error("sign-in of " + username + " refused: " + response.body);
    }
    const auto body = response.object();
    token_ = body->getValue<std::string>("token");
    csrf_ = body->getValue<std::string>("csrf");
    auth_ = auth;
    return body->getObject("user");
}

} // namespace vanthu::test
