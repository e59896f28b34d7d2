#pragma once
// Writing an incremental update (ISO 32000-1 7.5.6) to a document read by libqpdf: new and changed
// objects appended after the file's bytes as plain objects (an object that lived in an object
// stream is rewritten as a plain object), then a cross-reference section for exactly those
// objects in the form of the file's last one — a table after a table (also in hybrid files), a
// cross-reference stream (7.5.8) after a stream — with /Prev to the last startxref. The earlier
// bytes are never touched.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <qpdf/QPDFObjGen.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include "vanthu/pdf/PdfDocument.hpp"

namespace vanthu::pdf {

/// The form of a cross-reference section.
enum class XrefForm { Table, Stream };

/// The form of the section the file's last startxref points at. Throws DamagedPdf when the file
/// has no startxref before a %%EOF.
XrefForm lastXrefForm(std::string_view bytes);

/// PDF syntax of a direct value; indirect objects inside it are written as references, mapped
/// through map when it is given.
std::string writeObject(QPDFObjectHandle value,
                        const std::function<QPDFObjGen(QPDFObjGen)>& map = {});

class IncrementalUpdate {
public:
    /// An update to document (which must outlive the update). Throws DamagedPdf when qpdf had
    /// to rebuild the file's cross-reference table: an update must chain to sound sections.
    explicit IncrementalUpdate(const PdfDocument& document);

    const PdfDocument& document() const { return document_; }
    /// The form the update's cross-reference section will take.
    XrefForm form() const { return form_; }

    /// A fresh object number (generation 0), as a reference to put into other values.
    QPDFObjectHandle allocate();
    /// Defines (or redefines) the object `ref` (an indirect handle) as the direct value.
    void put(QPDFObjectHandle ref, QPDFObjectHandle value);
    /// Defines an object by its syntax (everything between "N G obj" and "endobj").
    void putRaw(QPDFObjectHandle ref, std::string body);
    /// Defines a stream object: dict (its /Length is set here) and the raw stream bytes.
    void putStream(QPDFObjectHandle ref, QPDFObjectHandle dict, std::string_view data);

    /// A direct copy of the dictionary or array `ref` as already put in this update, or as the
    /// file has it. Throws DamagedPdf for a stream.
    QPDFObjectHandle current(QPDFObjectHandle ref) const;

    /// The whole file: the original bytes and the update.
    std::string finish();
    /// After finish(): where the body of ref (just after "N G obj\n") starts in the file.
    std::size_t bodyOffset(QPDFObjectHandle ref) const;

private:
    const PdfDocument& document_;
    XrefForm form_ = XrefForm::Table;
    std::size_t previousXref_ = 0;
    int nextNumber_ = 1;
    std::map<QPDFObjGen, std::string> bodies_;
    std::map<QPDFObjGen, QPDFObjectHandle> values_; ///< what put() was given, for current()
    std::map<QPDFObjGen, std::size_t> offsets_;
};

/// Copies the objects reachable from the roots in another document (e.g. appearances drawn in a
/// scratch document, sharing a font) into the update with fresh numbers, each object once;
/// returns the new references of the roots, in order. At most 10000 objects.
std::vector<QPDFObjectHandle> importObjects(IncrementalUpdate& update,
                                            const std::vector<QPDFObjectHandle>& roots);

} // namespace vanthu::pdf
