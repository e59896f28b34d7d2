#pragma once
// The verifier's change analysis, rejecting by default (ISO 32000-2 12.8.2.2, the way pyHanko's
// difference analysis, EU DSS and Acrobat judge incremental updates). Each revision after a
// signature is compared with the one before it through the object graph, both read by libqpdf
// as documents of their own (pdf/): from the trailer's /Root, every object reached in either is
// compared by number and by value (dictionaries key by key, references by object number,
// streams by their decoded data). Only what the signature's permissions allow passes: filling in
// unlocked form fields (vanthu: the number and date fields), signing an empty signature field,
// new signature fields (invisible ones only after a certification), /DSS and /VRI, document
// time-stamps, and at P=3 annotations that cover no page content. Everything else is a change
// that is not allowed, named with its object and where the page tree reaches it.
#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/pdf/Revisions.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

namespace vanthu::signing {

/// Which form fields a signature locks (FieldMDP 12.7.4.5, the field's /Lock 12.7.5.5, DocMDP).
struct FieldLocks {
    bool all = false;              ///< every field (FieldMDP /All, P=1)
    std::set<std::string> include; ///< FieldMDP /Include
    bool excludeMode = false;      ///< FieldMDP /Exclude: all but these
    std::set<std::string> exclude;

    bool locks(const std::string& field) const {
        return all || include.count(field) || (excludeMode && !exclude.count(field));
    }
};

/// What a signature permits in the revisions after it.
struct ChangePolicy {
    /// The DocMDP permission (/P of a DocMDP transform, or of the field's /Lock or a FieldMDP
    /// transform, PDF 2.0): 1 nothing but /DSS and document time-stamps, 2 also form filling and
    /// signing, 3 also annotations. Nothing: an approval signature (treated as 2, except that
    /// new visible signature fields are allowed).
    std::optional<int> permission;
    FieldLocks locks;
    /// Every field is locked (FieldMDP /All, or P=1): no signature may follow except document
    /// time-stamps.
    bool locksDocument = false;
};

/// The revisions of one file, read once, analysed for every signature.
class ChangeAnalysis {
public:
    /// bytes must outlive the analysis; marks as pdf::findRevisionMarks gives them; whole: the
    /// whole file already read (the last revision), shared rather than read again.
    ChangeAnalysis(std::string_view bytes, std::vector<pdf::RevisionMark> marks,
                   std::optional<pdf::PdfDocument> whole = std::nullopt);
    ~ChangeAnalysis();
    ChangeAnalysis(const ChangeAnalysis&) = delete;
    ChangeAnalysis& operator=(const ChangeAnalysis&) = delete;

    /// Every change the revisions after signedRevision (0-based) make, each allowed or not.
    /// Throws pdf::PdfError (or a qpdf error) when a revision cannot be read or analysed: the
    /// caller must then fail the check, never report "nothing changed".
    std::vector<DocumentChange> after(std::size_t signedRevision, const ChangePolicy& policy);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace vanthu::signing
