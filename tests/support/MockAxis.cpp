#include "MockAxis.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/Base64Encoder.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/StreamCopier.h>
#include <Poco/XML/XMLString.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <regex>
#include <set>
#include <sstream>
#include <tuple>

namespace vanthu::test {

namespace {

constexpr const char* kNs = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

std::string lowerHex(const unsigned char* bytes, unsigned size, bool dropLeadingZero) {
    std::string out;
    char part[3];
    for (unsigned i = 0; i < size; ++i) {
        std::snprintf(part, sizeof part, dropLeadingZero ? "%x" : "%02x",
                      static_cast<unsigned>(bytes[i]));
        out += part;
    }
    return out;
}

std::string hmac(const std::string& key, const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &size);
    return lowerHex(out, size, false);
}

std::string sdkHash(const std::string& data) {
    unsigned char out[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
    return lowerHex(out, SHA256_DIGEST_LENGTH, true);
}

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator)) {
        parts.push_back(part);
    }
    return parts;
}

/// The OrganId texts under every element `container` of the package (by namespace and name).
std::vector<std::string> organIds(const std::string& package, const std::string& container) {
    Poco::XML::DOMParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
    parser.setFeature("http://xml.org/sax/features/external-general-entities", false);
    parser.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    const Poco::AutoPtr<Poco::XML::Document> document = parser.parseString(package);
    std::vector<std::string> ids;
    const Poco::AutoPtr<Poco::XML::NodeList> nodes =
        document->getElementsByTagNameNS(kNs, container);
    for (unsigned long i = 0; i < nodes->length(); ++i) {
        auto* element = static_cast<Poco::XML::Element*>(nodes->item(i));
        if (auto* id = element->getChildElementNS(kNs, "OrganId")) {
            ids.push_back(id->innerText());
        }
    }
    return ids;
}

} // namespace

struct MockAxis::State {
    std::mutex mutex;
    std::vector<System> systems;
    std::vector<Copy> copies;
    std::vector<std::string> refusals;
    std::map<std::string, int> calls;
    bool loseAcknowledgement = false;
    bool duplicate = false;
    int nextId = 1;
    std::map<std::string, std::string> oldCodes; ///< new code → the code it had before
    std::map<std::string, std::string> parents;  ///< code → its parent's code
    /// Units deleted (deleteAgency): the centre, code and name; getSynchronizeUnit lists them.
    std::vector<std::tuple<std::string, std::string, std::string>> deleted;
    std::size_t getEdocLimit = std::string::npos; ///< larger packages: getEdoc refused

    std::string newId() {
        char id[25];
        std::snprintf(id, sizeof id, "5f%022x", nextId++);
        return id;
    }
    const System* system(const std::string& id) const {
        for (const auto& s : systems) {
            if (s.id == id) {
                return &s;
            }
        }
        return nullptr;
    }
    const System* systemOfOffice(const std::string& code) const {
        for (const auto& s : systems) {
            for (const auto& [office, name] : s.offices) {
                if (office == code) {
                    return &s;
                }
            }
        }
        return nullptr;
    }
};

namespace {

using Signed = std::map<std::string, std::string>; ///< bare name → value, as signed

class Refusal : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The signed parameters of a request, checked exactly: every header the sign-header-key names
/// is in the signed JSON with the value sent, the JSON names nothing else, and the HMAC of the
/// JSON as sent, keyed by the calling system's secret, is the hash-header.
Signed checkSignature(const Poco::Net::HTTPServerRequest& request, const MockAxis::State& state,
                      std::string& systemId) {
    const std::string keys = request.get("XroadVnpt-sign-header-key", "");
    const std::string json = request.get("XroadVnpt-sign-header", "");
    const std::string hash = request.get("XroadVnpt-hash-header", "");
    if (keys.empty() || json.empty() || hash.empty()) {
        throw Refusal("thieu tieu de ky");
    }
    if (request.get("XroadVnpt-version", "") != "3.0.201608") {
        throw Refusal("sai phien ban");
    }
    Poco::JSON::Object::Ptr object;
    try {
        object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        throw Refusal("sign-header khong phai JSON");
    }
    Signed values;
    for (const auto& name : split(keys, ';')) {
        const std::string header = "XroadVnpt-" + name;
        if (!object->has(header) || !request.has(header) ||
            object->getValue<std::string>(header) != request.get(header)) {
            throw Refusal("tieu de " + header + " khong khop chu ky");
        }
        values[name] = request.get(header);
    }
    if (object->size() != values.size()) {
        throw Refusal("sign-header co khoa ngoai sign-header-key");
    }
    systemId = values["systemid"];
    const auto* system = state.system(systemId);
    if (system == nullptr) {
        throw Refusal("he thong " + systemId + " chua dang ky");
    }
    if (!std::regex_match(values["timestamp"], std::regex(R"(\d{8}T\d{6}\+\d{4})"))) {
        throw Refusal("timestamp sai dinh dang: " + values["timestamp"]);
    }
    if (values["Content-Type"].empty() ||
        request.getContentType().rfind(values["Content-Type"], 0) != 0) {
        throw Refusal("Content-Type khong khop");
    }
    if (request.get("User-Agent", "") != "JAVASDKAgent/1.0.0 XRoad/VPCP") {
        throw Refusal("User-Agent sai");
    }
    if (hmac(system->secret, json) != hash) {
        throw Refusal("chu ky HMAC khong dung");
    }
    return values;
}

Poco::JSON::Object::Ptr ok() {
    Poco::JSON::Object::Ptr answer = new Poco::JSON::Object;
    answer->set("status", "OK");
    answer->set("ErrorCode", "0");
    answer->set("ErrorDesc", "Thanh cong");
    return answer;
}

std::string docIdOf(Signed& values) {
    return values.count("docId") ? values["docId"] : values["docid"];
}

/// The directory as getAgenciesList (qd20: getAgenciesListQD20, with code102 and no pid; sync:
/// getSynchronizeUnit, with centerCode, version, deleted) lists it: ids in order, pid the id
/// of the parent.
Poco::JSON::Array::Ptr agencyList(const MockAxis::State& state, bool qd20, bool sync) {
    std::map<std::string, int> idOf;
    int next = 1;
    for (const auto& system : state.systems) {
        for (const auto& office : system.offices) {
            idOf[office.first] = next++;
        }
    }
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& system : state.systems) {
        for (const auto& [code, name] : system.offices) {
            Poco::JSON::Object::Ptr agency = new Poco::JSON::Object;
            agency->set("id", std::to_string(idOf[code]));
            agency->set("code", code);
            if (qd20) {
                agency->set("code102", code);
            }
            agency->set("name", name);
            agency->set("mail", "");
            if (!qd20) { // the SDK reads no pid from the QĐ 20 list
                const auto parent = state.parents.find(code);
                agency->set("pid", parent == state.parents.end() || !idOf.count(parent->second)
                                       ? std::string()
                                       : std::to_string(idOf[parent->second]));
            }
            if (sync) {
                agency->set("centerCode", system.id);
                agency->set("version", 1);
                agency->set("deleted", false);
                agency->set("isAgency", true);
                agency->set("modifyDate", "2026/07/01 08:00:00");
            } else {
                const auto old = state.oldCodes.find(code);
                agency->set("oldCode", old == state.oldCodes.end() ? "" : old->second);
            }
            list->add(agency);
        }
    }
    if (sync) {
        for (const auto& [centre, code, name] : state.deleted) {
            Poco::JSON::Object::Ptr agency = new Poco::JSON::Object;
            agency->set("id", std::to_string(next++));
            agency->set("code", code);
            agency->set("name", name);
            agency->set("centerCode", centre);
            agency->set("version", 2);
            agency->set("deleted", true);
            agency->set("isAgency", true);
            list->add(agency);
        }
    }
    return list;
}

/// A code as the axis takes it: 1–32 letters, digits, '.', '-', '_'.
bool usableCode(const std::string& code) {
    return !code.empty() && code.size() <= 32 &&
           std::regex_match(code, std::regex(R"([A-Za-z0-9._-]+)"));
}

Poco::JSON::Object::Ptr answerCall(const std::string& call, Signed& values,
                                   const std::string& systemId, const std::string& body,
                                   MockAxis::State& state, std::string& raw) {
    auto answer = ok();
    if (call == "sendEdoc") {
        if (!body.ends_with("\r\n")) {
            throw Refusal("goi tin phai ket thuc bang CRLF");
        }
        const std::string package = body.substr(0, body.size() - 2);
        if (values["Content-Type"] != "application/octet-stream") {
            throw Refusal("Content-Type phai la application/octet-stream");
        }
        if (values["hash-file"] != sdkHash(package)) {
            throw Refusal("hash-file khong khop");
        }
        const std::string from = values["from"];
        const auto* owner = state.systemOfOffice(from);
        if (owner == nullptr || owner->id != systemId) {
            throw Refusal("Don vi gui " + from + " khong dung voi ma da dang ky: " + systemId);
        }
        const std::string type = values["messagetype"];
        if (type != "edoc" && type != "status") {
            throw Refusal("messagetype sai");
        }
        std::vector<std::string> receivers;
        try {
            // The `to` parameter (a JSON array of office codes) when given, else the package:
            // a document's To, a status's ResponseFor (the original sender).
            if (!values["to"].empty()) {
                const auto codes =
                    Poco::JSON::Parser().parse(values["to"]).extract<Poco::JSON::Array::Ptr>();
                for (std::size_t i = 0; i < codes->size(); ++i) {
                    receivers.push_back(codes->getElement<std::string>(i));
                }
            } else {
                receivers = organIds(package, type == "status" ? "ResponseFor" : "To");
            }
        } catch (const Poco::Exception& e) {
            throw Refusal("goi tin khong hop le: " + e.displayText());
        }
        // One copy per receiving system, naming its offices.
        std::map<std::string, std::string> bySystem;
        for (const auto& code : receivers) {
            if (const auto* system = state.systemOfOffice(code)) {
                auto& to = bySystem[system->id];
                to += (to.empty() ? "" : ",") + code;
            }
        }
        if (bySystem.empty()) {
            throw Refusal("khong co don vi nhan nao tren truc");
        }
        const std::string senderDocId = state.newId();
        const int times = state.duplicate ? 2 : 1;
        state.duplicate = false;
        for (int i = 0; i < times; ++i) {
            for (const auto& [system, to] : bySystem) {
                state.copies.push_back(
                    {state.newId(), senderDocId, system, from, to, type, package, "", 0});
            }
        }
        answer->set("DocId", senderDocId);
    } else if (call == "getReceivedEdocList") {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const auto& copy : state.copies) {
            if (copy.system == systemId && copy.messageType == values["messagetype"] &&
                copy.acknowledgement != "done") {
                Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
                item->set("docId", copy.docId);
                item->set("serviceType", "eDoc");
                item->set("messageType", copy.messageType);
                item->set("from", copy.from);
                item->set("to", copy.to);
                item->set("status",
                          copy.acknowledgement.empty() ? "initial" : copy.acknowledgement);
                list->add(item);
            }
        }
        answer->set("data", list);
    } else if (call == "getEdoc" || call == "updateStatus") {
        const std::string docId = docIdOf(values);
        for (auto& copy : state.copies) {
            if (copy.docId != docId || copy.system != systemId) {
                continue;
            }
            if (call == "getEdoc") {
                if (state.getEdocLimit != std::string::npos &&
                    copy.package.size() > state.getEdocLimit) {
                    throw Refusal("goi tin qua lon cho getEdoc, dung downloadEdoc");
                }
                ++copy.fetched;
                answer->set("data", base64(copy.package));
                return answer;
            }
            const std::string status = values["status"];
            if (status != "done" && status != "fail" && status != "processing") {
                throw Refusal("status phai la done, fail hoac processing");
            }
            if (status == "done" && state.loseAcknowledgement) {
                state.loseAcknowledgement = false;
                return answer;
            }
            copy.acknowledgement = status;
            return answer;
        }
        throw Refusal("khong tim thay van ban " + docId);
    } else if (call == "getSentEdocList") {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const auto& copy : state.copies) {
            if (copy.senderDocId == docIdOf(values) && state.systemOfOffice(copy.from) &&
                state.systemOfOffice(copy.from)->id == systemId) {
                Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
                item->set("senderDocId", copy.senderDocId);
                item->set("receiverDocId", copy.docId);
                item->set("receiver", copy.to);
                item->set("receiveStatus",
                          copy.acknowledgement.empty() ? "initial" : copy.acknowledgement);
                item->set("sendStatus", "done");
                list->add(item);
            }
        }
        answer->set("data", list);
    } else if (call == "getAgenciesList" || call == "getAgenciesListQD20" ||
               call == "getSynchronizeUnit") {
        const bool qd20 = call == "getAgenciesListQD20";
        if (qd20) {
            // The body is JSON {"level": "1"}, as the SDK sends it.
            try {
                const auto request =
                    Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
                if (request->optValue<std::string>("level", "").empty()) {
                    throw Refusal("thieu level");
                }
            } catch (const Poco::Exception&) {
                throw Refusal("than yeu cau phai la JSON {\"level\": ...}");
            }
        }
        answer->set("data", agencyList(state, qd20, call == "getSynchronizeUnit"));
    } else if (call == "countReceiveEdoc" || call == "countReceiveStatus") {
        const std::string type = call == "countReceiveStatus" ? "status" : "edoc";
        int count = 0;
        for (const auto& copy : state.copies) {
            count += copy.system == systemId && copy.messageType == type &&
                     copy.acknowledgement != "done";
        }
        answer->set("count", count);
    } else if (call == "downloadEdoc") {
        const std::string docId = docIdOf(values);
        for (auto& copy : state.copies) {
            if (copy.docId == docId && copy.system == systemId) {
                ++copy.fetched;
                raw = copy.package;
                return answer;
            }
        }
        throw Refusal("khong tim thay van ban " + docId);
    } else if (call == "registerAgency") {
        Poco::JSON::Object::Ptr unit;
        try {
            unit = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
        } catch (const Poco::Exception&) {
            throw Refusal("than yeu cau phai la JSON {id, pcode, code, name, ...}");
        }
        const std::string code = unit->optValue<std::string>("code", "");
        const std::string name = unit->optValue<std::string>("name", "");
        const std::string parent = unit->optValue<std::string>("pcode", "");
        if (!usableCode(code) || name.empty() || parent.empty() || !unit->has("id") ||
            !unit->has("mail") || !unit->has("mobile") || !unit->has("fax")) {
            throw Refusal("thieu code, name, pcode hoac truong cua don vi");
        }
        const auto* owner = state.systemOfOffice(code);
        if (owner != nullptr && owner->id != systemId) {
            throw Refusal("Ma don vi " + code + " da dang ky cho trung tam khac");
        }
        if (parent != systemId) {
            const auto* parentOwner = state.systemOfOffice(parent);
            if (parentOwner == nullptr || parentOwner->id != systemId) {
                throw Refusal("Don vi cap tren " + parent + " khong thuoc trung tam " + systemId);
            }
        }
        for (auto& system : state.systems) {
            if (system.id != systemId) {
                continue;
            }
            bool known = false;
            for (auto& office : system.offices) {
                if (office.first == code) {
                    office.second = name;
                    known = true;
                }
            }
            if (!known) {
                system.offices.emplace_back(code, name);
            }
        }
        if (parent == systemId) {
            state.parents.erase(code);
        } else {
            state.parents[code] = parent;
        }
        std::erase_if(state.deleted, [&](const auto& d) { return std::get<1>(d) == code; });
    } else if (call == "deleteAgency") {
        const std::string code = values["AgencyCode"];
        const auto* owner = state.systemOfOffice(code);
        if (owner == nullptr || owner->id != systemId) {
            throw Refusal("Don vi " + code + " khong thuoc trung tam " + systemId);
        }
        for (auto& system : state.systems) {
            for (auto it = system.offices.begin(); it != system.offices.end(); ++it) {
                if (it->first == code) {
                    state.deleted.emplace_back(system.id, code, it->second);
                    system.offices.erase(it);
                    break;
                }
            }
        }
        state.parents.erase(code);
    } else {
        throw Refusal("khong co ham " + call);
    }
    return answer;
}

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(std::shared_ptr<MockAxis::State> state) : state_(std::move(state)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);
        const std::string call = request.getURI().substr(request.getURI().rfind('/') + 1);
        Poco::JSON::Object::Ptr answer;
        std::string raw; // downloadEdoc: the package itself
        {
            std::lock_guard lock(state_->mutex);
            try {
                // The SDK asks the counts and downloadEdoc with GET, everything else with POST.
                const bool getToo = call == "countReceiveEdoc" || call == "countReceiveStatus" ||
                                    call == "downloadEdoc";
                if (request.getMethod() != "POST" && !(getToo && request.getMethod() == "GET")) {
                    throw Refusal("phuong thuc " + request.getMethod() + " khong dung cho " + call);
                }
                std::string systemId;
                auto values = checkSignature(request, *state_, systemId);
                answer = answerCall(call, values, systemId, body, *state_, raw);
                ++state_->calls[call];
            } catch (const Refusal& e) {
                state_->refusals.push_back(call + ": " + e.what());
                raw.clear();
                answer = new Poco::JSON::Object;
                answer->set("status", "FAIL");
                answer->set("ErrorCode", "-1");
                answer->set("ErrorDesc", e.what());
            }
        }
        response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
        if (!raw.empty()) {
            response.setContentType("application/octet-stream");
            response.setContentLength(static_cast<std::streamsize>(raw.size()));
            response.send() << raw;
            return;
        }
        std::ostringstream out;
        answer->stringify(out);
        const std::string text = out.str();
        response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(text.size()));
        response.send() << text;
    }

private:
    std::shared_ptr<MockAxis::State> state_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(std::shared_ptr<MockAxis::State> state) : state_(std::move(state)) {}
    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(state_);
    }

private:
    std::shared_ptr<MockAxis::State> state_;
};

} // namespace

struct MockAxis::Runner {
    explicit Runner(const std::shared_ptr<State>& state)
        : socket(Poco::Net::SocketAddress("127.0.0.1", 0)),
          server(new Factory(state), socket, new Poco::Net::HTTPServerParams) {
        server.start();
    }
    ~Runner() { server.stopAll(true); }
    Poco::Net::ServerSocket socket;
    Poco::Net::HTTPServer server;
};

MockAxis::MockAxis(std::vector<System> systems) : state_(std::make_shared<State>()) {
    state_->systems = std::move(systems);
    runner_ = std::make_unique<Runner>(state_);
}

MockAxis::~MockAxis() = default;

std::string MockAxis::url() const {
    return "http://127.0.0.1:" + std::to_string(runner_->socket.address().port());
}

void MockAxis::loseNextAcknowledgement() {
    std::lock_guard lock(state_->mutex);
    state_->loseAcknowledgement = true;
}

void MockAxis::duplicateNextPackage() {
    std::lock_guard lock(state_->mutex);
    state_->duplicate = true;
}

void MockAxis::renameOffice(const std::string& oldCode, const std::string& newCode,
                            const std::string& name) {
    std::lock_guard lock(state_->mutex);
    for (auto& system : state_->systems) {
        for (auto& office : system.offices) {
            if (office.first == oldCode) {
                office = {newCode, name};
                state_->oldCodes[newCode] = oldCode;
            }
        }
    }
}

void MockAxis::setParent(const std::string& code, const std::string& parentCode) {
    std::lock_guard lock(state_->mutex);
    state_->parents[code] = parentCode;
}

void MockAxis::refuseGetEdocOver(std::size_t bytes) {
    std::lock_guard lock(state_->mutex);
    state_->getEdocLimit = bytes;
}

std::vector<std::pair<std::string, std::string>>
MockAxis::officesOf(const std::string& systemId) const {
    std::lock_guard lock(state_->mutex);
    const auto* system = state_->system(systemId);
    return system ? system->offices : std::vector<std::pair<std::string, std::string>>{};
}

std::string MockAxis::parentOf(const std::string& code) const {
    std::lock_guard lock(state_->mutex);
    const auto it = state_->parents.find(code);
    return it == state_->parents.end() ? "" : it->second;
}

std::vector<MockAxis::Copy> MockAxis::copies() const {
    std::lock_guard lock(state_->mutex);
    return state_->copies;
}

std::vector<std::string> MockAxis::refusals() const {
    std::lock_guard lock(state_->mutex);
    return state_->refusals;
}

std::map<std::string, int> MockAxis::calls() const {
    std::lock_guard lock(state_->mutex);
    return state_->calls;
}

} // namespace vanthu::test
