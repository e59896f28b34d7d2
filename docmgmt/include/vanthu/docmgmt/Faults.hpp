#pragma once
// Failure injection for tests (the way SQLite tests crash-safety): production code announces
// named points; a test's injector may throw there. Without an injector nothing happens.
#include <string_view>

namespace vanthu::docmgmt {

class FaultInjector {
public:
    virtual ~FaultInjector() = default;
    /// Called at each named point ("blob:written", "issue:numbered", ...); may throw.
    virtual void reached(std::string_view point) = 0;
};

/// Calls faults->reached(point) when faults is set.
inline void faultPoint(FaultInjector* faults, std::string_view point) {
    if (faults) {
        faults->reached(point);
    }
}

} // namespace vanthu::docmgmt
