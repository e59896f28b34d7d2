#include "vanthu/docmgmt/OutgoingDocument.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "vanthu/docmgmt/Errors.hpp"

namespace vanthu::docmgmt {

namespace {

constexpr DocumentState kStates[] = {DocumentState::Draft,    DocumentState::Submitted,
                                     DocumentState::Returned, DocumentState::Approved,
                                     DocumentState::Signed,   DocumentState::Issued};

Poco::JSON::Array::Ptr toArray(const std::vector<std::string>& items) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& item : items) {
        array->add(item);
    }
    return array;
}

std::string textField(const Poco::JSON::Object::Ptr& object, const std::string& name) {
    if (!object->has(name) || object->isNull(name)) {
        return {};
    }
    const auto value = object->get(name);
    if (!value.isString()) {
        throw InvalidInput(name, "Trường \"" + name + "\" phải là một chuỗi văn bản.");
    }
    return value.extract<std::string>();
}

std::vector<std::string> listField(const Poco::JSON::Object::Ptr& object, const std::string& name) {
    std::vector<std::string> items;
    if (!object->has(name) || object->isNull(name)) {
        return items;
    }
    const auto array = object->getArray(name);
    if (!array) {
        throw InvalidInput(name, "Trường \"" + name + "\" phải là một danh sách.");
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto value = array->get(static_cast<unsigned>(i));
        if (!value.isString()) {
            throw InvalidInput(name, "Mỗi dòng của \"" + name + "\" phải là một chuỗi văn bản.");
        }
        items.push_back(value.extract<std::string>());
    }
    return items;
}

} // namespace

std::string toString(DocumentState state) {
    switch (state) {
    case DocumentState::Draft:
        return "draft";
    case DocumentState::Submitted:
        return "submitted";
    case DocumentState::Returned:
        return "returned";
    case DocumentState::Approved:
        return "approved";
    case DocumentState::Signed:
        return "signed";
    case DocumentState::Issued:
        return "issued";
    }
    return "draft";
}

std::optional<DocumentState> parseDocumentState(const std::string& text) {
    for (DocumentState state : kStates) {
        if (toString(state) == text) {
            return state;
        }
    }
    return std::nullopt;
}

std::string toJson(const DraftInput& draft) {
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("typeCode", draft.typeCode);
    object.set("subject", draft.subject);
    object.set("recipients", toArray(draft.recipients));
    object.set("body", draft.body);
    object.set("distribution", toArray(draft.distribution));
    object.set("signerId", static_cast<Poco::Int64>(draft.signerId));
    object.set("authority", draft.authority);
    object.set("authorityOf", draft.authorityOf);
    object.set("draftingUnit", draft.draftingUnit);
    object.set("urgency", draft.urgency);
    object.set("secrecy", draft.secrecy);
    object.set("recipientOffices", toArray(draft.recipientOffices));
    object.set("dueDate", draft.dueDate);
    object.set("issuedAmount", draft.issuedAmount);
    object.set("language", draft.language);
    object.set("description", draft.description);
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

DraftInput draftFromJson(const std::string& json) {
    Poco::JSON::Object::Ptr object;
    try {
        object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        throw InvalidInput("", "Dữ liệu dự thảo không phải JSON hợp lệ.");
    }
    if (!object) {
        throw InvalidInput("", "Dữ liệu dự thảo phải là một đối tượng JSON.");
    }
    DraftInput draft;
    draft.typeCode = textField(object, "typeCode");
    draft.subject = textField(object, "subject");
    draft.recipients = listField(object, "recipients");
    draft.body = textField(object, "body");
    draft.distribution = listField(object, "distribution");
    if (object->has("signerId") && !object->isNull("signerId")) {
        const auto signer = object->get("signerId");
        if (!signer.isInteger()) { // 11.5 is not taken as 11
            throw InvalidInput("signerId", "Người ký phải được chọn bằng mã số (signerId).");
        }
        draft.signerId = signer.convert<Poco::Int64>();
    }
    draft.authority = textField(object, "authority");
    draft.authorityOf = textField(object, "authorityOf");
    draft.draftingUnit = textField(object, "draftingUnit");
    draft.urgency = textField(object, "urgency");
    draft.secrecy = textField(object, "secrecy");
    draft.recipientOffices = listField(object, "recipientOffices");
    draft.dueDate = textField(object, "dueDate");
    if (object->has("issuedAmount") && !object->isNull("issuedAmount")) {
        const auto amount = object->get("issuedAmount");
        if (!amount.isInteger()) {
            throw InvalidInput("issuedAmount", "Số lượng bản phát hành phải là số nguyên.");
        }
        const auto value = amount.convert<Poco::Int64>();
        draft.issuedAmount = value < 0 || value > 1'000'000 ? -1 : static_cast<int>(value);
    }
    draft.language = textField(object, "language");
    draft.description = textField(object, "description");
    return draft;
}

} // namespace vanthu::docmgmt
