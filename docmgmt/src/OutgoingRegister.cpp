#include "vanthu/docmgmt/OutgoingRegister.hpp"

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

namespace {

std::string csvField(const std::string& value) {
    if (value.find_first_of(",\"\r\n;") == std::string::npos) {
        return value;
    }
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    return out + "\"";
}

/// "2026-06-16" → "16/06/2026", as the register is written by hand.
std::string writtenDate(const std::string& iso) {
    if (iso.size() != 10) {
        return iso;
    }
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

} // namespace

std::string OutgoingRegister::toCsv(const std::vector<RegisterEntry>& entries) {
    // The BOM makes spreadsheets read UTF-8; the header's own commas belong inside quotes.
    std::string out =
        "\xEF\xBB\xBF\"Số, ký hiệu\",Ngày tháng,Tên loại và trích yếu,Người ký,Nơi nhận,"
        "\"Đơn vị, người nhận bản lưu\",Số lượng bản,Ngày chuyển,Ký nhận,Ghi chú\r\n";
    for (const auto& e : entries) {
        out += csvField(e.notation) + "," + csvField(writtenDate(e.issuedDate)) + "," +
               csvField(e.typeName + " " + e.subject) + "," + csvField(e.signerName) + "," +
               csvField(e.recipients) + "," + csvField(e.archiveCopy) + ",,,," +
               csvField(e.series == kSecretSeries ? "Mật" : "") + "\r\n";
    }
    return out;
}

} // namespace vanthu::docmgmt
