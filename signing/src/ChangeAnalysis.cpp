#include "ChangeAnalysis.hpp"

#include <qpdf/QPDFXRefEntry.hh>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>

#include "vanthu/pdf/PageContentBox.hpp"
#include "vanthu/pdf/PdfDocument.hpp"

namespace vanthu::signing {

namespace {

constexpr std::size_t kMaxObjects = 200000; ///< objects reachable in one revision
constexpr int kMaxDepth = 64;               ///< nesting of direct objects
constexpr int kMaxFieldDepth = 16;          ///< /Parent levels of a form field

std::string refName(QPDFObjGen og) {
    return std::to_string(og.getObj()) + " " + std::to_string(og.getGen()) + " R";
}

/// A short text of a value for a message.
std::string shortText(QPDFObjectHandle value) {
    std::string text = value.isIndirect() ? refName(value.getObjGen())
                       : value.isStream() ? "a stream"
                                          : value.unparse();
    if (text.size() > 60) {
        text = text.substr(0, 57) + "...";
    }
    return text;
}

std::string nameOf(QPDFObjectHandle dict, const char* key) {
    if (!dict.isDictionary() && !dict.isStream()) {
        return {};
    }
    QPDFObjectHandle value = dict.isStream() ? dict.getDict().getKey(key) : dict.getKey(key);
    return value.isName() ? value.getName().substr(1) : std::string{};
}

/// The keys of a dictionary (or a stream's dictionary) whose value is not null.
std::set<std::string> keysOf(QPDFObjectHandle object) {
    std::set<std::string> keys;
    QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
    if (dict.isDictionary()) {
        for (auto& [key, value] : dict.ditems()) {
            if (!value.isNull()) {
                keys.insert(key);
            }
        }
    }
    return keys;
}

QPDFObjectHandle keyOf(QPDFObjectHandle object, const std::string& key) {
    QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
    return dict.isDictionary() ? dict.getKey(key) : QPDFObjectHandle::newNull();
}

bool sameValue(QPDFObjectHandle a, QPDFObjectHandle b, bool top, int depth);

/// Dictionaries key by key (a null value is the same as no key); except: keys not compared.
bool sameDict(QPDFObjectHandle a, QPDFObjectHandle b, int depth,
              const std::set<std::string>& except = {}) {
    std::set<std::string> keys = keysOf(a);
    const std::set<std::string> other = keysOf(b);
    keys.insert(other.begin(), other.end());
    for (const auto& key : keys) {
        if (!except.count(key) && !sameValue(a.getKey(key), b.getKey(key), false, depth + 1)) {
            return false;
        }
    }
    return true;
}

std::string streamData(QPDFObjectHandle stream, bool decoded) {
    const auto buffer =
        decoded ? stream.getStreamData(qpdf_dl_generalized) : stream.getRawStreamData();
    return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
}

/// Streams by their decoded data (the raw bytes when neither is encoded differently).
bool sameStream(QPDFObjectHandle a, QPDFObjectHandle b, int depth) {
    static const std::set<std::string> encoding{"/Length", "/Filter", "/DecodeParms", "/DL"};
    if (!sameDict(a.getDict(), b.getDict(), depth, encoding)) {
        return false;
    }
    if (sameDict(a.getDict(), b.getDict(), depth, {"/Length"}) &&
        streamData(a, false) == streamData(b, false)) {
        return true;
    }
    try {
        return streamData(a, true) == streamData(b, true);
    } catch (const std::exception&) {
        return false; // data that cannot be decoded is not known to be the same
    }
}

/// Whether two objects of two revisions are the same: below the top, indirect objects are the
/// same only when they are the same object number and generation.
bool sameValue(QPDFObjectHandle a, QPDFObjectHandle b, bool top, int depth) {
    if (depth > kMaxDepth) {
        throw pdf::DamagedPdf("an object nests deeper than " + std::to_string(kMaxDepth) +
                              " levels");
    }
    if (!top && (a.isIndirect() || b.isIndirect())) {
        return a.isIndirect() && b.isIndirect() && a.getObjGen() == b.getObjGen();
    }
    if (a.isNumber() && b.isNumber()) {
        if (a.isInteger() && b.isInteger()) {
            return a.getIntValue() == b.getIntValue();
        }
        return a.getNumericValue() == b.getNumericValue();
    }
    if (a.getTypeCode() != b.getTypeCode()) {
        return false;
    }
    if (a.isBool()) {
        return a.getBoolValue() == b.getBoolValue();
    }
    if (a.isName()) {
        return a.getName() == b.getName();
    }
    if (a.isString()) {
        return a.getStringValue() == b.getStringValue();
    }
    if (a.isArray()) {
        if (a.getArrayNItems() != b.getArrayNItems()) {
            return false;
        }
        for (int i = 0; i < a.getArrayNItems(); ++i) {
            if (!sameValue(a.getArrayItem(i), b.getArrayItem(i), false, depth + 1)) {
                return false;
            }
        }
        return true;
    }
    if (a.isDictionary()) {
        return sameDict(a, b, depth);
    }
    if (a.isStream()) {
        return sameStream(a, b, depth);
    }
    return a.isNull() || a.unparse() == b.unparse();
}

/// One revision read for the analysis: its objects, what is reachable from its catalog and by
/// which path, its pages, form and annotation arrays.
struct Revision {
    pdf::PdfDocument document;
    std::map<QPDFObjGen, QPDFXRefEntry> inUse;
    QPDFObjGen root;
    std::map<QPDFObjGen, std::string> labels; ///< reachable objects: the first path to each
    std::vector<QPDFObjGen> order;            ///< reachable objects, breadth first
    std::set<QPDFObjGen> outsideDss;          ///< reachable without passing the catalog's /DSS
    std::map<QPDFObjGen, int> pages;          ///< page object -> 1-based page number
    std::map<QPDFObjGen, int> annotsArrays;   ///< an indirect /Annots array -> its page
    std::optional<QPDFObjGen> acroForm;       ///< the catalog's /AcroForm when indirect
    std::optional<QPDFObjGen> fieldsArray;    ///< its /Fields when indirect

    explicit Revision(pdf::PdfDocument d) : document(std::move(d)) {
        for (const auto& [og, entry] : document.qpdf().getXRefTable()) {
            if (entry.getType() != 0) {
                inUse.emplace(og, entry);
            }
        }
        QPDFObjectHandle catalog = document.catalog();
        if (!catalog.isIndirect()) {
            throw pdf::DamagedPdf("the catalog is not an indirect object");
        }
        root = catalog.getObjGen();
        findPages(catalog.getKey("/Pages"));
        walk(false);
        if (catalog.hasKey("/DSS")) {
            walk(true);
        } else {
            for (const auto& [og, label] : labels) {
                outsideDss.insert(og);
            }
        }
        QPDFObjectHandle form = catalog.getKey("/AcroForm");
        if (form.isIndirect()) {
            acroForm = form.getObjGen();
        }
        QPDFObjectHandle fields = form.isDictionary() ? form.getKey("/Fields") : form;
        if (fields.isIndirect() && fields.isArray()) {
            fieldsArray = fields.getObjGen();
        }
        for (const auto& [og, number] : pages) {
            QPDFObjectHandle annots = get(og).getKey("/Annots");
            if (annots.isIndirect()) {
                annotsArrays[annots.getObjGen()] = number;
            }
        }
    }

    bool exists(QPDFObjGen og) const { return inUse.count(og) > 0; }
    QPDFObjectHandle get(QPDFObjGen og) const { return document.qpdf().getObjectByObjGen(og); }
    std::string label(QPDFObjGen og) const {
        const auto at = labels.find(og);
        return at == labels.end() ? std::string("unreachable") : at->second;
    }

    /// Whether two revisions' cross-reference data put og at the same byte offset.
    bool sameLocation(const Revision& other, QPDFObjGen og) const {
        const auto a = inUse.find(og);
        const auto b = other.inUse.find(og);
        return a != inUse.end() && b != other.inUse.end() && a->second.getType() == 1 &&
               b->second.getType() == 1 && a->second.getOffset() == b->second.getOffset();
    }

private:
    void findPages(QPDFObjectHandle node) {
        std::set<QPDFObjGen> seen;
        std::function<void(QPDFObjectHandle, int)> visit = [&](QPDFObjectHandle n, int depth) {
            if (!n.isIndirect() || !n.isDictionary() || depth > kMaxDepth ||
                !seen.insert(n.getObjGen()).second || seen.size() > kMaxObjects) {
                return;
            }
            QPDFObjectHandle kids = n.getKey("/Kids");
            if (nameOf(n, "/Type") == "Pages" || (kids.isArray() && nameOf(n, "/Type") != "Page")) {
                for (int i = 0; kids.isArray() && i < kids.getArrayNItems(); ++i) {
                    visit(kids.getArrayItem(i), depth + 1);
                }
            } else {
                const int number = static_cast<int>(pages.size()) + 1;
                pages.emplace(n.getObjGen(), number);
            }
        };
        visit(node, 0);
    }

    /// Breadth first from the catalog; skipDss: fill outsideDss, not passing the catalog /DSS.
    void walk(bool skipDss) {
        std::deque<QPDFObjGen> queue;
        std::set<QPDFObjGen> seen{root};
        std::map<QPDFObjGen, std::string> found{{root, "catalog"}};
        queue.push_back(root);
        if (!skipDss) {
            order.push_back(root);
        }
        // The keys from the object being read down to the value visited; a label is made only
        // for an object reached for the first time.
        std::vector<const std::string*> keys;
        const std::string* base = nullptr;
        auto label = [&]() {
            std::string text = *base;
            for (const std::string* key : keys) {
                text += " " + *key;
            }
            return text.size() > 100 ? text.substr(0, 97) + "..." : text;
        };
        std::function<void(QPDFObjectHandle, int)> visit;
        auto children = [&](QPDFObjectHandle value, int depth, bool catalog) {
            if (value.isArray()) {
                for (auto& item : value.aitems()) {
                    visit(item, depth + 1);
                }
            } else if (value.isDictionary()) {
                for (auto& [key, item] : value.ditems()) {
                    // /Parent and /P lead up the tree: what they reach is found from above.
                    if (key != "/Parent" && key != "/P" && !(catalog && skipDss && key == "/DSS")) {
                        keys.push_back(&key);
                        visit(item, depth + 1);
                        keys.pop_back();
                    }
                }
            }
        };
        visit = [&](QPDFObjectHandle value, int depth) {
            if (depth > kMaxDepth) {
                throw pdf::DamagedPdf("an object nests deeper than " + std::to_string(kMaxDepth) +
                                      " levels");
            }
            if (!value.isIndirect()) {
                return children(value, depth, false);
            }
            const QPDFObjGen og = value.getObjGen();
            if (!exists(og) || !seen.insert(og).second) {
                return;
            }
            if (seen.size() > kMaxObjects) {
                throw pdf::DamagedPdf("a revision reaches more than " +
                                      std::to_string(kMaxObjects) + " objects");
            }
            const auto page = pages.find(og);
            std::string name =
                page != pages.end() ? "page " + std::to_string(page->second) : label();
            if (!skipDss) {
                labels.emplace(og, name);
                order.push_back(og);
            }
            found.emplace(og, std::move(name));
            queue.push_back(og);
        };
        while (!queue.empty()) {
            const QPDFObjGen og = queue.front();
            queue.pop_front();
            QPDFObjectHandle object = get(og);
            const std::string path = found[og];
            base = &path;
            children(object.isStream() ? object.getDict() : object, 0, og == root);
        }
        if (skipDss) {
            outsideDss = std::move(seen);
        }
    }
};

/// Why a new object is there: which allowed change brought it in.
enum class Claim { Signature, Appearance, Validation, Field, Annotation };

/// The comparison of one revision (after) with the one before it, for one signature's policy.
class RevisionDiff {
public:
    /// signedRevision: the one the signature covers (a field that it did not have is new to
    /// the signature even when an earlier later revision added it).
    RevisionDiff(const Revision& signedRevision, const Revision& before, const Revision& after,
                 const ChangePolicy& policy, int number, std::vector<DocumentChange>& out)
        : signed_(signedRevision), a_(before), b_(after), policy_(policy), number_(number),
          out_(out) {}

    void run() {
        if (!(a_.root == b_.root)) {
            out_.push_back(DocumentChange{number_, "trailer",
                                          "the document catalog (/Root) was replaced", false});
            return;
        }
        for (const QPDFObjGen og : a_.order) {
            if (!b_.exists(og)) {
                change(og, "object deleted (" + a_.label(og) + ")", false);
            }
        }
        for (const QPDFObjGen og : b_.order) {
            if (!a_.exists(og) || b_.sameLocation(a_, og) ||
                sameValue(a_.get(og), b_.get(og), true, 0)) {
                continue;
            }
            classify(og);
        }
        for (const QPDFObjGen og : b_.order) {
            if (!a_.exists(og) && !claimed_.count(og)) {
                change(og,
                       "a new object (" + b_.label(og) +
                           ") that no allowed change accounts for: " + describe(b_.get(og)),
                       false);
            }
        }
        if (drChange_ && !fillIn_) {
            out_[*drChange_].allowed = false;
            out_[*drChange_].description = "form resources (/DR) changed without a form fill-in";
        }
    }

private:
    void change(QPDFObjGen og, const std::string& what, bool allowed) {
        out_.push_back(DocumentChange{number_, refName(og), what, allowed});
    }

    int permission() const { return policy_.permission.value_or(2); }
    bool certified() const { return policy_.permission.has_value(); }

    static std::string describe(QPDFObjectHandle object) {
        std::string text = object.isStream() ? "stream" : "object";
        const std::string type = nameOf(object, "/Type");
        const std::string subtype = nameOf(object, "/Subtype");
        if (!type.empty()) {
            text += " /Type /" + type;
        }
        if (!subtype.empty()) {
            text += " /Subtype /" + subtype;
        }
        return text;
    }

    /// The keys whose values differ (references by number).
    static std::vector<std::string> changedKeys(QPDFObjectHandle a, QPDFObjectHandle b) {
        std::set<std::string> keys = keysOf(a);
        const std::set<std::string> other = keysOf(b);
        keys.insert(other.begin(), other.end());
        std::vector<std::string> changed;
        for (const auto& key : keys) {
            if (!sameValue(keyOf(a, key), keyOf(b, key), false, 1)) {
                changed.push_back(key);
            }
        }
        return changed;
    }

    static std::string was(QPDFObjectHandle a, QPDFObjectHandle b) {
        return "was " + (a.isNull() ? std::string("absent") : shortText(a)) + ", now " +
               (b.isNull() ? std::string("absent") : shortText(b));
    }

    // ---- what each changed object is --------------------------------------------------------

    void classify(QPDFObjGen og) {
        QPDFObjectHandle a = a_.get(og);
        QPDFObjectHandle b = b_.get(og);
        if (og == b_.root) {
            return catalog(og, a, b);
        }
        if (b_.acroForm && og == *b_.acroForm) {
            return acroForm(og, a, b);
        }
        if (b_.fieldsArray && og == *b_.fieldsArray) {
            return fieldsGrowth(og, a, b);
        }
        if (const auto at = b_.annotsArrays.find(og); at != b_.annotsArrays.end()) {
            return annotsGrowth(og, a, b, at->second);
        }
        if (const auto at = b_.pages.find(og); at != b_.pages.end()) {
            return page(og, a, b, at->second);
        }
        if (a.isDictionary() && b.isDictionary() && isField(a)) {
            return field(og, a, b);
        }
        const std::string label = b_.label(og);
        if (label.rfind("catalog /DSS", 0) == 0 && !b_.outsideDss.count(og) && !a.isStream() &&
            !b.isStream()) {
            claimChildren(b, Claim::Validation);
            return change(og, "validation data (/DSS /VRI) updated", true);
        }
        if (a.isStream() || b.isStream()) {
            return change(og,
                          "stream changed (" + label +
                              "): page content, image, font or other data the signer saw",
                          false);
        }
        std::string keys;
        for (const auto& key : changedKeys(a, b)) {
            keys +=
                (keys.empty() ? "" : ", ") + key + " (" + was(keyOf(a, key), keyOf(b, key)) + ")";
        }
        change(og,
               "object changed (" + label +
                   "): " + (keys.empty() ? describe(b) + " replaced by another value" : keys),
               false);
    }

    void catalog(QPDFObjGen og, QPDFObjectHandle a, QPDFObjectHandle b) {
        for (const auto& key : changedKeys(a, b)) {
            QPDFObjectHandle before = a.getKey(key);
            QPDFObjectHandle after = b.getKey(key);
            if (key == "/DSS") {
                claim(after, Claim::Validation);
                change(og, "document catalog: validation data (/DSS) added or updated", true);
            } else if (key == "/Extensions" && after.isDictionary()) {
                // Developer extensions (ISO 32000-2 7.12: pyHanko declares /ESIC with /DSS): a
                // declaration, nothing a page shows.
                claim(after, Claim::Validation);
                change(og, "document catalog: developer extensions (/Extensions) declared", true);
            } else if (key == "/AcroForm" && before.isNull() && after.isDictionary()) {
                if (after.isIndirect()) {
                    claimed_[after.getObjGen()] = Claim::Field;
                }
                acroForm(og, QPDFObjectHandle::newDictionary(), after);
            } else if (key == "/AcroForm" && !before.isIndirect() && !after.isIndirect() &&
                       before.isDictionary() && after.isDictionary()) {
                acroForm(og, before, after);
            } else {
                change(og, "document catalog: " + key + " changed (" + was(before, after) + ")",
                       false);
            }
        }
    }

    void acroForm(QPDFObjGen og, QPDFObjectHandle a, QPDFObjectHandle b) {
        for (const auto& key : changedKeys(a, b)) {
            QPDFObjectHandle before = a.getKey(key);
            QPDFObjectHandle after = b.getKey(key);
            if (key == "/Fields") {
                if (after.isIndirect() && !a_.exists(after.getObjGen())) {
                    claimed_[after.getObjGen()] = Claim::Field;
                }
                fieldsGrowth(og, before, after);
            } else if (key == "/SigFlags") {
                change(og, "form (/AcroForm): /SigFlags set for signatures", true);
            } else if (key == "/DR") {
                claim(after, Claim::Appearance);
                drChange_ = out_.size();
                change(og, "form resources (/DR) changed for the filled-in fields", true);
            } else if (key == "/NeedAppearances") {
                change(og,
                       "form (/AcroForm): /NeedAppearances set (" + was(before, after) +
                           "): a viewer would draw new field appearances over what was signed",
                       false);
            } else {
                change(og, "form (/AcroForm): " + key + " changed (" + was(before, after) + ")",
                       false);
            }
        }
    }

    /// Old entries must stay in place, in order.
    bool keepsOldEntries(QPDFObjGen og, QPDFObjectHandle a, QPDFObjectHandle b,
                         const std::string& what) {
        const int oldSize = a.isArray() ? a.getArrayNItems() : 0;
        if (!b.isArray() || b.getArrayNItems() < oldSize) {
            change(og, what + ": entries were removed", false);
            return false;
        }
        for (int i = 0; i < oldSize; ++i) {
            if (!sameValue(a.getArrayItem(i), b.getArrayItem(i), false, 1)) {
                change(og,
                       what + ": entry " + std::to_string(i + 1) + " was replaced (" +
                           was(a.getArrayItem(i), b.getArrayItem(i)) + ")",
                       false);
                return false;
            }
        }
        return true;
    }

    void fieldsGrowth(QPDFObjGen og, QPDFObjectHandle a, QPDFObjectHandle b) {
        if (!keepsOldEntries(og, a, b, "form fields (/AcroForm /Fields)")) {
            return;
        }
        for (int i = a.isArray() ? a.getArrayNItems() : 0; i < b.getArrayNItems(); ++i) {
            QPDFObjectHandle item = b.getArrayItem(i);
            if (!item.isIndirect() || a_.exists(item.getObjGen())) {
                change(og,
                       "form fields (/AcroForm /Fields): an existing object was added (" +
                           shortText(item) + ")",
                       false);
                continue;
            }
            newField(item.getObjGen(), 0);
        }
    }

    void annotsGrowth(QPDFObjGen og, QPDFObjectHandle a, QPDFObjectHandle b, int pageNumber) {
        const std::string what = "page " + std::to_string(pageNumber) + " /Annots";
        if (!keepsOldEntries(og, a, b, what)) {
            return;
        }
        for (int i = a.isArray() ? a.getArrayNItems() : 0; i < b.getArrayNItems(); ++i) {
            QPDFObjectHandle item = b.getArrayItem(i);
            if (!item.isIndirect() || a_.exists(item.getObjGen())) {
                change(og, what + ": an existing object was added (" + shortText(item) + ")",
                       false);
                continue;
            }
            if (fieldType(b_.get(item.getObjGen())) == "Sig") {
                newField(item.getObjGen(), pageNumber);
            } else {
                newAnnotation(item.getObjGen(), pageNumber);
            }
        }
    }

    void page(QPDFObjGen og, QPDFObjectHandle a, QPDFObjectHandle b, int pageNumber) {
        for (const auto& key : changedKeys(a, b)) {
            QPDFObjectHandle before = a.getKey(key);
            QPDFObjectHandle after = b.getKey(key);
            if (key == "/Annots" && !(before.isIndirect() && after.isIndirect())) {
                if (after.isIndirect() && !a_.exists(after.getObjGen())) {
                    claimed_[after.getObjGen()] = Claim::Annotation;
                }
                annotsGrowth(og, before, after, pageNumber);
            } else {
                change(og,
                       "page: " + key + " changed (page " + std::to_string(pageNumber) + ": " +
                           was(before, after) + ")",
                       false);
            }
        }
    }

    // ---- form fields ------------------------------------------------------------------------

    static bool isField(QPDFObjectHandle dict) {
        return dict.hasKey("/FT") || dict.hasKey("/T") ||
               (nameOf(dict, "/Subtype") == "Widget" && dict.hasKey("/Parent"));
    }

    /// /FT, own or inherited.
    static std::string fieldType(QPDFObjectHandle dict) {
        QPDFObjectHandle node = dict;
        for (int depth = 0; node.isDictionary() && depth < kMaxFieldDepth; ++depth) {
            if (const std::string ft = nameOf(node, "/FT"); !ft.empty()) {
                return ft;
            }
            node = node.getKey("/Parent");
        }
        return {};
    }

    /// The full name: the partial names of the field and its parents joined by ".".
    static std::string fieldName(QPDFObjectHandle dict) {
        std::string name;
        QPDFObjectHandle node = dict;
        for (int depth = 0; node.isDictionary() && depth < kMaxFieldDepth; ++depth) {
            if (QPDFObjectHandle t = node.getKey("/T"); t.isString()) {
                const std::string part = pdf::textString(t);
                name = name.empty() ? part : part + "." + name;
            }
            node = node.getKey("/Parent");
        }
        return name;
    }

    static bool isDocTimeStamp(QPDFObjectHandle value) {
        return nameOf(value, "/Type") == "DocTimeStamp" ||
               nameOf(value, "/SubFilter") == "ETSI.RFC3161";
    }

    /// A widget that shows something: a /Rect of some area and not hidden (F bits 2 and 6).
    static bool visible(QPDFObjectHandle widget) {
        QPDFObjectHandle rect = widget.getKey("/Rect");
        QPDFObjectHandle flags = widget.getKey("/F");
        if (flags.isInteger() && (flags.getIntValue() & (2 | 32)) != 0) {
            return false;
        }
        if (!rect.isRectangle()) {
            return rect.isArray(); // a /Rect that is not four numbers: assume it shows
        }
        const auto r = rect.getArrayAsRectangle();
        return std::abs(r.urx - r.llx) > 0.01 && std::abs(r.ury - r.lly) > 0.01;
    }

    /// A new signature being added (a new field with /V, or /V given to an empty field) where
    /// this signature's permission forbids it; "" when it may.
    std::string signatureForbidden(QPDFObjectHandle value) const {
        if (value.isNull()) {
            return {};
        }
        if (!value.isDictionary() || (value.isIndirect() && a_.exists(value.getObjGen()))) {
            return "the field's new /V is not a new signature dictionary (" + shortText(value) +
                   ")";
        }
        if (isDocTimeStamp(value)) {
            return {};
        }
        if (policy_.locksDocument) {
            return "a signature was added after the document was locked by this signature ("
                   "FieldMDP /All or P=1: only validation data and document time-stamps may "
                   "follow)";
        }
        return {};
    }

    void newField(QPDFObjGen og, int pageNumber) {
        if (claimed_.count(og)) {
            return;
        }
        claimed_[og] = Claim::Field;
        QPDFObjectHandle dict = b_.get(og);
        const std::string type = fieldType(dict);
        const std::string where = pageNumber ? " on page " + std::to_string(pageNumber) : "";
        if (!dict.isDictionary() || type != "Sig") {
            change(og,
                   (pageNumber ? "an annotation that is not a signature was added"
                               : "a form field that is not a signature field was added") +
                       where + " (" + describe(dict) + (type.empty() ? "" : " /FT /" + type) + ")",
                   false);
            return;
        }
        const std::string name = fieldName(dict);
        QPDFObjectHandle value = dict.getKey("/V");
        bool shows = visible(dict);
        if (QPDFObjectHandle kids = dict.getKey("/Kids"); kids.isArray()) {
            for (auto& kid : kids.aitems()) {
                if (kid.isIndirect() && !a_.exists(kid.getObjGen())) {
                    claimed_[kid.getObjGen()] = Claim::Field;
                    shows = shows || visible(kid);
                    claimChildren(kid, Claim::Appearance);
                }
            }
        }
        claim(value, Claim::Signature);
        claimChildren(dict, Claim::Appearance);
        if (const std::string why = signatureForbidden(value); !why.empty()) {
            return change(og, why + " (new field \"" + name + "\")", false);
        }
        if (shows && certified()) {
            return change(
                og,
                "a new visible signature field \"" + name + "\"" + where +
                    " after a certification signature (P=" + std::to_string(permission()) +
                    "): its appearance can cover the page content (Sneaky Signature)",
                false);
        }
        const std::string kind = value.isNull()          ? "an empty signature field"
                                 : isDocTimeStamp(value) ? "a document time-stamp"
                                                         : "a signature";
        change(og, kind + " in the new field \"" + name + "\"" + where + ": signature fields added",
               true);
    }

    void newAnnotation(QPDFObjGen og, int pageNumber) {
        if (claimed_.count(og)) {
            return;
        }
        claimed_[og] = Claim::Annotation;
        QPDFObjectHandle annot = b_.get(og);
        const std::string subtype = nameOf(annot, "/Subtype");
        QPDFObjectHandle rect = annot.isDictionary() ? annot.getKey("/Rect") : annot;
        const std::string what = "an annotation that is not a signature was added on page " +
                                 std::to_string(pageNumber) + " (/Subtype /" + subtype +
                                 ", /Rect " + shortText(rect) + ")";
        if (!annot.isDictionary() || subtype == "Widget") {
            return change(og, what + ": a form field after the signature", false);
        }
        claimChildren(annot, Claim::Annotation);
        if (permission() < 3) {
            return change(og,
                          what + ": it can cover or change what the page shows (P=" +
                              std::to_string(permission()) +
                              (certified() ? "" : ", no certification") +
                              " allows no annotations; Evil Annotation)",
                          false);
        }
        if (coversContent(pageNumber, annot)) {
            return change(og, what + ": it covers page content", false);
        }
        change(og, what + " outside the page content (P=3)", true);
    }

    /// Whether an annotation's rectangle meets the page's content (the signed revision's page
    /// content, as bounded by PageContentBox).
    bool coversContent(int pageNumber, QPDFObjectHandle annot) const;

    void field(QPDFObjGen og, QPDFObjectHandle a, QPDFObjectHandle b) {
        const std::string type = fieldType(b);
        const std::string name = fieldName(b);
        const bool isTerminal = a.hasKey("/T") || a.hasKey("/FT");
        if (type == "Sig") {
            if (!keyOf(a, "/V").isNull()) {
                return change(og, "a signed signature field was changed (\"" + name + "\")", false);
            }
            const std::set<std::string> allowed = isTerminal
                                                      ? std::set<std::string>{"/V", "/AP", "/F"}
                                                      : std::set<std::string>{"/AP", "/F"};
            for (const auto& key : changedKeys(a, b)) {
                if (!allowed.count(key)) {
                    return change(og,
                                  "signature field \"" + name + "\": " + key + " changed (" +
                                      was(a.getKey(key), b.getKey(key)) + ")",
                                  false);
                }
            }
            QPDFObjectHandle value = b.getKey("/V");
            claim(value, Claim::Signature);
            claim(b.getKey("/AP"), Claim::Appearance);
            if (const std::string why = signatureForbidden(value); !why.empty()) {
                return change(og, why + " (field \"" + name + "\")", false);
            }
            // A field added after the signature (hidden then) that now shows: Sneaky Signature in
            // two steps.
            if (certified() && !signed_.exists(og) && visible(b)) {
                return change(og,
                              "a signature field added after a certification signature (P=" +
                                  std::to_string(permission()) + ") was made visible (\"" + name +
                                  "\"): its appearance can cover the page content (Sneaky "
                                  "Signature)",
                              false);
            }
            return change(og, "an empty signature field was signed (\"" + name + "\")", true);
        }
        if (type == "Tx" || type == "Ch" || type == "Btn") {
            const std::set<std::string> allowed = isTerminal
                                                      ? std::set<std::string>{"/V", "/AP", "/DA"}
                                                      : std::set<std::string>{"/AP"};
            for (const auto& key : changedKeys(a, b)) {
                if (!allowed.count(key)) {
                    return change(og,
                                  "form field \"" + name + "\": " + key + " changed (" +
                                      was(a.getKey(key), b.getKey(key)) + ")",
                                  false);
                }
            }
            if (name != "DocumentNumber" && name != "IssuePlaceDate") {
                return change(og,
                              "the text field \"" + name +
                                  "\" was filled in: only DocumentNumber and IssuePlaceDate may "
                                  "be filled in after a signature",
                              false);
            }
            if (policy_.locks.locks(name) || permission() == 1) {
                return change(
                    og, "the field \"" + name + "\" was filled in although this signature locks it",
                    false);
            }
            claim(b.getKey("/AP"), Claim::Appearance);
            claim(b.getKey("/V"), Claim::Appearance);
            fillIn_ = true;
            return change(og,
                          "form fill-in of DocumentNumber/IssuePlaceDate (" + name +
                              ": value and appearance)",
                          true);
        }
        change(og, "form field \"" + name + "\" changed (/FT /" + type + ")", false);
    }

    // ---- new objects that allowed changes bring in ----------------------------------------------

    /// Marks the new objects reachable from value as brought in by an allowed change of this
    /// kind, and reports those that such a change never needs (a page, an annotation...).
    void claim(QPDFObjectHandle value, Claim kind) {
        std::vector<std::pair<QPDFObjectHandle, int>> work{{value, 0}};
        while (!work.empty()) {
            auto [v, depth] = work.back();
            work.pop_back();
            if (depth > kMaxDepth) {
                throw pdf::DamagedPdf("an object nests deeper than " + std::to_string(kMaxDepth) +
                                      " levels");
            }
            if (v.isIndirect()) {
                const QPDFObjGen og = v.getObjGen();
                if (a_.exists(og) || !b_.exists(og) || claimed_.count(og)) {
                    continue; // an existing object is compared on its own
                }
                claimed_[og] = kind;
                v = b_.get(og);
                const std::string type = nameOf(v, "/Type");
                const bool forbidden =
                    type == "Page" || type == "Pages" || type == "Catalog" ||
                    (type == "Annot" && kind != Claim::Annotation) ||
                    ((type == "Sig" || type == "DocTimeStamp") && kind != Claim::Signature);
                if (forbidden) {
                    change(og,
                           "a new /" + type + " (" + b_.label(og) +
                               ") brought in where an allowed change never needs one",
                           false);
                }
                if (kind == Claim::Validation && b_.outsideDss.count(og)) {
                    change(og,
                           "a new validation data object is also used outside /DSS (" +
                               b_.label(og) + ")",
                           false);
                }
                depth = 0;
            }
            if (v.isStream()) {
                work.emplace_back(v.getDict(), depth + 1);
            } else if (v.isArray()) {
                for (auto& item : v.aitems()) {
                    work.emplace_back(item, depth + 1);
                }
            } else if (v.isDictionary()) {
                for (auto& [key, item] : v.ditems()) {
                    if (key != "/Parent" && key != "/P") {
                        work.emplace_back(item, depth + 1);
                    }
                }
            }
        }
    }

    void claimChildren(QPDFObjectHandle object, Claim kind) {
        QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
        if (!dict.isDictionary()) {
            return;
        }
        for (auto& [key, item] : dict.ditems()) {
            if (key != "/Parent" && key != "/P" && key != "/V") {
                claim(item, kind);
            }
        }
    }

    const Revision& signed_;
    const Revision& a_;
    const Revision& b_;
    const ChangePolicy& policy_;
    int number_;
    std::vector<DocumentChange>& out_;
    std::map<QPDFObjGen, Claim> claimed_;
    bool fillIn_ = false;
    std::optional<std::size_t> drChange_; ///< index in out_ of a /DR change, settled at the end
};

bool RevisionDiff::coversContent(int pageNumber, QPDFObjectHandle annot) const {
    QPDFObjectHandle rect = annot.getKey("/Rect");
    if (!rect.isRectangle()) {
        return true;
    }
    for (const auto& [og, number] : a_.pages) {
        if (number == pageNumber) {
            return pdf::PageContentBox(a_.get(og)).meets(rect.getArrayAsRectangle());
        }
    }
    return true; // a page the signed revision did not have
}

} // namespace

struct ChangeAnalysis::Impl {
    std::string_view bytes;
    std::vector<pdf::RevisionMark> marks;
    std::vector<std::unique_ptr<Revision>> revisions; ///< read when first needed
    std::optional<pdf::PdfDocument> whole;            ///< the last revision, if already read

    const Revision& revision(std::size_t j) {
        if (!revisions[j]) {
            pdf::PdfDocument document =
                j + 1 == marks.size() && whole ? *whole : pdf::openRevision(bytes, marks[j]);
            // A damaged revision (qpdf rebuilt its cross-reference data) cannot be compared: its
            // objects might not be the ones written. A /Size one short is only noted.
            for (const auto& warning : document.warnings()) {
                if (warning.find("reported number of objects") == std::string::npos) {
                    throw pdf::DamagedPdf("the cross-reference data of revision " +
                                          std::to_string(j + 1) + " is damaged (" + warning + ")");
                }
            }
            revisions[j] = std::make_unique<Revision>(std::move(document));
        }
        return *revisions[j];
    }
};

ChangeAnalysis::ChangeAnalysis(std::string_view bytes, std::vector<pdf::RevisionMark> marks,
                               std::optional<pdf::PdfDocument> whole)
    : impl_(std::make_unique<Impl>()) {
    impl_->bytes = bytes;
    impl_->marks = std::move(marks);
    impl_->revisions.resize(impl_->marks.size());
    impl_->whole = std::move(whole);
}

ChangeAnalysis::~ChangeAnalysis() = default;

std::vector<DocumentChange> ChangeAnalysis::after(std::size_t signedRevision,
                                                  const ChangePolicy& policy) {
    std::vector<DocumentChange> changes;
    for (std::size_t j = signedRevision + 1; j < impl_->marks.size(); ++j) {
        RevisionDiff(impl_->revision(signedRevision), impl_->revision(j - 1), impl_->revision(j),
                     policy, static_cast<int>(j) + 1, changes)
            .run();
    }
    return changes;
}

} // namespace vanthu::signing
