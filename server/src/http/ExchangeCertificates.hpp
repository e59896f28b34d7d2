#pragma once
// This server's exchange certificates: the seal certificates of the offices it hosts, in one
// PEM file that peers name in their --peers file (`certificate`). `vanthu serve --peers`
// writes it to DIR/pki/exchange-certificates.pem at start.
#include <filesystem>
#include <string>

#include "vanthu/docmgmt/KeyRing.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::http {

/// Writes the certificates (atomically) and returns how many; offices whose key cannot be read
/// are left out. With keys, an office's imported seal counts (docmgmt::KeyRing).
int writeExchangeCertificates(const docmgmt::Storage& storage, const std::string& keyPassword,
                              const std::filesystem::path& file,
                              const docmgmt::KeyRing* keys = nullptr);

} // namespace vanthu::http
