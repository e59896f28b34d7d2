#pragma once
// A test helper: a small, strict reader of a PDF's raw bytes (tokens, objects, classic
// cross-reference tables, the chain of incremental revisions, with the byte offsets of every
// token) that the signing tests use, with RawPdfWriter, to build attacked and hand-made files
// byte by byte. vanthu itself reads PDFs only through pdf/ (libqpdf); this reader was its own
// until issue 12 and is no part of any library.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vanthu/signing/ParseError.hpp"

namespace vanthu::signing::raw {

struct Ref {
    int num = 0;
    int gen = 0;
    bool operator==(const Ref&) const = default;
    auto operator<=>(const Ref&) const = default;
};

struct Value;
using Array = std::vector<Value>;
using Dict = std::vector<std::pair<std::string, Value>>;

struct Value {
    enum class Kind { Null, Bool, Integer, Real, String, Name, Array, Dict, Ref };
    Kind kind = Kind::Null;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string text; ///< string bytes (decoded) or name (with #xx decoded)
    bool hexString = false;
    std::shared_ptr<Array> array;
    std::shared_ptr<Dict> dict;
    Ref ref;
    std::size_t begin = 0, end = 0; ///< where the value's bytes are in the file

    bool is(Kind k) const { return kind == k; }
    bool isName(std::string_view name) const { return kind == Kind::Name && text == name; }
    /// For a dictionary: the value of key, or nullptr.
    const Value* get(std::string_view key) const;
    /// Structural equality (ignores where the bytes were).
    bool sameAs(const Value& other) const;
    /// A short human description, e.g. "/Type /Page" dictionary or "5 0 R".
    std::string describe() const;
};

struct IndirectObject {
    Ref ref;
    Value value;
    bool hasStream = false;
    std::size_t offset = 0;                     ///< of "N G obj"
    std::size_t streamBegin = 0, streamEnd = 0; ///< raw stream data
    std::size_t end = 0;                        ///< after "endobj"
    bool sameAs(const IndirectObject& other, std::string_view bytes) const;
};

struct XrefEntry {
    std::size_t offset = 0;
    int gen = 0;
    bool inUse = false;
};

struct Revision {
    std::size_t xrefOffset = 0; ///< the startxref value of this revision
    std::size_t begin = 0;      ///< where this revision's bytes start (0 or end of previous)
    std::size_t end = 0;        ///< just after this revision's %%EOF and its end-of-line
    Value trailer;
    std::map<int, XrefEntry> entries; ///< the entries of this revision's xref section only
};

class RawPdf {
public:
    /// Parses the revision chain. The bytes must outlive this object. Throws ParseError.
    explicit RawPdf(std::string_view bytes);

    std::string_view bytes() const { return bytes_; }
    const std::vector<Revision>& revisions() const { return revisions_; }
    /// Offsets just after every "%%EOF" marker (with its end-of-line) in the file.
    const std::vector<std::size_t>& eofMarkers() const { return eofMarkers_; }

    /// The object as revision r sees it (its newest definition at or before r), or nothing when
    /// it is free or undefined there. Throws ParseError when the bytes at its offset are bad.
    std::optional<IndirectObject> object(int num, std::size_t revision) const;
    /// Which revision last defined (or freed) object num at or before revision r, if any.
    std::optional<std::size_t> definingRevision(int num, std::size_t revision) const;
    /// Follows references (up to a depth) in revision r; a dangling reference gives Null.
    Value resolve(const Value& value, std::size_t revision) const;
    /// The raw bytes of a stream object.
    std::string_view streamData(const IndirectObject& object) const;
    /// The revision whose end is exactly this offset, if any.
    std::optional<std::size_t> revisionEndingAt(std::size_t offset) const;

    /// Parses one value starting at pos (skipping white space and comments first).
    static Value parseValueAt(std::string_view bytes, std::size_t& pos);

private:
    Revision readXrefSection(std::size_t offset) const;
    IndirectObject readObjectAt(std::size_t offset, int num, int gen, std::size_t revision) const;

    std::string_view bytes_;
    std::vector<Revision> revisions_;
    std::vector<std::size_t> eofMarkers_;
};

/// A PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding) as UTF-8.
std::string textString(const std::string& bytes);

/// Writes a value back as PDF syntax (used by tests to build attacked files).
std::string serialize(const Value& value);

} // namespace vanthu::signing::raw
