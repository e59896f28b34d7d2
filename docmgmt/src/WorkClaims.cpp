#include "vanthu/docmgmt/WorkClaims.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <random>

#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

namespace {

std::string hostName() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) {
        host[0] = '\0';
    }
    return host;
}

/// Whether a claim's holder ("host/pid/tag", newHolder()) is a process of this machine that is
/// no longer running: a server restarted after kill -9 or a crash takes its work back at once
/// instead of waiting for its old lease (another machine's holder waits for the lease). A pid of
/// this process, or one running again, counts as alive.
bool holderGone(const std::string& holder) {
    const auto slash = holder.find('/');
    const auto second = slash == std::string::npos ? slash : holder.find('/', slash + 1);
    if (second == std::string::npos || holder.substr(0, slash) != hostName()) {
        return false;
    }
    const std::string pidText = holder.substr(slash + 1, second - slash - 1);
    if (pidText.empty() || pidText.find_first_not_of("0123456789") != std::string::npos ||
        pidText.size() > 9) {
        return false;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(pidText));
    return pid > 0 && pid != ::getpid() && ::kill(pid, 0) == -1 && errno == ESRCH;
}

} // namespace

WorkClaims::WorkClaims(Storage& storage, std::string holder)
    : storage_(storage), holder_(std::move(holder)) {}

std::string WorkClaims::newHolder() {
    std::random_device random;
    const auto tag = (static_cast<std::uint64_t>(random()) << 32) | random();
    return hostName() + "/" + std::to_string(::getpid()) + "/" + std::to_string(tag);
}

bool WorkClaims::claim(const std::string& work, std::int64_t now, std::int64_t leaseSeconds) {
    bool claimed = false;
    storage_.transaction([&] {
        auto row = storage_.lockWorkClaim(work);
        if (!row || (row->until > now && !holderGone(row->holder))) {
            return; // being claimed by another server now, or held
        }
        row->holder = holder_;
        row->until = now + leaseSeconds;
        storage_.saveWorkClaim(*row);
        claimed = true;
    });
    return claimed;
}

bool WorkClaims::renew(const std::string& work, std::int64_t now, std::int64_t leaseSeconds) {
    bool renewed = false;
    storage_.transaction([&] {
        auto row = storage_.lockWorkClaim(work);
        if (!row || row->holder != holder_) {
            return;
        }
        row->until = now + leaseSeconds;
        storage_.saveWorkClaim(*row);
        renewed = true;
    });
    return renewed;
}

void WorkClaims::release(const std::string& work, std::int64_t dueAt) {
    storage_.transaction([&] {
        auto row = storage_.lockWorkClaim(work);
        if (row && row->holder == holder_) {
            row->until = dueAt;
            storage_.saveWorkClaim(*row);
        }
    });
}

void WorkClaims::finish(const std::string& work) {
    storage_.transaction([&] {
        auto row = storage_.lockWorkClaim(work);
        if (row && row->holder == holder_) {
            storage_.removeWorkClaim(work);
        }
    });
}

} // namespace vanthu::docmgmt
