#pragma once
// The outgoing register (sổ đăng ký văn bản đi, NĐ 30 Phụ lục IV): numbers in issue order per
// office. State: one series a year from 01 on 1 January, secret documents in a series of their
// own. Party (HD 36): each document type its own series, secret documents in the same one, over
// the committee's term when the office has one (else by calendar year).
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

inline constexpr const char* kNormalSeries = "thuong";
inline constexpr const char* kSecretSeries = "mat";

class OutgoingRegister {
public:
    explicit OutgoingRegister(Storage& storage);

    /// Where a document of this type and secrecy is numbered in that year.
    static RegisterKey keyFor(const Office& office, int year, const std::string& typeCode,
                              const std::string& secrecy);
    /// The next number; call inside the issuing transaction (unique, no gaps).
    int allocate(const RegisterKey& key);
    void record(const RegisterKey& key, int year, Id officeId, const RegisterEntry& entry);
    std::vector<RegisterEntry> entries(Id officeId, int year) const;

    /// NĐ 30 Phụ lục IV columns as CSV, UTF-8 with a BOM so spreadsheets read it right.
    static std::string toCsv(const std::vector<RegisterEntry>& entries);

private:
    Storage& storage_;
};

} // namespace vanthu::docmgmt
