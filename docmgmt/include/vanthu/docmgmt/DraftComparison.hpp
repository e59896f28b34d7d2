#pragma once
// What changed between two kept versions of a draft (issue 14 item 4): the fields the author
// entered, each with its text before and after, and the body compared word by word.
#include <string>
#include <vector>

#include "vanthu/docmgmt/OutgoingDocument.hpp"

namespace vanthu::docmgmt {

/// One field that differs between two versions; lists are one item a line.
struct FieldChange {
    std::string field; ///< the DraftInput field: "subject", "recipients", ...
    std::string label; ///< its Vietnamese name: "Trích yếu", "Kính gửi", ...
    std::string before, after;
};

/// A run of the body: in both versions, only in the later one, or only in the earlier one.
struct WordChange {
    enum class Kind { Same, Added, Removed };
    Kind kind = Kind::Same;
    std::string text; ///< words with the spaces and line breaks between them, as written
};

std::string toString(WordChange::Kind kind); ///< "same", "added", "removed"

struct VersionComparison {
    int from = 0, to = 0;
    std::vector<FieldChange> fields; ///< in the order of the draft form
    std::vector<WordChange> body;    ///< rebuilds the earlier body (same + removed) and the later
                                     ///< one (same + added)
    bool bodyChanged() const;
};

/// The runs that turn `before` into `after`, word by word (a word: a run of non-space
/// characters; the spaces between words travel with them). The common beginning and end are
/// found first; a middle too long to compare word by word (more than maxCells pairs of words)
/// is given as removed and added whole.
std::vector<WordChange> compareWords(const std::string& before, const std::string& after,
                                     std::size_t maxCells = 4'000'000);

/// The fields other than the body that differ between two drafts; the signer is compared by the
/// names given (signerBefore, signerAfter).
std::vector<FieldChange> compareFields(const DraftInput& before, const DraftInput& after,
                                       const std::string& signerBefore,
                                       const std::string& signerAfter);

} // namespace vanthu::docmgmt
