#include "vanthu/docmgmt/OutgoingRegister.hpp"

#include "Csv.hpp"
#include "vanthu/templates/DocumentType.hpp"

namespace vanthu::docmgmt {

OutgoingRegister::OutgoingRegister(Storage& storage) : storage_(storage) {}

RegisterKey OutgoingRegister::keyFor(const Office& office, int year, const std::string& typeCode,
                                     const std::string& secrecy) {
    RegisterKey key;
    key.officeId = office.id;
    if (office.system == OfficeSystem::Party) {
        const auto type = templates::findDocumentType(typeCode);
        key.series = type ? type->code : typeCode;
        key.period = office.term.empty() ? std::to_string(year) : "term:" + office.term;
    } else {
        key.series = secrecy.empty() ? kNormalSeries : kSecretSeries;
        key.period = std::to_string(year);
    }
    return key;
}

int OutgoingRegister::allocate(const RegisterKey& key) {
    return storage_.nextOutgoingNumber(key);
}

void OutgoingRegister::record(const RegisterKey& key, int year, Id officeId,
                              const RegisterEntry& entry) {
    storage_.addRegisterEntry(key, year, officeId, entry);
}

std::vector<RegisterEntry> OutgoingRegister::entries(Id officeId, int year) const {
    return storage_.registerEntries(officeId, year);
}

std::string OutgoingRegister::toCsv(const std::vector<RegisterEntry>& entries) {
    // The BOM makes spreadsheets read UTF-8; the header's own commas belong inside quotes.
    std::string out = std::string(csv::kBom) +
                      "\"Số, ký hiệu\",Ngày tháng,Tên loại và trích yếu,Người ký,Nơi nhận,"
                      "\"Đơn vị, người nhận bản lưu\",Số lượng bản,Ngày chuyển,Ký nhận,Ghi chú\r\n";
    for (const auto& e : entries) {
        out += csv::field(e.notation) + "," + csv::field(csv::writtenDate(e.issuedDate)) + "," +
               csv::field(e.typeName + " " + e.subject) + "," + csv::field(e.signerName) + "," +
               csv::field(e.recipients) + "," + csv::field(e.archiveCopy) + ",,,," +
               csv::field(e.series == kSecretSeries ? "Mật" : "") + "\r\n";
    }
    return out;
}

} // namespace vanthu::docmgmt
