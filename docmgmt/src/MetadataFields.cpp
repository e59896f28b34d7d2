#include "vanthu/docmgmt/MetadataFields.hpp"

#include <algorithm>
#include <set>

#include "vanthu/docmgmt/AdministrationScope.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/FieldLimits.hpp"

namespace vanthu::docmgmt {

const char* metadataTypeName(MetadataType type) {
    switch (type) {
    case MetadataType::Number:
        return "number";
    case MetadataType::Date:
        return "date";
    case MetadataType::List:
        return "list";
    case MetadataType::Text:
        break;
    }
    return "text";
}

bool parseMetadataType(const std::string& name, MetadataType& out) {
    for (const auto type :
         {MetadataType::Text, MetadataType::Number, MetadataType::Date, MetadataType::List}) {
        if (name == metadataTypeName(type)) {
            out = type;
            return true;
        }
    }
    return false;
}

namespace {

/// The audit action of each setting of a document's values: their count is their version.
constexpr const char* kSetMetadata = "set-metadata";

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t") == std::string::npos;
}

bool wholeNumber(const std::string& text) {
    const auto digits = text.front() == '-' ? text.substr(1) : text;
    return !digits.empty() && digits.size() <= 15 &&
           std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void requireAdministrator(Storage& storage, const Actor& actor, Id officeId) {
    if (actor.user.role != Role::Administrator || !actor.user.active) {
        throw Forbidden("Chỉ quản trị hệ thống định nghĩa trường siêu dữ liệu.");
    }
    if (!storage.findOffice(officeId)) {
        throw NotFound("Không có cơ quan này.");
    }
    if (!AdministrationScope(actor, storage.offices(), storage.users()).covers(officeId)) {
        throw Forbidden("Cơ quan này không thuộc phạm vi quản trị của bạn.");
    }
}

/// The value checked against its field (InvalidInput naming the field in Vietnamese).
void checkValue(const MetadataField& field, const std::string& value) {
    const std::string label = "Trường “" + field.name + "”";
    if (characterCount(value) > MetadataFields::kMaxValue) {
        throw InvalidInput("metadata", label + " dài quá " +
                                           std::to_string(MetadataFields::kMaxValue) + " ký tự.");
    }
    switch (field.type) {
    case MetadataType::Number:
        if (!wholeNumber(value)) {
            throw InvalidInput("metadata", label + " phải là một số nguyên.");
        }
        break;
    case MetadataType::Date:
        requireIsoDate("metadata", label.c_str(), value);
        break;
    case MetadataType::List:
        if (std::find(field.options.begin(), field.options.end(), value) == field.options.end()) {
            throw InvalidInput("metadata", label + " chỉ nhận một trong các giá trị đã định.");
        }
        break;
    case MetadataType::Text:
        break;
    }
}

} // namespace

std::vector<MetadataField> MetadataFields::fields(Id officeId) const {
    return storage_.metadataFields(officeId);
}

MetadataField MetadataFields::define(const Actor& actor, Id officeId,
                                     const MetadataFieldInput& input) {
    MetadataField field;
    storage_.transaction([&] {
        requireAdministrator(storage_, actor, officeId);
        if (blank(input.name)) {
            throw InvalidInput("name", "Xin đặt tên cho trường siêu dữ liệu.");
        }
        if (characterCount(input.name) > kMaxName) {
            throw InvalidInput("name",
                               "Tên trường dài quá " + std::to_string(kMaxName) + " ký tự.");
        }
        if (!parseMetadataType(input.type, field.type)) {
            throw InvalidInput("type", "Kiểu của trường phải là văn bản (text), số (number), "
                                       "ngày (date) hoặc danh sách (list).");
        }
        if (field.type == MetadataType::List) {
            if (input.options.empty() || input.options.size() > kMaxOptions) {
                throw InvalidInput("options", "Trường kiểu danh sách cần từ 1 đến " +
                                                  std::to_string(kMaxOptions) + " lựa chọn.");
            }
            std::set<std::string> seen;
            for (const auto& option : input.options) {
                if (blank(option) || characterCount(option) > kMaxName ||
                    option.find('\n') != std::string::npos || !seen.insert(option).second) {
                    throw InvalidInput("options", "Mỗi lựa chọn phải có chữ, không quá " +
                                                      std::to_string(kMaxName) +
                                                      " ký tự, và không lặp lại.");
                }
            }
            field.options = input.options;
        } else if (!input.options.empty()) {
            throw InvalidInput("options", "Chỉ trường kiểu danh sách có lựa chọn.");
        }
        const auto existing = storage_.metadataFields(officeId);
        if (existing.size() >= kMaxPerOffice) {
            throw InvalidInput("name", "Mỗi cơ quan định nghĩa được tối đa " +
                                           std::to_string(kMaxPerOffice) + " trường.");
        }
        for (const auto& other : existing) {
            if (other.name == input.name) {
                throw Conflict("Cơ quan đã có trường “" + input.name + "”.");
            }
        }
        field.officeId = officeId;
        field.name = input.name;
        field.required = input.required;
        field.createdBy = actor.user.id;
        field.createdAt = vietnamTimestamp(clock_());
        field.id = storage_.addMetadataField(field);
        audit_.record({actor.user.id, actor.user.username, "define-metadata-field",
                       "office/" + std::to_string(officeId), actor.address,
                       field.name + " (" + metadataTypeName(field.type) +
                           (field.required ? ", bắt buộc" : "") + ")"});
    });
    return field;
}

void MetadataFields::remove(const Actor& actor, Id fieldId) {
    storage_.transaction([&] {
        const auto field = storage_.findMetadataField(fieldId);
        if (!field) {
            throw NotFound("Không có trường siêu dữ liệu này.");
        }
        requireAdministrator(storage_, actor, field->officeId);
        if (storage_.metadataFieldInUse(fieldId)) {
            throw Conflict("Trường “" + field->name +
                           "” đã có giá trị trên văn bản nên không xóa được.");
        }
        storage_.removeMetadataField(fieldId);
        audit_.record({actor.user.id, actor.user.username, "remove-metadata-field",
                       "office/" + std::to_string(field->officeId), actor.address, field->name});
    });
}

std::vector<MetadataValue> MetadataFields::values(const std::string& kind, Id documentId) const {
    return storage_.metadataValues(kind, documentId);
}

std::vector<MetadataValue>
MetadataFields::setValues(const Actor& actor, Id officeId, const std::string& kind, Id documentId,
                          const std::map<std::string, std::string>& given,
                          std::optional<int> baseVersion) {
    std::vector<MetadataValue> result;
    storage_.transaction([&] {
        if (baseVersion) {
            const int current = valuesVersion(kind, documentId);
            if (*baseVersion != current) {
                throw audit_.staleSave(
                    "Siêu dữ liệu bổ sung của văn bản này", kind + "/" + std::to_string(documentId),
                    [](const AuditRecord& e) { return e.action == kSetMetadata; }, current,
                    *baseVersion);
            }
        }
        const auto fields = storage_.metadataFields(officeId);
        for (const auto& [name, value] : given) {
            const bool known = std::any_of(fields.begin(), fields.end(),
                                           [&](const MetadataField& f) { return f.name == name; });
            if (!known) {
                throw InvalidInput("metadata",
                                   "Cơ quan không có trường siêu dữ liệu “" + name + "”.");
            }
        }
        std::vector<MetadataValue> values;
        for (const auto& field : fields) {
            const auto found = given.find(field.name);
            const std::string value = found == given.end() ? "" : found->second;
            if (blank(value)) {
                if (field.required) {
                    throw InvalidInput("metadata", "Trường “" + field.name + "” là bắt buộc.");
                }
                continue;
            }
            checkValue(field, value);
            values.push_back({field.id, field.name, field.type, value});
        }
        storage_.replaceMetadataValues(kind, documentId, values);
        audit_.record({actor.user.id, actor.user.username, kSetMetadata,
                       kind + "/" + std::to_string(documentId), actor.address,
                       std::to_string(values.size()) + " trường"});
        result = values;
    });
    return result;
}

int MetadataFields::valuesVersion(const std::string& kind, Id documentId) const {
    const auto entries = audit_.about(kind + "/" + std::to_string(documentId));
    return static_cast<int>(std::count_if(entries.begin(), entries.end(), [](const AuditRecord& e) {
        return e.action == kSetMetadata;
    }));
}

std::vector<std::string> MetadataFields::missingRequired(Id officeId, const std::string& kind,
                                                         Id documentId) const {
    const auto values = storage_.metadataValues(kind, documentId);
    std::vector<std::string> missing;
    for (const auto& field : storage_.metadataFields(officeId)) {
        const bool filled = std::any_of(values.begin(), values.end(), [&](const MetadataValue& v) {
            return v.fieldId == field.id;
        });
        if (field.required && !filled) {
            missing.push_back(field.name);
        }
    }
    return missing;
}

} // namespace vanthu::docmgmt
