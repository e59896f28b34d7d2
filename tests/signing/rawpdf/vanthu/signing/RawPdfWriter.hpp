#pragma once
// A test helper (see RawPdf.hpp). Writing an incremental update by hand: new and changed objects
// appended after the last revision, a cross-reference section for exactly those objects, a trailer
// with /Prev, startxref and %%EOF. The earlier bytes are never touched. Values read by RawPdf keep
// their exact bytes when written back (numbers, strings and names are copied, not re-formatted), so
// a changed dictionary differs from its previous definition only in the keys that were really
// changed.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/signing/RawPdf.hpp"

namespace vanthu::signing::raw {

// ---- building values ------------------------------------------------------------------------

Value makeName(std::string name);
Value makeInteger(std::int64_t number);
Value makeReal(double number);
Value makeRef(Ref ref);
Value makeBool(bool value);
/// A byte string (written as a hex string).
Value makeBytes(std::string bytes);
/// A PDF text string from UTF-8: plain when it is printable ASCII, UTF-16BE with BOM otherwise.
Value makeText(const std::string& utf8);
Value makeArray(std::vector<Value> items = {});
Value makeDict();

/// Sets (replacing or appending) key in a dictionary value. Copies the dictionary first so a
/// value shared with another Value is not changed behind its back.
void setKey(Value& dict, const std::string& key, Value value);
void removeKey(Value& dict, const std::string& key);
/// Appends to an array value (copying it first).
void append(Value& array, Value item);

/// PDF syntax of a value. Leaves read from `source` are copied byte for byte; references are
/// mapped through mapRef when it is given.
std::string writeValue(const Value& value, std::string_view source,
                       const std::function<Ref(Ref)>& mapRef = {});

// ---- the update -----------------------------------------------------------------------------

class IncrementalWriter {
public:
    /// Appends to file's bytes (which must outlive the writer).
    explicit IncrementalWriter(const RawPdf& file);

    const RawPdf& file() const { return file_; }
    /// A fresh object number (generation 0).
    Ref allocate();
    /// Defines (or redefines) an object as value; leaves from the file keep their bytes.
    void put(Ref ref, const Value& value);
    /// Defines an object by its syntax (everything between "N G obj" and "endobj").
    void putRaw(Ref ref, std::string body);
    /// Defines a stream object: dict (its /Length is set here) and the raw stream bytes.
    void putStream(Ref ref, Value dict, std::string_view data);
    bool defines(int num) const { return bodies_.count(num) != 0; }

    /// The value of object ref as the last revision sees it, or as already put in this update.
    Value current(Ref ref) const;

    /// The whole file: the original bytes and the update.
    std::string finish();
    /// After finish(): where an object's body (just after "N G obj\n") starts in the file.
    std::size_t bodyOffset(int num) const { return offsets_.at(num); }

private:
    const RawPdf& file_;
    int nextNumber_ = 1;
    std::map<int, std::pair<int, std::string>> bodies_; ///< num -> (gen, body)
    std::map<int, Value> values_;                       ///< what put() was given, for current()
    std::map<int, std::size_t> offsets_;
};

/// The trailer key of the newest revision that has it (incremental trailers repeat /Root and
/// /Info, but not every writer does), or nullptr.
const Value* trailerKey(const RawPdf& file, std::string_view key);

/// Copies the objects reachable from `from` in another PDF (e.g. an appearance built by PoDoFo
/// in a scratch document) into the update with fresh numbers; returns the new number of `from`.
Ref importObjects(IncrementalWriter& writer, const RawPdf& source, Ref from);

} // namespace vanthu::signing::raw
