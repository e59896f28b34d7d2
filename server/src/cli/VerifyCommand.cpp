#ifdef VANTHU_HAVE_SIGNING
#include "cli/Command.hpp"
namespace vanthu::cli {
int runVerify(const Arguments&) {
    throw UsageError("verify: not yet");
}
} // namespace vanthu::cli
#endif
