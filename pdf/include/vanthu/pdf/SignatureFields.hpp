#pragma once
// The signature fields of a document's AcroForm, found by one walker that follows the field
// tree (/Kids, inherited /FT, partial names), bounded in depth and count and safe from loops.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/pdf/PdfDocument.hpp"

namespace vanthu::pdf {

/// The object number and generation of an indirect object (0 0 for a direct one).
struct ObjectId {
    int num = 0;
    int gen = 0;
    bool indirect() const { return num > 0; }
    bool operator==(const ObjectId&) const = default;
};

/// FieldMDP-style locking parameters (a /Lock dictionary or a FieldMDP /TransformParams).
struct FieldLock {
    std::string action;              ///< "All", "Include", "Exclude" or what the file says
    std::vector<std::string> fields; ///< /Fields
    std::optional<int> p;            ///< /P (a DocMDP permission in a /Lock, PDF 2.0)
};

/// One /Reference entry of a signature dictionary (ISO 32000-1 12.8.2).
struct TransformReference {
    std::string method;                ///< "DocMDP", "FieldMDP", "UR3" or what the file says
    std::optional<int> p;              ///< DocMDP's /P
    std::optional<FieldLock> fieldMdp; ///< FieldMDP's parameters
};

/// A signature dictionary as the file holds it (the field's /V).
struct SignatureDictionary {
    ObjectId id;           ///< 0 0 when /V is direct in the field
    std::string type;      ///< /Type ("Sig", "DocTimeStamp" or "")
    std::string filter;    ///< "" when missing or not a name
    std::string subFilter; ///< "" when missing or not a name
    bool contentsIsString = false;
    std::string contents; ///< /Contents decoded (with its zero padding)
    /// /ByteRange when it is an array; an element that is not a non-negative integer is -1.
    std::optional<std::vector<std::int64_t>> byteRange;
    std::string m; ///< /M as written ("D:...") or ""
    std::vector<TransformReference> references;
};

struct SignatureField {
    std::string name;                         ///< the full name (partial names joined by ".")
    ObjectId field;                           ///< the terminal field object
    bool hasValue = false;                    ///< /V is present and not null (the field is signed)
    std::optional<SignatureDictionary> value; ///< /V when it is a dictionary
    std::optional<FieldLock> lock;
};

/// The terminal fields of type /Sig in the document's AcroForm, in the order of the field tree.
/// At most 1000 fields and 32 levels are walked. Throws DamagedPdf when the catalog is missing.
std::vector<SignatureField> findSignatureFields(const PdfDocument& document);

/// A terminal field of the AcroForm, of any type.
struct FormField {
    std::string name; ///< the full name (partial names joined by ".")
    ObjectId field;   ///< the terminal field object
    std::string type; ///< /FT, inherited: "Tx", "Sig", "Btn", "Ch" or "" when none
};

/// Every terminal field of the AcroForm in field-tree order, with the same bounds as
/// findSignatureFields.
std::vector<FormField> formFields(const PdfDocument& document);

/// The names of every terminal field of the AcroForm (of any type), in field-tree order.
std::vector<std::string> fieldNames(const PdfDocument& document);

} // namespace vanthu::pdf
