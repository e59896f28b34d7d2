#pragma once
// The office directory kept in step with the national document axis's directory of offices
// (getAgenciesList, getAgenciesListQD20): offices the axis knows and this directory does not
// are added as reached through the axis (Office::peer = the axis's name); a renamed or merged
// office's old codes are kept as dissolved offices whose successor is the office now, so that
// letters addressed to an old code are still routed (Dispatch follows the successor). Offices
// hosted here and offices the administrator placed at a vanthu peer are never changed by it.
// Each office of the axis is put under the parent office the axis lists (Office::parentId), so
// that a province's, a ministry's and the two-level local government's offices form a tree
// (docs/exchange.md, "The axis's directory of offices").
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

class Storage;
class AuditTrail;

/// One office as the axis lists it.
struct DirectoryEntry {
    std::string code;                  ///< its identifier now (OrganId)
    std::string name;                  ///< its name
    std::vector<std::string> oldCodes; ///< codes it had before (renamed, merged into it)
    /// The code of the office it belongs to, as the axis lists it (its `pid` resolved to a
    /// code); empty: at the top of the tree; nullopt: the list does not say (left as it is).
    std::optional<std::string> parentCode;
};

/// What one synchronisation changed.
struct DirectorySyncResult {
    int listed = 0;         ///< entries the axis gave
    int added = 0;          ///< offices new to the directory
    int updated = 0;        ///< offices of the axis whose name changed
    int unchanged = 0;      ///< offices of the axis already as listed
    int kept = 0;           ///< listed offices hosted here or at a vanthu peer: left as they are
    int oldCodes = 0;       ///< old codes now dissolved into their successor (kept, still routed)
    int skipped = 0;        ///< entries not usable (no code, a code or name too long, repeated)
    int parents = 0;        ///< offices of the axis put under another parent (or at the top)
    int parentsUnknown = 0; ///< parents not in the directory, or that would make a cycle: left
    std::vector<std::string> problems; ///< the first few skipped entries, why
};

/// At most this many entries in one list (a real national directory has some ten thousand).
inline constexpr std::size_t kMaxDirectoryEntries = 100000;

/// An office code as the directory keeps it: 1–32 characters of letters, digits, '.', '-', '_'.
bool usableOfficeCode(const std::string& code);

class DirectorySync {
public:
    DirectorySync(Storage& storage, AuditTrail& audit);

    /// Applies the axis's list in one transaction, audited ("directory-sync" on object
    /// "directory" by `who`). axisName: Office::peer of offices reached through the axis;
    /// today: the date offices are dissolved on (YYYY-MM-DD). Each office of the axis gets the
    /// parent its entry names (an old code leads to its successor); a parent the directory does
    /// not have, or one that would make the office its own ancestor, leaves it where it was
    /// (counted, named in problems). Throws InvalidInput when the list is longer than
    /// kMaxDirectoryEntries.
    DirectorySyncResult apply(const std::vector<DirectoryEntry>& entries,
                              const std::string& axisName, const std::string& today,
                              const std::string& who);

private:
    Storage& storage_;
    AuditTrail& audit_;
};

/// The office a letter for `code` goes to: the office with that code, or, when it was dissolved
/// with a successor (a merged or renamed office), the successor it leads to (followed at most
/// 16 steps). Empty when the directory has no such code.
std::optional<Office> currentOffice(const Storage& storage, const std::string& code);

} // namespace vanthu::docmgmt
