#pragma once
// One request and its answer, as handlers see them: the path split into segments, the query,
// the body (already read within the size limit), the signed-in user.
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "http/Backend.hpp"
#include "http/Json.hpp"

namespace vanthu::http {

struct Exchange {
    Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
        : request(request), response(response) {}

    Poco::Net::HTTPServerRequest& request;
    Poco::Net::HTTPServerResponse& response;
    std::string method;
    std::vector<std::string> segments; ///< "/api/documents/7/pdf" → {"api","documents","7","pdf"}
    std::vector<std::pair<std::string, std::string>> query;
    std::string body;
    std::string address; ///< client IP address
    std::optional<User> user;
    std::string token; ///< the session token the request came with, if any

    /// The body as a JSON object with only these fields, its texts checked and in NFC (400 when
    /// it is not one, names a field it should not, or a text is not acceptable: parseObject).
    Poco::JSON::Object::Ptr json(std::span<const Field> fields = {}) const;
    Poco::JSON::Object::Ptr json(std::initializer_list<Field> fields) const {
        return json(std::span<const Field>(fields.begin(), fields.size()));
    }
    /// A query parameter, or fallback.
    std::string param(const std::string& name, const std::string& fallback = "") const;
    /// A query parameter that must be an integer when present (422 otherwise).
    std::optional<long long> integerParam(const std::string& name) const;
    /// The signed-in user (401 when none).
    const User& me() const;
    /// The signed-in user, read for this request (Actor::current), and the address.
    Actor actor() const { return Actor{me(), address, true}; }
    /// segments[index] as an id (404 when it is not a number).
    Id idAt(std::size_t index) const;
};

} // namespace vanthu::http
