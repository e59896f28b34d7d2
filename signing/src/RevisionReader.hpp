#pragma once
// The revisions of a signed PDF as the verifier's change analysis reads them: which objects each
// revision (re)defines, and every object as a given revision sees it, as raw::Value trees. Two
// implementations: the hand-written raw::RawPdf (classic cross-reference tables; values keep their
// byte offsets) and libqpdf through pdf/ (also cross-reference streams, object streams and hybrid
// files: each revision read as its own document, the bytes up to its %%EOF).
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "vanthu/pdf/PdfDocument.hpp"
#include "vanthu/pdf/Revisions.hpp"
#include "vanthu/signing/RawPdf.hpp"

namespace vanthu::signing {

class RevisionReader {
public:
    virtual ~RevisionReader() = default;
    virtual std::size_t count() const = 0;
    /// The objects revision j's cross-reference data (re)defines or frees.
    virtual const std::map<int, raw::XrefEntry>& entries(std::size_t j) const = 0;
    /// Revision j's trailer (or cross-reference stream dictionary).
    virtual const raw::Value& trailer(std::size_t j) const = 0;
    /// Object num as revision j sees it, or nothing when it is free or undefined there.
    virtual std::optional<raw::IndirectObject> object(int num, std::size_t j) const = 0;
    /// Follows references (up to a depth) in revision j; a dangling reference gives Null.
    virtual raw::Value resolve(const raw::Value& value, std::size_t j) const = 0;
    /// Whether object num is the same (value and stream bytes) in revisions before and after.
    virtual bool same(int num, std::size_t before, std::size_t after, const raw::IndirectObject& a,
                      const raw::IndirectObject& b) const = 0;
};

/// Over raw::RawPdf (which must outlive the reader).
std::unique_ptr<RevisionReader> rawRevisionReader(const raw::RawPdf& file);

/// Over libqpdf: one document per revision mark. Throws pdf::DamagedPdf when a revision's
/// cross-reference data had to be repaired (its objects would not be the ones written).
std::unique_ptr<RevisionReader> qpdfRevisionReader(std::string_view bytes,
                                                   const std::vector<pdf::RevisionMark>& marks);

} // namespace vanthu::signing
