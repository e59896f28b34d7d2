#include "http/ExchangeCertificates.hpp"

#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::http {

int writeExchangeCertificates(const docmgmt::Storage& storage, const std::string& keyPassword,
                              const std::filesystem::path& file, const docmgmt::KeyRing* keys) {
    std::string pem;
    int count = 0;
    for (const auto& office : storage.offices()) {
        if (!office.isLocal()) {
            continue;
        }
        if (const auto seal = keys ? keys->sealOf(office.id) : std::nullopt) {
            pem += seal->certificatePem;
            ++count;
            continue;
        }
        if (office.sealKey.empty()) {
            continue;
        }
        try {
            const auto key = signing::Pkcs12Key::fromFile(office.sealKey, keyPassword);
            pem += signing::toPem(key->certificate());
            ++count;
        } catch (const std::exception&) {
            // no key on this server for it: its documents cannot go out signed anyway
        }
    }
    signing::writeBinaryFile(file.string(), pem);
    return count;
}

} // namespace vanthu::http
