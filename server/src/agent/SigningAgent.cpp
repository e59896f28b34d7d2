#include "agent/SigningAgent.hpp"

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
#include <fcntl.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <mutex>
#include <sstream>
#include <thread>

#include "vanthu/signing/Base64.hpp"

extern char** environ;

namespace vanthu::agent {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

constexpr std::size_t kBodyLimit = 4096;      ///< a sign request is ~150 bytes
constexpr std::size_t kPinLimit = 256;        ///< bytes read from the PIN program
constexpr std::chrono::seconds kPinTime{120}; ///< the leader's time to type the PIN
constexpr int kProtocol = 1;

std::string isoTime(const ASN1_TIME* time) {
    std::tm parts{};
    if (ASN1_TIME_to_tm(time, &parts) != 1) {
        return "";
    }
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

std::string distinguishedName(const X509_NAME* name) {
    signing::BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

Poco::JSON::Object::Ptr describe(const TokenCertificate& entry) {
    X509* certificate = entry.certificate.get();
    std::string chain = signing::toPem(certificate);
    for (const auto& ca : entry.cas) {
        chain += signing::toPem(ca.get());
    }
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("token", entry.token);
    json->set("label", entry.label);
    json->set("id", entry.id);
    json->set("subject", signing::commonName(certificate));
    json->set("subjectDn", distinguishedName(X509_get_subject_name(certificate)));
    json->set("issuer", distinguishedName(X509_get_issuer_name(certificate)));
    json->set("notBefore", isoTime(X509_get0_notBefore(certificate)));
    json->set("notAfter", isoTime(X509_get0_notAfter(certificate)));
    json->set("expired", X509_cmp_current_time(X509_get0_notAfter(certificate)) < 0);
    json->set("certificateChainPem", chain);
    return json;
}

void send(HTTPServerResponse& response, HTTPResponse::HTTPStatus status,
          const Poco::JSON::Object& body) {
    std::ostringstream text;
    body.stringify(text);
    const std::string bytes = text.str();
    response.setStatus(status);
    response.setContentType("application/json; charset=utf-8");
    response.setContentLength(static_cast<std::streamsize>(bytes.size()));
    response.set("Cache-Control", "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    response.send() << bytes;
}

void sendError(HTTPServerResponse& response, const AgentError& error) {
    Poco::JSON::Object body;
    body.set("error", error.code());
    body.set("message", std::string(error.what()));
    send(response, static_cast<HTTPResponse::HTTPStatus>(error.status()), body);
}

AgentError badRequest(const std::string& message) {
    return AgentError(400, "bad-request", message);
}

/// The JSON object of a sign request, read within kBodyLimit.
Poco::JSON::Object::Ptr readBody(HTTPServerRequest& request) {
    if (request.getContentType().rfind("application/json", 0) != 0) {
        throw badRequest("Yêu cầu ký phải là JSON (Content-Type: application/json).");
    }
    std::string body;
    char buffer[1024];
    auto& in = request.stream();
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > kBodyLimit) {
            throw AgentError(413, "too-large", "Yêu cầu ký quá lớn.");
        }
    }
    try {
        const auto parsed = Poco::JSON::Parser().parse(body);
        if (const auto object = parsed.extract<Poco::JSON::Object::Ptr>()) {
            return object;
        }
    } catch (const std::exception&) {
    }
    throw badRequest("Yêu cầu ký không phải một đối tượng JSON.");
}

std::string field(const Poco::JSON::Object& body, const std::string& name) {
    if (!body.has(name) || !body.get(name).isString()) {
        throw badRequest("Yêu cầu ký thiếu trường “" + name + "”.");
    }
    return body.getValue<std::string>(name);
}

class AgentHandler : public Poco::Net::HTTPRequestHandler {
public:
    AgentHandler(const AgentSettings& settings, std::mutex& tokenMutex, unsigned short port)
        : settings_(settings), tokenMutex_(tokenMutex), port_(port) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        try {
            route(request, response);
        } catch (const AgentError& error) {
            sendError(response, error);
        } catch (const std::exception&) {
            sendError(response, AgentError(500, "agent-error",
                                           "Chương trình ký số trên máy gặp lỗi; hãy thử lại."));
        }
    }

private:
    void route(HTTPServerRequest& request, HTTPServerResponse& response) {
        // A page of another site, or a DNS name rebound to 127.0.0.1, gets no answer it can use.
        const std::string host = request.getHost();
        const std::string port = std::to_string(port_);
        if (host != "127.0.0.1:" + port && host != "localhost:" + port) {
            throw AgentError(403, "host-refused", "Chương trình ký số chỉ trả lời 127.0.0.1.");
        }
        if (request.get("Origin", "") != settings_.serverOrigin) {
            throw AgentError(403, "origin-refused",
                             "Chương trình ký số chỉ phục vụ trang " + settings_.serverOrigin +
                                 "; trang này không được dùng thiết bị ký số.");
        }
        response.set("Access-Control-Allow-Origin", settings_.serverOrigin);
        response.set("Vary", "Origin");
        const std::string& method = request.getMethod();
        const std::string& path = request.getURI();
        if (method == "OPTIONS") {
            preflight(request, response);
            return;
        }
        if (method == "GET" && path == "/v1/status") {
            Poco::JSON::Object body;
            body.set("agent", "vanthu");
            body.set("protocol", kProtocol);
            send(response, HTTPResponse::HTTP_OK, body);
            return;
        }
        if (method == "GET" && path == "/v1/certificates") {
            listCertificates(response);
            return;
        }
        if (method == "POST" && path == "/v1/sign") {
            sign(request, response);
            return;
        }
        throw AgentError(404, "not-found", "Chương trình ký số không có địa chỉ này.");
    }

    static void preflight(HTTPServerRequest& request, HTTPServerResponse& response) {
        response.set("Access-Control-Allow-Methods", "GET, POST");
        response.set("Access-Control-Allow-Headers", "Content-Type");
        response.set("Access-Control-Max-Age", "600");
        // Chrome's Private Network Access: a public page may reach this loopback server.
        if (request.get("Access-Control-Request-Private-Network", "") == "true") {
            response.set("Access-Control-Allow-Private-Network", "true");
        }
        response.setStatus(HTTPResponse::HTTP_NO_CONTENT);
        response.setContentLength(0);
        response.send();
    }

    void listCertificates(HTTPServerResponse& response) {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        {
            const std::lock_guard lock(tokenMutex_);
            const TokenModule module(settings_.modulePath);
            for (const auto& entry : module.certificates()) {
                list->add(describe(entry));
            }
        }
        Poco::JSON::Object body;
        body.set("certificates", list);
        send(response, HTTPResponse::HTTP_OK, body);
    }

    void sign(HTTPServerRequest& request, HTTPServerResponse& response) {
        const auto body = readBody(request);
        const std::string token = field(*body, "token");
        const std::string id = field(*body, "id");
        if (body->has("algorithm") && body->optValue<std::string>("algorithm", "") != "sha256") {
            throw badRequest("Chương trình ký số chỉ ký giá trị băm SHA-256.");
        }
        const auto digest = signing::fromBase64(field(*body, "digest"));
        if (!digest || digest->size() != 32) {
            throw badRequest("Giá trị băm cần ký phải là 32 byte SHA-256 viết bằng base64.");
        }
        std::string value;
        {
            const std::lock_guard lock(tokenMutex_);
            const TokenModule module(settings_.modulePath);
            value = module.signDigest(token, id, *digest, *settings_.pins);
        }
        Poco::JSON::Object answer;
        answer.set("signatureValue", signing::toBase64(value));
        send(response, HTTPResponse::HTTP_OK, answer);
    }

    const AgentSettings& settings_;
    std::mutex& tokenMutex_;
    unsigned short port_;
};

class AgentHandlers : public Poco::Net::HTTPRequestHandlerFactory {
public:
    AgentHandlers(const AgentSettings& settings, std::mutex& tokenMutex, unsigned short port)
        : settings_(settings), tokenMutex_(tokenMutex), port_(port) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
        return new AgentHandler(settings_, tokenMutex_, port_);
    }

private:
    const AgentSettings& settings_;
    std::mutex& tokenMutex_;
    unsigned short port_;
};

AgentError pinCancelled() {
    return AgentError(403, "pin-cancelled",
                      "Chưa nhập mã PIN của thiết bị ký số; văn bản chưa được ký.");
}

} // namespace

std::string CommandPinSource::pin(const std::string& token, const std::string& signerName) {
    std::vector<std::string> environment;
    for (char** entry = environ; *entry; ++entry) {
        const std::string_view text(*entry);
        if (text.rfind("VANTHU_TOKEN=", 0) != 0 && text.rfind("VANTHU_SIGNER=", 0) != 0) {
            environment.emplace_back(text);
        }
    }
    environment.push_back("VANTHU_TOKEN=" + token);
    environment.push_back("VANTHU_SIGNER=" + signerName);
    std::vector<char*> envp;
    for (auto& entry : environment) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);
    std::string shell = "/bin/sh", dashC = "-c", command = command_;
    char* argv[] = {shell.data(), dashC.data(), command.data(), nullptr};
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        throw pinCancelled();
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    pid_t pid = -1;
    const int started = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + kPinTime;
    while (started == 0 && output.size() <= kPinLimit &&
           std::chrono::steady_clock::now() < deadline) {
        pollfd fd{fds[0], POLLIN, 0};
        if (poll(&fd, 1, 200) <= 0) {
            continue;
        }
        char buffer[128];
        const auto n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0) {
            break;
        }
        output.append(buffer, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    if (started == 0) {
        // It closed its output: wait for its exit, within the same two minutes.
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() >= deadline || output.size() > kPinLimit) {
                kill(pid, SIGKILL); // too slow, or too much output
                waitpid(pid, &status, 0);
                throw pinCancelled();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    std::string pin = output.substr(0, output.find_first_of("\r\n"));
    OPENSSL_cleanse(output.data(), output.size());
    if (started != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || pin.empty() ||
        pin.size() > kPinLimit) {
        OPENSSL_cleanse(pin.data(), pin.size());
        throw pinCancelled();
    }
    return pin;
}

struct SigningAgent::Running {
    AgentSettings settings;
    std::mutex tokenMutex;
    std::unique_ptr<Poco::Net::HTTPServer> server;
};

SigningAgent::SigningAgent(AgentSettings settings) : running_(std::make_unique<Running>()) {
    running_->settings = std::move(settings);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", running_->settings.port));
    const unsigned short port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    params->setMaxQueued(16);
    params->setKeepAlive(false);
    params->setTimeout(Poco::Timespan(10, 0));
    running_->server = std::make_unique<Poco::Net::HTTPServer>(
        new AgentHandlers(running_->settings, running_->tokenMutex, port), socket, params);
    running_->server->start();
}

SigningAgent::~SigningAgent() {
    running_->server->stopAll(true);
}

unsigned short SigningAgent::port() const {
    return running_->server->port();
}

} // namespace vanthu::agent
