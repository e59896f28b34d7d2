// libFuzzer target: an edXML package as a peer's server sends it to POST /api/exchange/packages
// (exchange::ParsedPackage::parse, then what the inbox does with an accepted package: the
// signature checked with the certificate it carries, the attachments unpacked, the main PDF
// chosen). A RefusedPackage is the expected answer to bad input; anything else escaping, a
// crash or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "vanthu/exchange/Attachments.hpp"
#include "vanthu/exchange/PackageReader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace vanthu::exchange;
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    try {
        const auto package = ParsedPackage::parse(xml);
        try {
            std::vector<X509*> trusted;
            if (X509* signer = package.signerCertificate()) {
                trusted.push_back(signer);
            }
            package.verifySignature(trusted);
        } catch (const RefusedPackage&) {
        }
        if (!package.isStatus()) {
            const auto& attachments = package.document().attachments;
            for (const auto& attachment : attachments) {
                try {
                    (void)unpacked(attachment);
                } catch (const RefusedPackage&) {
                }
            }
            (void)mainDocument(attachments);
        }
    } catch (const RefusedPackage&) {
    }
    return 0;
}
