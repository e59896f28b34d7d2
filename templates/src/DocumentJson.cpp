#include "vanthu/templates/DocumentJson.hpp"

#include <set>

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include "vanthu/templates/Unicode.hpp"

namespace vanthu::templates {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

class FieldReader {
public:
    FieldReader(Object::Ptr object, std::string path) : object_(object), path_(std::move(path)) {}

    std::string name(const std::string& key) const {
        return path_.empty() ? key : path_ + "." + key;
    }

    void refuseUnknown(const std::set<std::string>& known) const {
        for (const auto& [key, value] : *object_) {
            if (!known.count(key)) {
                throw InvalidDocument(name(key), "unknown field (see docs/document-format.md)");
            }
        }
    }

    bool has(const std::string& key) const { return object_->has(key) && !object_->isNull(key); }

    std::string text(const std::string& key, bool required) const {
        if (!has(key)) {
            if (required) {
                throw InvalidDocument(name(key), "is missing");
            }
            return "";
        }
        const auto value = object_->get(key);
        if (!value.isString()) {
            throw InvalidDocument(name(key), "must be a text in quotes");
        }
        std::string result;
        try {
            result = toNfc(value.extract<std::string>());
        } catch (const std::invalid_argument& e) {
            throw InvalidDocument(name(key), e.what());
        }
        if (required && result.find_first_not_of(" \t\r\n") == std::string::npos) {
            throw InvalidDocument(name(key), "is empty");
        }
        return result;
    }

    std::vector<std::string> textList(const std::string& key, bool required) const {
        if (!has(key)) {
            if (required) {
                throw InvalidDocument(name(key), "is missing");
            }
            return {};
        }
        Array::Ptr array = object_->getArray(key);
        if (!array) {
            throw InvalidDocument(name(key), "must be a list of texts [\"…\", \"…\"]");
        }
        std::vector<std::string> result;
        for (size_t i = 0; i < array->size(); ++i) {
            const auto value = array->get(static_cast<unsigned>(i));
            if (!value.isString()) {
                throw InvalidDocument(name(key) + "[" + std::to_string(i) + "]",
                                      "must be a text in quotes");
            }
            try {
                result.push_back(toNfc(value.extract<std::string>()));
            } catch (const std::invalid_argument& e) {
                throw InvalidDocument(name(key) + "[" + std::to_string(i) + "]", e.what());
            }
        }
        if (required && result.empty()) {
            throw InvalidDocument(name(key), "is empty");
        }
        return result;
    }

    std::optional<long long> integer(const std::string& key, long long min, long long max) const {
        if (!has(key)) {
            return std::nullopt;
        }
        const auto value = object_->get(key);
        if (!value.isInteger()) {
            throw InvalidDocument(name(key), "must be a whole number");
        }
        const auto number = value.convert<long long>();
        if (number < min || number > max) {
            throw InvalidDocument(name(key), "must be between " + std::to_string(min) + " and " +
                                                 std::to_string(max));
        }
        return number;
    }

    bool boolean(const std::string& key, bool fallback) const {
        if (!has(key)) {
            return fallback;
        }
        const auto value = object_->get(key);
        if (!value.isBoolean()) {
            throw InvalidDocument(name(key), "must be true or false");
        }
        return value.extract<bool>();
    }

    FieldReader object(const std::string& key) const {
        if (!has(key)) {
            throw InvalidDocument(name(key), "is missing");
        }
        Object::Ptr child = object_->getObject(key);
        if (!child) {
            throw InvalidDocument(name(key), "must be an object { … }");
        }
        return FieldReader(child, name(key));
    }

    Array::Ptr array(const std::string& key) const {
        if (!has(key)) {
            return nullptr;
        }
        Array::Ptr array = object_->getArray(key);
        if (!array) {
            throw InvalidDocument(name(key), "must be a list [ … ]");
        }
        return array;
    }

    template <typename Enum>
    Enum choice(const std::string& key, const std::vector<std::pair<std::string, Enum>>& options,
                Enum fallback, bool required = false) const {
        const std::string value = text(key, required);
        if (value.empty()) {
            return fallback;
        }
        std::string allowed;
        for (const auto& [label, option] : options) {
            if (label == value) {
                return option;
            }
            allowed += (allowed.empty() ? "" : ", ") + label;
        }
        throw InvalidDocument(name(key), "\"" + value + "\" is not one of: " + allowed);
    }

private:
    Object::Ptr object_;
    std::string path_;
};

Body parseBody(const FieldReader& reader, const std::string& key, bool required) {
    const std::string markup = reader.text(key, required);
    try {
        return parseBodyMarkup(markup);
    } catch (const std::invalid_argument& e) {
        throw InvalidDocument(reader.name(key), e.what());
    }
}

SignerBlock parseSigner(const FieldReader& reader, DocumentSystem system) {
    reader.refuseUnknown({"authority", "authorityOf", "title", "name"});
    SignerBlock signer;
    const auto authority = parseAuthority(reader.text("authority", false));
    if (!authority) {
        throw InvalidDocument(reader.name("authority"),
                              "must be one of TM, KT, TL, TUQ, Q (or T/M, K/T, T/L, T/UQ)");
    }
    signer.authority = *authority;
    if (system == DocumentSystem::Party && signer.authority == Authority::Acting) {
        throw InvalidDocument(reader.name("authority"), "Party documents have no \"Q.\" authority");
    }
    signer.authorityOf = reader.text("authorityOf", signer.authority != Authority::Own);
    signer.title = reader.text("title", true);
    signer.name = reader.text("name", true);
    return signer;
}

std::vector<Appendix> parseAppendices(const FieldReader& reader) {
    std::vector<Appendix> appendices;
    Array::Ptr array = reader.array("appendices");
    if (!array) {
        return appendices;
    }
    for (unsigned i = 0; i < array->size(); ++i) {
        const std::string path = reader.name("appendices") + "[" + std::to_string(i) + "]";
        Object::Ptr item = array->getObject(i);
        if (!item) {
            throw InvalidDocument(path, "must be an object { \"label\", \"title\", \"body\" }");
        }
        FieldReader appendix(item, path);
        appendix.refuseUnknown({"label", "title", "body"});
        appendices.push_back({appendix.text("label", true), appendix.text("title", false),
                              parseBody(appendix, "body", true)});
    }
    return appendices;
}

Object::Ptr parseRoot(std::string_view json) {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var root;
    try {
        root = parser.parse(std::string(json));
    } catch (const Poco::Exception& e) {
        throw InvalidDocument("", "the file is not valid JSON (" + e.message() + ")");
    }
    if (root.type() != typeid(Object::Ptr)) {
        throw InvalidDocument("", "the file must hold one JSON object { … }");
    }
    return root.extract<Object::Ptr>();
}

} // namespace

InvalidDocument::InvalidDocument(std::string field, const std::string& message)
    : std::runtime_error(field.empty() ? message : "field \"" + field + "\": " + message),
      field_(std::move(field)) {}

OfficialDocument parseDocumentJson(std::string_view json) {
    const FieldReader root(parseRoot(json), "");
    root.refuseUnknown({"system",     "type",     "parentBody",  "issuingBody",     "number",
                        "notation",   "place",    "date",        "subject",         "subjectWithVv",
                        "recipients", "body",     "appendices",  "signer",          "distribution",
                        "urgency",    "secrecy",  "circulation", "typistAndCopies", "contact",
                        "author",     "timestamp"});
    OfficialDocument doc;
    doc.system = root.choice<DocumentSystem>(
        "system", {{"state", DocumentSystem::State}, {"party", DocumentSystem::Party}},
        DocumentSystem::State, true);
    const std::string typeCode = root.text("type", true);
    const auto type = findDocumentType(typeCode);
    if (!type) {
        throw InvalidDocument("type", "\"" + typeCode +
                                          "\" is not a document type (vanthu render --list-types)");
    }
    doc.type = *type;
    doc.parentBody = root.text("parentBody", false);
    doc.issuingBody = root.text("issuingBody", true);
    if (auto number = root.integer("number", 1, 9999999)) {
        doc.notation.number = static_cast<int>(*number);
    }
    doc.notation.code = root.text("notation", true);
    doc.place = root.text("place", true);
    try {
        doc.date = CalendarDate::parse(root.text("date", true));
    } catch (const std::invalid_argument& e) {
        throw InvalidDocument("date", e.what());
    }
    doc.subject = root.text("subject", false);
    if (doc.subject.empty() && (doc.type.isLetter || root.has("subject"))) {
        throw InvalidDocument("subject", "is missing");
    }
    doc.subjectWithVv = root.boolean("subjectWithVv", true);
    doc.recipients = root.textList("recipients", doc.type.isLetter);
    doc.body = parseBody(root, "body", true);
    doc.appendices = parseAppendices(root);
    doc.signer = parseSigner(root.object("signer"), doc.system);
    doc.distribution = root.textList("distribution", true);
    doc.urgency = root.choice<Urgency>("urgency",
                                       {{"khan", Urgency::Khan},
                                        {"thuong-khan", Urgency::ThuongKhan},
                                        {"hoa-toc", Urgency::HoaToc}},
                                       Urgency::Normal);
    doc.secrecy = root.choice<Secrecy>(
        "secrecy",
        {{"mat", Secrecy::Mat}, {"toi-mat", Secrecy::ToiMat}, {"tuyet-mat", Secrecy::TuyetMat}},
        Secrecy::None);
    doc.circulation = root.choice<Circulation>("circulation",
                                               {{"xem-xong-tra-lai", Circulation::XemXongTraLai},
                                                {"luu-hanh-noi-bo", Circulation::LuuHanhNoiBo}},
                                               Circulation::None);
    doc.typistAndCopies = root.text("typistAndCopies", false);
    doc.contact = root.text("contact", false);
    doc.author = root.text("author", false);
    doc.timestamp = root.integer("timestamp", 0, 32503680000LL);
    return doc;
}

} // namespace vanthu::templates
