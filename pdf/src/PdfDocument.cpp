#include "vanthu/pdf/PdfDocument.hpp"

#include <cstdio>

#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFXRefEntry.hh>
#include <qpdf/QUtil.hh>

namespace vanthu::pdf {

PdfDocument PdfDocument::open(std::string_view bytes, const PdfLimits& limits,
                              const std::string& description) {
    if (bytes.size() > limits.maxBytes) {
        throw PdfTooLarge("the file is larger than " +
                          std::to_string(limits.maxBytes / (1024 * 1024)) + " MB");
    }
    PdfDocument document;
    document.bytes_ = std::make_shared<const std::string>(bytes);
    document.qpdf_ = std::make_shared<QPDF>();
    QPDF& q = *document.qpdf_;
    q.setSuppressWarnings(true);
    try {
        q.processMemoryFile(description.c_str(), document.bytes_->data(), document.bytes_->size());
    } catch (const QPDFExc& e) {
        if (e.getErrorCode() == qpdf_e_password) {
            throw EncryptedPdf();
        }
        throw DamagedPdf(std::string("qpdf cannot read the file: ") + e.getMessageDetail());
    } catch (const std::exception& e) {
        throw DamagedPdf(std::string("qpdf cannot read the file: ") + e.what());
    }
    if (q.isEncrypted()) {
        throw EncryptedPdf();
    }
    // Every object is read once now, so that a damaged cross-reference table is found and
    // repaired (and the repair reported) before anyone relies on its offsets.
    try {
        for (const auto& [og, entry] : q.getXRefTable()) {
            (void)q.getObjectByObjGen(og).isNull();
        }
    } catch (const std::exception& e) {
        throw DamagedPdf(std::string("qpdf cannot read the file: ") + e.what());
    }
    for (const auto& w : q.getWarnings()) {
        document.warnings_.push_back(w.getMessageDetail());
    }
    return document;
}

namespace {

/// qpdf's "reported number of objects (N) is not one plus the highest object number (M)" with
/// N > M + 1: the trailer counts numbers no section defines, which hides or moves nothing.
bool sizeOnlyTooLarge(const std::string& warning) {
    long long size = 0, highest = 0;
    const auto at = warning.find("reported number of objects (");
    return at != std::string::npos &&
           std::sscanf(warning.c_str() + at,
                       "reported number of objects (%lld) is not one plus the highest object "
                       "number (%lld)",
                       &size, &highest) == 2 &&
           size > highest + 1;
}

} // namespace

std::vector<std::string> PdfDocument::repairs() const {
    std::vector<std::string> out;
    for (const auto& warning : warnings_) {
        if (!sizeOnlyTooLarge(warning)) {
            out.push_back(warning);
        }
    }
    return out;
}

bool PdfDocument::xrefReconstructed() const {
    // qpdf says so only in a warning ("Attempting to reconstruct cross-reference table").
    for (const auto& warning : warnings_) {
        if (warning.find("reconstruct cross-reference table") != std::string::npos) {
            return true;
        }
    }
    return false;
}

QPDFObjectHandle PdfDocument::trailer() const {
    return qpdf_->getTrailer();
}

QPDFObjectHandle PdfDocument::catalog() const {
    QPDFObjectHandle root = qpdf_->getTrailer().getKey("/Root");
    if (!root.isDictionary()) {
        throw DamagedPdf("the trailer has no /Root catalog dictionary");
    }
    return root;
}

std::optional<XrefLocation> PdfDocument::locate(int num) const {
    const auto table = qpdf_->getXRefTable();
    std::optional<XrefLocation> found;
    int gen = -1;
    for (const auto& [og, entry] : table) {
        if (og.getObj() != num || og.getGen() <= gen) {
            continue;
        }
        gen = og.getGen();
        XrefLocation l;
        switch (entry.getType()) {
        case 1:
            l.kind = XrefLocation::Kind::Offset;
            l.offset = entry.getOffset();
            break;
        case 2:
            l.kind = XrefLocation::Kind::InObjectStream;
            l.objectStream = entry.getObjStreamNumber();
            l.index = entry.getObjStreamIndex();
            break;
        default:
            l.kind = XrefLocation::Kind::Free;
        }
        found = l;
    }
    return found;
}

std::string textString(QPDFObjectHandle string) {
    if (!string.isString()) {
        return {};
    }
    return string.getUTF8Value();
}

} // namespace vanthu::pdf
