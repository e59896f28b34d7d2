#pragma once
// The demo offices' earlier letters: the sample letters (samples/*.json, made from the seed
// letters) rendered to PDF and kept as imported documents of the office that wrote them, so
// that the demo's search, case files and archive have real letters to work on.
#include <filesystem>
#include <string>

namespace vanthu::docmgmt {

class Storage;
class BlobStore;
class AuditTrail;

/// Imports every letter in folder whose issuing body is a local office; letters of other
/// offices are left out. Returns how many were imported. Runs inside the caller's transaction.
int importDemoLetters(Storage& storage, BlobStore& blobs, AuditTrail& audit,
                      const std::filesystem::path& folder, const std::string& importedAt);

} // namespace vanthu::docmgmt
