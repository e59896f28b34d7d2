#ifdef VANTHU_HAVE_SIGNING
#include "cli/Command.hpp"
namespace vanthu::cli {
int runSign(const Arguments&) {
    throw UsageError("not yet");
}
int runVerify(const Arguments&) {
    throw UsageError("not yet");
}
int runTsa(const Arguments&) {
    throw UsageError("not yet");
}
} // namespace vanthu::cli
#endif
