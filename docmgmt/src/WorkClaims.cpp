#include "vanthu/docmgmt/WorkClaims.hpp"

#include <unistd.h>

#include <random>

#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

WorkClaims::WorkClaims(Storage& storage, std::string holder)
    : storage_(storage), holder_(std::move(holder)) {}

std::string WorkClaims::newHolder() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) {
        host[0] = '\0';
    }
    std::random_device random;
    const auto tag = (static_cast<std::uint64_t>(random()) << 32) | random();
    return std::string(host) + "/" + std::to_string(::getpid()) + "/" + std::to_string(tag);
}

bool WorkClaims::claim(const std::string& work, std::int64_t now, std::int64_t leaseSeconds) {
    bool claimed = false;
    storage_.transaction([&] {
        auto row = storage_.lockWorkClaim(work);
        if (!row || row->until > now) {
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
