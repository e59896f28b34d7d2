#include "vanthu/pdf/SignatureFields.hpp"

#include <functional>
#include <set>

namespace vanthu::pdf {

namespace {

constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxFields = 1000;

std::string nameOf(QPDFObjectHandle object) {
    return object.isName() ? object.getName().substr(1) : std::string{};
}

std::optional<int> intOf(QPDFObjectHandle object) {
    int value = 0;
    if (object.isInteger() && object.getValueAsInt(value)) {
        return value;
    }
    return std::nullopt;
}

ObjectId idOf(QPDFObjectHandle object) {
    if (!object.isIndirect()) {
        return {};
    }
    const QPDFObjGen og = object.getObjGen();
    return ObjectId{og.getObj(), og.getGen()};
}

FieldLock fieldLock(QPDFObjectHandle params) {
    FieldLock lock;
    lock.action = nameOf(params.getKey("/Action"));
    QPDFObjectHandle fields = params.getKey("/Fields");
    if (fields.isArray()) {
        const int n = std::min(fields.getArrayNItems(), static_cast<int>(kMaxFields));
        for (int i = 0; i < n; ++i) {
            QPDFObjectHandle item = fields.getArrayItem(i);
            if (item.isString()) {
                lock.fields.push_back(textString(item));
            }
        }
    }
    lock.p = intOf(params.getKey("/P"));
    return lock;
}

SignatureDictionary signatureDictionary(QPDFObjectHandle v) {
    SignatureDictionary sig;
    sig.id = idOf(v);
    sig.type = nameOf(v.getKey("/Type"));
    sig.filter = nameOf(v.getKey("/Filter"));
    sig.subFilter = nameOf(v.getKey("/SubFilter"));
    QPDFObjectHandle contents = v.getKey("/Contents");
    if (contents.isString()) {
        sig.contentsIsString = true;
        sig.contents = contents.getStringValue();
    }
    QPDFObjectHandle range = v.getKey("/ByteRange");
    if (range.isArray()) {
        std::vector<std::int64_t> numbers;
        const int n = std::min(range.getArrayNItems(), 16);
        for (int i = 0; i < n; ++i) {
            QPDFObjectHandle item = range.getArrayItem(i);
            long long value = -1;
            if (!item.isInteger() || !item.getValueAsInt(value) || value < 0) {
                value = -1;
            }
            numbers.push_back(value);
        }
        if (range.getArrayNItems() > n) {
            numbers.push_back(-1);
        }
        sig.byteRange = std::move(numbers);
    }
    if (QPDFObjectHandle m = v.getKey("/M"); m.isString()) {
        sig.m = m.getStringValue();
    }
    QPDFObjectHandle references = v.getKey("/Reference");
    if (references.isArray()) {
        const int n = std::min(references.getArrayNItems(), 16);
        for (int i = 0; i < n; ++i) {
            QPDFObjectHandle reference = references.getArrayItem(i);
            if (!reference.isDictionary()) {
                continue;
            }
            TransformReference t;
            t.method = nameOf(reference.getKey("/TransformMethod"));
            QPDFObjectHandle params = reference.getKey("/TransformParams");
            if (params.isDictionary()) {
                t.p = intOf(params.getKey("/P"));
                if (t.method == "FieldMDP") {
                    t.fieldMdp = fieldLock(params);
                }
            }
            sig.references.push_back(std::move(t));
        }
    }
    return sig;
}

/// Calls visit(field, fullName, fieldType) for every terminal field of the AcroForm.
void walkFields(
    const PdfDocument& document,
    const std::function<void(QPDFObjectHandle, const std::string&, const std::string&)>& visit) {
    QPDFObjectHandle acroForm = document.catalog().getKey("/AcroForm");
    if (!acroForm.isDictionary()) {
        return;
    }
    std::set<QPDFObjGen> visited;
    std::size_t count = 0;
    auto hasNamedKids = [](QPDFObjectHandle kids) {
        for (int i = 0, n = kids.getArrayNItems(); i < n && i < static_cast<int>(kMaxFields); ++i) {
            QPDFObjectHandle kid = kids.getArrayItem(i);
            if (kid.isDictionary() && kid.hasKey("/T")) {
                return true;
            }
        }
        return false;
    };
    std::function<void(QPDFObjectHandle, const std::string&, const std::string&, int)> walk =
        [&](QPDFObjectHandle list, const std::string& prefix, const std::string& inheritedFt,
            int depth) {
            if (!list.isArray() || depth > kMaxDepth) {
                return;
            }
            for (int i = 0, n = list.getArrayNItems(); i < n; ++i) {
                QPDFObjectHandle field = list.getArrayItem(i);
                if (!field.isIndirect() || !field.isDictionary() ||
                    !visited.insert(field.getObjGen()).second || ++count > kMaxFields) {
                    continue;
                }
                std::string name = prefix;
                if (QPDFObjectHandle t = field.getKey("/T"); t.isString()) {
                    const std::string part = textString(t);
                    name = prefix.empty() ? part : prefix + "." + part;
                }
                std::string ft = inheritedFt;
                if (QPDFObjectHandle f = field.getKey("/FT"); f.isName()) {
                    ft = nameOf(f);
                }
                QPDFObjectHandle kids = field.getKey("/Kids");
                const bool terminal = !kids.isArray() || !field.hasKey("/T") || !hasNamedKids(kids);
                if (terminal) {
                    visit(field, name, ft);
                } else {
                    walk(kids, name, ft, depth + 1);
                }
            }
        };
    walk(acroForm.getKey("/Fields"), "", "", 0);
}

} // namespace

std::vector<SignatureField> findSignatureFields(const PdfDocument& document) {
    std::vector<SignatureField> found;
    walkFields(document,
               [&](QPDFObjectHandle field, const std::string& name, const std::string& ft) {
                   if (ft != "Sig") {
                       return;
                   }
                   SignatureField f;
                   f.name = name;
                   f.field = idOf(field);
                   QPDFObjectHandle v = field.getKey("/V");
                   f.hasValue = !v.isNull();
                   if (v.isDictionary()) {
                       f.value = signatureDictionary(v);
                   }
                   if (QPDFObjectHandle lock = field.getKey("/Lock"); lock.isDictionary()) {
                       f.lock = fieldLock(lock);
                   }
                   found.push_back(std::move(f));
               });
    return found;
}

std::vector<FormField> formFields(const PdfDocument& document) {
    std::vector<FormField> fields;
    walkFields(document,
               [&](QPDFObjectHandle field, const std::string& name, const std::string& ft) {
                   fields.push_back(FormField{name, idOf(field), ft});
               });
    return fields;
}

std::vector<std::string> fieldNames(const PdfDocument& document) {
    std::vector<std::string> names;
    for (auto& field : formFields(document)) {
        names.push_back(std::move(field.name));
    }
    return names;
}

} // namespace vanthu::pdf
