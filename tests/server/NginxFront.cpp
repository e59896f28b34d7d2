#include "NginxFront.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace vanthu::test {

namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";

unsigned short unusedPort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

std::string configuration(const std::filesystem::path& dir, unsigned short port,
                          const std::vector<unsigned short>& upstreams) {
    const auto d = dir.string();
    std::string servers;
    for (const auto upstream : upstreams) {
        servers +=
            "    server 127.0.0.1:" + std::to_string(upstream) + " max_fails=1 fail_timeout=60s;\n";
    }
    return "daemon off;\nworker_processes 1;\nuser root;\npid " + d + "/nginx.pid;\n" +
           "error_log " + d + "/error.log warn;\n" +
           "events { worker_connections 256; }\n"
           "http {\n"
           "  access_log off;\n"
           "  client_body_temp_path " +
           d + "/body;\n  proxy_temp_path " + d + "/proxy;\n" + "  fastcgi_temp_path " + d +
           "/fastcgi;\n  uwsgi_temp_path " + d + "/uwsgi;\n" + "  scgi_temp_path " + d +
           "/scgi;\n" +
           "  client_max_body_size 16m;\n"
           "  upstream vanthu {\n" +
           servers +
           "  }\n"
           "  server {\n"
           "    listen 127.0.0.1:" +
           std::to_string(port) +
           ";\n"
           "    location / {\n"
           "      proxy_pass http://vanthu;\n"
           "      proxy_http_version 1.1;\n"
           "      proxy_set_header Connection \"\";\n"
           "      proxy_set_header Host $http_host;\n"
           "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
           "      proxy_read_timeout 300s;\n"
           "      proxy_next_upstream error timeout non_idempotent;\n"
           "    }\n"
           "  }\n"
           "}\n";
}

bool answers(unsigned short port) {
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(1, 0));
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

} // namespace

NginxFront::NginxFront(const std::vector<unsigned short>& upstreams) {
    if (::access(kNginx, X_OK) != 0) {
        throw std::runtime_error(std::string(kNginx) +
                                 " is missing: scripts/bootstrap installs nginx-light");
    }
    // A port found free may be taken before nginx binds it: a few tries.
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (startOn(unusedPort(), upstreams)) {
            return;
        }
    }
    throw std::runtime_error("nginx did not start: " + errorLog());
}

bool NginxFront::startOn(unsigned short port, const std::vector<unsigned short>& upstreams) {
    const auto conf = dir_.path() / "nginx.conf";
    writeFile(conf, configuration(dir_.path(), port, upstreams));
    std::vector<std::string> argv = {kNginx,        "-p", dir_.path().string() + "/",          "-c",
                                     conf.string(), "-e", (dir_.path() / "error.log").string()};
    std::vector<char*> args;
    for (auto& arg : argv) {
        args.push_back(arg.data());
    }
    args.push_back(nullptr);
    if (::posix_spawn(&pid_, kNginx, nullptr, nullptr, args.data(), environ) != 0) {
        throw std::runtime_error("cannot start nginx");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1; // it exited: the port was taken, or the configuration is wrong
            return false;
        }
        if (answers(port)) {
            port_ = port;
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    stop();
    return false;
}

void NginxFront::stop() {
    if (pid_ <= 0) {
        return;
    }
    ::kill(pid_, SIGTERM); // fast shutdown: the workers end with the master
    for (int i = 0; i < 100; ++i) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

NginxFront::~NginxFront() {
    stop();
}

std::string NginxFront::errorLog() const {
    const auto log = dir_.path() / "error.log";
    return std::filesystem::exists(log) ? readFile(log) : std::string("(no error log)");
}

} // namespace vanthu::test
