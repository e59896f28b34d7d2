#include "ImportCsv.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "vanthu/docmgmt/BulkImport.hpp"
#include "vanthu/docmgmt/FieldLimits.hpp"

namespace vanthu::docmgmt {

std::vector<std::vector<std::string>> csvRecords(const std::string& text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false, fieldStarted = false;
    std::size_t i = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    const auto endRecord = [&] {
        record.push_back(std::move(field));
        field.clear();
        const bool blankLine = record.size() == 1 && record[0].empty() && !fieldStarted;
        if (!blankLine) {
            records.push_back(std::move(record));
        }
        record.clear();
        fieldStarted = false;
    };
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
            fieldStarted = true;
        } else if (c == ',') {
            record.push_back(std::move(field));
            field.clear();
            fieldStarted = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            endRecord();
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted) {
        throw BadImportFile("the CSV ends inside a quoted field (a \" is missing)");
    }
    if (fieldStarted || !field.empty() || !record.empty()) {
        endRecord();
    }
    return records;
}

namespace {

namespace fs = std::filesystem;

std::string trimmed(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) {
        return {};
    }
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

std::size_t characters(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool validDate(int y, int m, int d) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) {
        return false;
    }
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

/// "2024-06-12" or "12/06/2024" (as offices write it) → "2024-06-12"; nothing otherwise.
std::optional<std::string> isoDate(const std::string& text) {
    int y = 0, m = 0, d = 0;
    char a = 0, b = 0;
    std::istringstream in(text);
    if (text.size() == 10 && text[4] == '-') {
        in >> y >> a >> m >> b >> d;
    } else if (text.size() >= 8 && text.size() <= 10 && text.find('/') != std::string::npos) {
        in >> d >> a >> m >> b >> y;
    } else {
        return std::nullopt;
    }
    if (!in || !in.eof() || a != b || (a != '-' && a != '/') || !validDate(y, m, d)) {
        return std::nullopt;
    }
    char out[11];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    return std::string(out);
}

/// A file name inside the folder: relative, no "..".
bool safeFileName(const std::string& name) {
    if (name.empty() || name.front() == '/' || name.find('\\') != std::string::npos) {
        return false;
    }
    for (const auto& part : fs::path(name)) {
        if (part == "..") {
            return false;
        }
    }
    return true;
}

/// The row's fields by column name, checked; the first problem is thrown as a sentence.
struct RowError {
    std::string reason;
};

ImportedDocument documentFrom(const std::map<std::string, std::string>& f, Id officeId) {
    const auto get = [&](const char* column) {
        const auto it = f.find(column);
        return it == f.end() ? std::string() : trimmed(it->second);
    };
    // Lengths from the one table (FieldLimits.hpp), named in Vietnamese with the column.
    const auto fits = [&](const char* column, const FieldLimit& limit, const std::string& value) {
        if (characters(value) > limit.max) {
            throw RowError{std::string(limit.label) + " (cột " + column + ") dài " +
                           std::to_string(characters(value)) + " ký tự, vượt giới hạn " +
                           std::to_string(limit.max) + " ký tự"};
        }
        return value;
    };
    const auto require = [&](const char* column, const FieldLimit& limit, const char* what) {
        const std::string value = get(column);
        if (value.empty()) {
            throw RowError{std::string(what) + " (" + column + ") is empty"};
        }
        return fits(column, limit, value);
    };
    ImportedDocument doc;
    doc.officeId = officeId;
    const std::string direction = get("direction");
    if (direction == "in" || direction == "đến" || direction == "den") {
        doc.direction = Direction::Incoming;
    } else if (direction == "out" || direction == "đi" || direction == "di") {
        doc.direction = Direction::Outgoing;
    } else {
        throw RowError{"direction \"" + direction + "\" is neither in (đến) nor out (đi)"};
    }
    doc.number = require("number", limits::kCodeNumber, "the number");
    if (doc.number.find_first_not_of("0123456789") != std::string::npos) {
        throw RowError{"the number \"" + doc.number + "\" is not made of digits"};
    }
    doc.notation = require("notation", limits::kCodeNotation, "the notation");
    const auto date = isoDate(get("date"));
    if (!date) {
        throw RowError{"bad date \"" + get("date") + "\" (write 2024-06-12 or 12/06/2024)"};
    }
    doc.issuedDate = *date;
    doc.issuer = require("issuer", limits::kOrganName, "the issuing body");
    doc.typeName = require("type", limits::kTypeName, "the document type");
    doc.subject = require("subject", limits::kSubject, "the subject");
    doc.signer = fits("signer", limits::kSignerName, get("signer"));
    doc.duplicateReason = get("duplicate_reason");
    if (characters(doc.duplicateReason) > 500) {
        throw RowError{"Lý do nhập trùng (cột duplicate_reason) dài " +
                       std::to_string(characters(doc.duplicateReason)) +
                       " ký tự, vượt giới hạn 500 ký tự"};
    }
    // Phần II's optional columns.
    doc.language = fits("language", limits::kLanguage, get("language"));
    doc.description = fits("description", limits::kDescription, get("description"));
    if (const std::string amount = get("issued_amount"); !amount.empty()) {
        if (amount.size() > 3 || amount.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(amount) < 1) {
            throw RowError{std::string(limits::kIssuedAmount.label) +
                           " (cột issued_amount) phải là số từ 1 đến " +
                           std::to_string(limits::kIssuedAmount.max) + "; đã ghi \"" + amount +
                           "\""};
        }
        doc.issuedAmount = std::stoi(amount);
    }
    doc.sourceFile = get("file");
    if (!safeFileName(doc.sourceFile)) {
        throw RowError{"the file name \"" + doc.sourceFile + "\" is empty or leaves the folder"};
    }
    return doc;
}

} // namespace

const std::vector<std::string>& importColumns() {
    static const std::vector<std::string> names = {
        "direction",  "number", "notation",         "date", "issuer",        "type",
        "subject",    "signer", "duplicate_reason", "file", "issued_amount", "language",
        "description"};
    return names;
}

std::vector<CheckedImportRow> readImportCsv(const std::string& text, Id officeId,
                                            const std::string& source) {
    const auto records = csvRecords(text);
    if (records.empty()) {
        throw BadImportFile(source + " is empty: it needs a header row (" +
                            "direction,number,notation,date,issuer,type,subject,signer,file)");
    }
    const auto& columns = importColumns();
    std::vector<std::string> header;
    for (const auto& name : records.front()) {
        std::string column = trimmed(name);
        std::transform(column.begin(), column.end(), column.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
            throw BadImportFile("unknown column \"" + name + "\" in the header (the columns are " +
                                "direction,number,notation,date,issuer,type,subject,signer,"
                                "duplicate_reason,file; optional issued_amount,language,"
                                "description)");
        }
        if (std::find(header.begin(), header.end(), column) != header.end()) {
            throw BadImportFile("the column \"" + column + "\" appears twice in the header");
        }
        header.push_back(column);
    }
    for (const auto& column : columns) {
        if (column != "signer" && column != "duplicate_reason" && column != "issued_amount" &&
            column != "language" && column != "description" &&
            std::find(header.begin(), header.end(), column) == header.end()) {
            throw BadImportFile("the header has no \"" + column + "\" column");
        }
    }

    std::vector<CheckedImportRow> rows;
    for (std::size_t index = 1; index < records.size(); ++index) {
        const auto& fields = records[index];
        CheckedImportRow row;
        row.row = static_cast<int>(index) + 1;
        std::map<std::string, std::string> byName;
        for (std::size_t c = 0; c < fields.size() && c < header.size(); ++c) {
            byName[header[c]] = fields[c];
        }
        row.file = trimmed(byName["file"]);
        try {
            if (fields.size() != header.size()) {
                throw RowError{"the row has " + std::to_string(fields.size()) +
                               " fields, the header " + std::to_string(header.size())};
            }
            row.document = documentFrom(byName, officeId);
        } catch (const RowError& e) {
            row.reason = e.reason;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace vanthu::docmgmt
