#include "vanthu/pdf/PodofoLock.hpp"

namespace vanthu::pdf {

std::mutex& podofoLock() {
    static std::mutex mutex;
    return mutex;
}

} // namespace vanthu::pdf
