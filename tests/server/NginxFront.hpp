#pragma once
// Debian's nginx as a child process in front of vanthu servers (issue 17: several servers behind
// one address): its own prefix, configuration, temporary folders and logs in a test folder, one
// upstream group of the given ports on 127.0.0.1, a POST that fails on a dead server passed to
// the next one (`proxy_next_upstream error timeout non_idempotent`: the issue's own transaction
// refuses a second issue, so a retry is safe). Stopped (SIGTERM, then SIGKILL) on destruction.
#include <sys/types.h>

#include <string>
#include <vector>

#include "TestSupport.hpp"

namespace vanthu::test {

class NginxFront {
public:
    /// Starts nginx on a free loopback port in front of upstreams; throws with nginx's error log
    /// when it does not answer within 10 s (nginx missing: scripts/bootstrap installs it).
    explicit NginxFront(const std::vector<unsigned short>& upstreams);
    ~NginxFront();
    NginxFront(const NginxFront&) = delete;
    NginxFront& operator=(const NginxFront&) = delete;

    unsigned short port() const { return port_; }
    /// nginx's error log so far (what it said of failed upstreams).
    std::string errorLog() const;

private:
    bool startOn(unsigned short port, const std::vector<unsigned short>& upstreams);
    void stop();

    TempDir dir_;
    pid_t pid_ = -1;
    unsigned short port_ = 0;
};

} // namespace vanthu::test
