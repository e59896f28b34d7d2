// libFuzzer target: a zipped attachment of a received package (exchange::unpacked, what the
// reader does with every application/zip file a national-axis package carries), on raw bytes.
// RefusedPackage (a damaged zip, more than one entry, over the zip-bomb limits) is the expected
// answer to bad input; anything else escaping, a crash or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "vanthu/exchange/Attachments.hpp"
#include "vanthu/exchange/PackageReader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace vanthu::exchange;
    Attachment attachment;
    attachment.contentId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    attachment.attachmentName = "phu-luc.xlsm";
    attachment.contentType = "application/zip";
    attachment.bytes.assign(reinterpret_cast<const char*>(data), size);
    UnzipLimits limits;
    limits.maxBytes = 4u << 20; // the fuzzer's memory, not the server's limit
    try {
        const Attachment inside = unpacked(attachment, limits);
        if (inside.bytes.size() > limits.maxBytes) {
            __builtin_trap(); // the limit did not hold
        }
    } catch (const RefusedPackage&) {
    }
    return 0;
}
