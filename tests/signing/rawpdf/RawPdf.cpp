#include "vanthu/signing/RawPdf.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace vanthu::signing::raw {

namespace {

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxRevisions = 4096;
constexpr std::int64_t kMaxObjectNumber = 8'388'607; // the PDF limit

bool isWhite(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}
bool isDelimiter(char c) {
    return std::strchr("()<>[]{}/%", c) != nullptr && c != '\0';
}
bool isRegular(char c) {
    return !isWhite(c) && !isDelimiter(c);
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

class Lexer {
public:
    Lexer(std::string_view bytes, std::size_t pos) : s_(bytes), pos_(pos) {}

    std::size_t pos() const { return pos_; }
    void seek(std::size_t pos) { pos_ = pos; }
    bool atEnd() const { return pos_ >= s_.size(); }
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }

    void skipSpace() {
        while (pos_ < s_.size()) {
            if (isWhite(s_[pos_])) {
                ++pos_;
            } else if (s_[pos_] == '%') {
                while (pos_ < s_.size() && s_[pos_] != '\n' && s_[pos_] != '\r') {
                    ++pos_;
                }
            } else {
                break;
            }
        }
    }

    /// A run of regular characters (keyword or number), after skipping space.
    std::string_view word() {
        skipSpace();
        const std::size_t start = pos_;
        while (pos_ < s_.size() && isRegular(s_[pos_])) {
            ++pos_;
        }
        return s_.substr(start, pos_ - start);
    }

    void expectWord(std::string_view expected) {
        const std::size_t at = pos_;
        const std::string_view got = word();
        if (got != expected) {
            throw ParseError("expected \"" + std::string(expected) + "\" at byte " +
                             std::to_string(at));
        }
    }

    std::int64_t integer() {
        const std::size_t at = pos_;
        const std::string_view w = word();
        std::int64_t value = 0;
        if (!parseInteger(w, value)) {
            throw ParseError("expected an integer at byte " + std::to_string(at));
        }
        return value;
    }

    static bool parseInteger(std::string_view w, std::int64_t& value) {
        if (w.empty() || w.size() > 18) {
            return false;
        }
        std::size_t i = 0;
        bool negative = false;
        if (w[0] == '+' || w[0] == '-') {
            negative = w[0] == '-';
            i = 1;
        }
        if (i == w.size()) {
            return false;
        }
        value = 0;
        for (; i < w.size(); ++i) {
            if (!isDigit(w[i])) {
                return false;
            }
            value = value * 10 + (w[i] - '0');
        }
        if (negative) {
            value = -value;
        }
        return true;
    }

    Value value(int depth) {
        if (depth > kMaxDepth) {
            throw ParseError("objects nested too deeply at byte " + std::to_string(pos_));
        }
        skipSpace();
        if (atEnd()) {
            throw ParseError("unexpected end of file");
        }
        Value v;
        v.begin = pos_;
        const char c = s_[pos_];
        if (c == '/') {
            ++pos_;
            v.kind = Value::Kind::Name;
            while (pos_ < s_.size() && isRegular(s_[pos_])) {
                if (s_[pos_] == '#' && pos_ + 2 < s_.size() && hexValue(s_[pos_ + 1]) >= 0 &&
                    hexValue(s_[pos_ + 2]) >= 0) {
                    v.text +=
                        static_cast<char>(hexValue(s_[pos_ + 1]) * 16 + hexValue(s_[pos_ + 2]));
                    pos_ += 3;
                } else {
                    v.text += s_[pos_++];
                }
            }
        } else if (c == '(') {
            v.kind = Value::Kind::String;
            literalString(v.text);
        } else if (c == '<' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '<') {
            pos_ += 2;
            v.kind = Value::Kind::Dict;
            v.dict = std::make_shared<Dict>();
            for (;;) {
                skipSpace();
                if (atEnd()) {
                    throw ParseError("unterminated dictionary");
                }
                if (s_[pos_] == '>') {
                    if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '>') {
                        pos_ += 2;
                        break;
                    }
                    throw ParseError("bad dictionary end at byte " + std::to_string(pos_));
                }
                Value key = value(depth + 1);
                if (!key.is(Value::Kind::Name)) {
                    throw ParseError("dictionary key is not a name at byte " +
                                     std::to_string(key.begin));
                }
                Value item = value(depth + 1);
                for (const auto& [existing, ignored] : *v.dict) {
                    if (existing == key.text) {
                        throw ParseError("duplicate key /" + key.text + " at byte " +
                                         std::to_string(key.begin));
                    }
                }
                v.dict->emplace_back(key.text, std::move(item));
            }
        } else if (c == '<') {
            ++pos_;
            v.kind = Value::Kind::String;
            v.hexString = true;
            int high = -1;
            for (;;) {
                if (atEnd()) {
                    throw ParseError("unterminated hex string");
                }
                const char h = s_[pos_++];
                if (h == '>') {
                    break;
                }
                if (isWhite(h)) {
                    continue;
                }
                const int d = hexValue(h);
                if (d < 0) {
                    throw ParseError("bad character in hex string at byte " +
                                     std::to_string(pos_ - 1));
                }
                if (high < 0) {
                    high = d;
                } else {
                    v.text += static_cast<char>(high * 16 + d);
                    high = -1;
                }
            }
            if (high >= 0) {
                v.text += static_cast<char>(high * 16);
            }
        } else if (c == '[') {
            ++pos_;
            v.kind = Value::Kind::Array;
            v.array = std::make_shared<Array>();
            for (;;) {
                skipSpace();
                if (atEnd()) {
                    throw ParseError("unterminated array");
                }
                if (s_[pos_] == ']') {
                    ++pos_;
                    break;
                }
                v.array->push_back(value(depth + 1));
            }
        } else if (isRegular(c)) {
            const std::string_view w = word();
            if (w == "true" || w == "false") {
                v.kind = Value::Kind::Bool;
                v.boolean = w == "true";
            } else if (w == "null") {
                v.kind = Value::Kind::Null;
            } else if (std::int64_t n = 0; parseInteger(w, n)) {
                v.kind = Value::Kind::Integer;
                v.integer = n;
                // "N G R"?
                const std::size_t save = pos_;
                const std::string_view g = word();
                std::int64_t gen = 0;
                if (n >= 0 && n <= kMaxObjectNumber && parseInteger(g, gen) && gen >= 0 &&
                    gen <= 65535 && word() == "R") {
                    v.kind = Value::Kind::Ref;
                    v.ref = Ref{static_cast<int>(n), static_cast<int>(gen)};
                } else {
                    pos_ = save;
                }
            } else if (isReal(w)) {
                v.kind = Value::Kind::Real;
                v.real = std::strtod(std::string(w).c_str(), nullptr);
            } else {
                throw ParseError("unexpected \"" + std::string(w.substr(0, 20)) + "\" at byte " +
                                 std::to_string(v.begin));
            }
        } else {
            throw ParseError("unexpected character at byte " + std::to_string(pos_));
        }
        v.end = pos_;
        return v;
    }

private:
    static bool isReal(std::string_view w) {
        std::size_t i = 0, digits = 0, dots = 0;
        if (!w.empty() && (w[0] == '+' || w[0] == '-')) {
            i = 1;
        }
        for (; i < w.size(); ++i) {
            if (isDigit(w[i])) {
                ++digits;
            } else if (w[i] == '.') {
                ++dots;
            } else {
                return false;
            }
        }
        return digits > 0 && dots <= 1 && w.size() < 40;
    }

    void literalString(std::string& out) {
        ++pos_; // (
        int nesting = 1;
        while (pos_ < s_.size()) {
            const char c = s_[pos_++];
            if (c == '\\') {
                if (pos_ >= s_.size()) {
                    break;
                }
                const char e = s_[pos_++];
                switch (e) {
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case '\r':
                    if (pos_ < s_.size() && s_[pos_] == '\n') {
                        ++pos_;
                    }
                    break;
                case '\n':
                    break;
                default:
                    if (e >= '0' && e <= '7') {
                        int code = e - '0';
                        for (int k = 0;
                             k < 2 && pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '7'; ++k) {
                            code = code * 8 + (s_[pos_++] - '0');
                        }
                        out += static_cast<char>(code & 0xff);
                    } else {
                        out += e;
                    }
                }
            } else if (c == '(') {
                ++nesting;
                out += c;
            } else if (c == ')') {
                if (--nesting == 0) {
                    return;
                }
                out += c;
            } else {
                out += c;
            }
        }
        throw ParseError("unterminated string");
    }

    std::string_view s_;
    std::size_t pos_;
};

std::size_t skipEol(std::string_view bytes, std::size_t pos) {
    if (pos < bytes.size() && bytes[pos] == '\r') {
        ++pos;
        if (pos < bytes.size() && bytes[pos] == '\n') {
            ++pos;
        }
    } else if (pos < bytes.size() && bytes[pos] == '\n') {
        ++pos;
    }
    return pos;
}

} // namespace

const Value* Value::get(std::string_view key) const {
    if (kind != Kind::Dict || !dict) {
        return nullptr;
    }
    for (const auto& [k, v] : *dict) {
        if (k == key) {
            return &v;
        }
    }
    return nullptr;
}

bool Value::sameAs(const Value& other) const {
    if (kind != other.kind) {
        // 1 and 1.0 are the same number
        if ((kind == Kind::Integer && other.kind == Kind::Real) ||
            (kind == Kind::Real && other.kind == Kind::Integer)) {
            const double a = kind == Kind::Integer ? static_cast<double>(integer) : real;
            const double b =
                other.kind == Kind::Integer ? static_cast<double>(other.integer) : other.real;
            return a == b;
        }
        return false;
    }
    switch (kind) {
    case Kind::Null:
        return true;
    case Kind::Bool:
        return boolean == other.boolean;
    case Kind::Integer:
        return integer == other.integer;
    case Kind::Real:
        return real == other.real;
    case Kind::String:
    case Kind::Name:
        return text == other.text;
    case Kind::Ref:
        return ref == other.ref;
    case Kind::Array:
        if (array->size() != other.array->size()) {
            return false;
        }
        for (std::size_t i = 0; i < array->size(); ++i) {
            if (!(*array)[i].sameAs((*other.array)[i])) {
                return false;
            }
        }
        return true;
    case Kind::Dict:
        if (dict->size() != other.dict->size()) {
            return false;
        }
        for (const auto& [k, v] : *dict) {
            const Value* o = other.get(k);
            if (!o || !v.sameAs(*o)) {
                return false;
            }
        }
        return true;
    }
    return false;
}

std::string Value::describe() const {
    switch (kind) {
    case Kind::Ref:
        return std::to_string(ref.num) + " " + std::to_string(ref.gen) + " R";
    case Kind::Name:
        return "/" + text;
    case Kind::Dict: {
        std::string d = "dictionary";
        if (const Value* type = get("Type"); type && type->is(Kind::Name)) {
            d = "/Type /" + type->text + " dictionary";
        } else if (const Value* ft = get("FT"); ft && ft->is(Kind::Name)) {
            d = "/FT /" + ft->text + " form field";
        } else if (const Value* subtype = get("Subtype"); subtype && subtype->is(Kind::Name)) {
            d = "/Subtype /" + subtype->text + " dictionary";
        }
        return d;
    }
    case Kind::Array:
        return "array";
    case Kind::String:
        return "string";
    case Kind::Integer:
        return std::to_string(integer);
    default:
        return "value";
    }
}

bool IndirectObject::sameAs(const IndirectObject& other, std::string_view bytes) const {
    if (hasStream != other.hasStream || !value.sameAs(other.value)) {
        return false;
    }
    if (hasStream) {
        return bytes.substr(streamBegin, streamEnd - streamBegin) ==
               bytes.substr(other.streamBegin, other.streamEnd - other.streamBegin);
    }
    return true;
}

Value RawPdf::parseValueAt(std::string_view bytes, std::size_t& pos) {
    Lexer lexer(bytes, pos);
    Value v = lexer.value(0);
    pos = lexer.pos();
    return v;
}

RawPdf::RawPdf(std::string_view bytes) : bytes_(bytes) {
    if (bytes.size() < 8 || bytes.substr(0, 5) != "%PDF-") {
        throw ParseError("not a PDF file (no %PDF- header)");
    }
    for (std::size_t at = bytes.find("%%EOF"); at != std::string_view::npos;
         at = bytes.find("%%EOF", at + 5)) {
        eofMarkers_.push_back(skipEol(bytes, at + 5));
    }
    if (eofMarkers_.empty()) {
        throw ParseError("no %%EOF marker: the file is truncated");
    }
    // The last startxref of the file.
    const std::size_t lastStart = bytes.rfind("startxref");
    if (lastStart == std::string_view::npos) {
        throw ParseError("no startxref: the file is truncated");
    }
    Lexer lexer(bytes, lastStart + 9);
    std::int64_t offset = lexer.integer();
    std::vector<Revision> chain;
    std::int64_t previous = std::numeric_limits<std::int64_t>::max();
    while (true) {
        if (offset < 0 || static_cast<std::size_t>(offset) >= bytes.size()) {
            throw ParseError("cross-reference offset " + std::to_string(offset) +
                             " is outside the file");
        }
        if (offset >= previous) {
            throw ParseError("the /Prev chain of cross-reference sections does not go backwards");
        }
        if (chain.size() >= kMaxRevisions) {
            throw ParseError("too many revisions");
        }
        chain.push_back(readXrefSection(static_cast<std::size_t>(offset)));
        previous = offset;
        const Value* prev = chain.back().trailer.get("Prev");
        if (!prev) {
            break;
        }
        if (!prev->is(Value::Kind::Integer)) {
            throw ParseError("trailer /Prev is not an integer");
        }
        offset = prev->integer;
    }
    std::reverse(chain.begin(), chain.end());
    std::size_t begin = 0;
    for (auto& revision : chain) {
        if (revision.xrefOffset < begin) {
            throw ParseError("cross-reference sections overlap the previous revision");
        }
        revision.begin = begin;
        begin = revision.end;
    }
    revisions_ = std::move(chain);
}

Revision RawPdf::readXrefSection(std::size_t offset) const {
    Revision revision;
    revision.xrefOffset = offset;
    Lexer lexer(bytes_, offset);
    lexer.skipSpace();
    if (isDigit(lexer.peek())) {
        throw ParseError("the file uses cross-reference streams (PDF 1.5 compression), which the "
                         "verifier does not read yet");
    }
    lexer.expectWord("xref");
    std::size_t total = 0;
    for (;;) {
        lexer.skipSpace();
        const std::size_t at = lexer.pos();
        const std::string_view w = lexer.word();
        if (w == "trailer") {
            break;
        }
        std::int64_t start = 0;
        if (!Lexer::parseInteger(w, start)) {
            throw ParseError("bad cross-reference table at byte " + std::to_string(at));
        }
        const std::int64_t count = lexer.integer();
        if (start < 0 || count < 0 || start + count > kMaxObjectNumber + 1 ||
            (total += static_cast<std::size_t>(count)) > bytes_.size() / 18 + 1) {
            throw ParseError("bad cross-reference subsection at byte " + std::to_string(at));
        }
        for (std::int64_t i = 0; i < count; ++i) {
            XrefEntry entry;
            const std::int64_t entryOffset = lexer.integer();
            const std::int64_t gen = lexer.integer();
            const std::string_view type = lexer.word();
            if (entryOffset < 0 || gen < 0 || gen > 65535 || (type != "n" && type != "f")) {
                throw ParseError("bad cross-reference entry near byte " +
                                 std::to_string(lexer.pos()));
            }
            entry.offset = static_cast<std::size_t>(entryOffset);
            entry.gen = static_cast<int>(gen);
            entry.inUse = type == "n";
            const int num = static_cast<int>(start + i);
            if (revision.entries.count(num)) {
                throw ParseError("object " + std::to_string(num) +
                                 " listed twice in one cross-reference section");
            }
            revision.entries[num] = entry;
        }
    }
    revision.trailer = lexer.value(0);
    if (!revision.trailer.is(Value::Kind::Dict)) {
        throw ParseError("the trailer is not a dictionary");
    }
    if (revision.trailer.get("XRefStm")) {
        throw ParseError("the file mixes cross-reference tables and streams (hybrid file), which "
                         "the verifier does not read yet");
    }
    if (revision.trailer.get("Encrypt")) {
        throw ParseError("the file is encrypted");
    }
    lexer.expectWord("startxref");
    const std::int64_t start = lexer.integer();
    if (start != static_cast<std::int64_t>(offset)) {
        throw ParseError("startxref " + std::to_string(start) +
                         " does not point at its own "
                         "cross-reference section (" +
                         std::to_string(offset) + ")");
    }
    std::size_t eof = lexer.pos();
    while (eof < bytes_.size() && isWhite(bytes_[eof])) {
        ++eof;
    }
    if (bytes_.substr(eof, 5) != "%%EOF") {
        throw ParseError("no %%EOF after startxref at byte " + std::to_string(eof));
    }
    revision.end = skipEol(bytes_, eof + 5);
    return revision;
}

IndirectObject RawPdf::readObjectAt(std::size_t offset, int num, int gen,
                                    std::size_t revision) const {
    // A stream's /Length may be another object; guard against chains and cycles of those.
    static thread_local int depth = 0;
    struct DepthGuard {
        DepthGuard() { ++depth; }
        ~DepthGuard() { --depth; }
    } guard;
    if (depth > 4) {
        throw ParseError("stream lengths refer to each other in a loop (object " +
                         std::to_string(num) + ")");
    }
    if (offset >= revisions_[revision].xrefOffset) {
        throw ParseError("object " + std::to_string(num) + " points outside its revision");
    }
    Lexer lexer(bytes_, offset);
    IndirectObject object;
    object.offset = offset;
    const std::int64_t n = lexer.integer();
    const std::int64_t g = lexer.integer();
    lexer.expectWord("obj");
    if (n != num || g != gen) {
        throw ParseError("cross-reference entry for object " + std::to_string(num) +
                         " points at object " + std::to_string(n));
    }
    object.ref = Ref{num, gen};
    object.value = lexer.value(0);
    lexer.skipSpace();
    const std::size_t afterValue = lexer.pos();
    std::string_view keyword = lexer.word();
    if (keyword == "stream") {
        if (!object.value.is(Value::Kind::Dict)) {
            throw ParseError("stream without a dictionary in object " + std::to_string(num));
        }
        std::size_t data = afterValue + 6;
        if (data < bytes_.size() && bytes_[data] == '\r') {
            ++data;
        }
        if (data >= bytes_.size() || bytes_[data] != '\n') {
            throw ParseError("stream keyword not followed by end of line in object " +
                             std::to_string(num));
        }
        ++data;
        const Value* lengthValue = object.value.get("Length");
        if (!lengthValue) {
            throw ParseError("stream without /Length in object " + std::to_string(num));
        }
        std::int64_t length = -1;
        if (lengthValue->is(Value::Kind::Integer)) {
            length = lengthValue->integer;
        } else if (lengthValue->is(Value::Kind::Ref) && lengthValue->ref.num != num) {
            const auto lengthObject = this->object(lengthValue->ref.num, revision);
            if (lengthObject && !lengthObject->hasStream &&
                lengthObject->value.is(Value::Kind::Integer)) {
                length = lengthObject->value.integer;
            }
        }
        if (length < 0 || static_cast<std::size_t>(length) > bytes_.size() - data) {
            throw ParseError("bad stream /Length in object " + std::to_string(num));
        }
        object.hasStream = true;
        object.streamBegin = data;
        object.streamEnd = data + static_cast<std::size_t>(length);
        lexer.seek(object.streamEnd);
        lexer.expectWord("endstream");
        keyword = lexer.word();
    }
    if (keyword != "endobj") {
        throw ParseError("object " + std::to_string(num) + " does not end with endobj");
    }
    object.end = lexer.pos();
    return object;
}

std::optional<std::size_t> RawPdf::definingRevision(int num, std::size_t revision) const {
    for (std::size_t k = std::min(revision + 1, revisions_.size()); k-- > 0;) {
        if (revisions_[k].entries.count(num)) {
            return k;
        }
    }
    return std::nullopt;
}

std::optional<IndirectObject> RawPdf::object(int num, std::size_t revision) const {
    const auto k = definingRevision(num, revision);
    if (!k) {
        return std::nullopt;
    }
    const XrefEntry& entry = revisions_[*k].entries.at(num);
    if (!entry.inUse || num == 0) {
        return std::nullopt;
    }
    return readObjectAt(entry.offset, num, entry.gen, *k);
}

Value RawPdf::resolve(const Value& value, std::size_t revision) const {
    Value current = value;
    for (int depth = 0; current.is(Value::Kind::Ref); ++depth) {
        if (depth > 16) {
            throw ParseError("reference chain too long");
        }
        const auto object = this->object(current.ref.num, revision);
        if (!object || object->ref.gen != current.ref.gen) {
            return Value{};
        }
        current = object->value;
    }
    return current;
}

std::string_view RawPdf::streamData(const IndirectObject& object) const {
    return bytes_.substr(object.streamBegin, object.streamEnd - object.streamBegin);
}

std::optional<std::size_t> RawPdf::revisionEndingAt(std::size_t offset) const {
    for (std::size_t k = 0; k < revisions_.size(); ++k) {
        const std::size_t end = revisions_[k].end;
        // The end is after "%%EOF" and its end of line; accept the range ending right at %%EOF.
        std::size_t eofEnd = end;
        while (eofEnd > 0 && (bytes_[eofEnd - 1] == '\n' || bytes_[eofEnd - 1] == '\r')) {
            --eofEnd;
        }
        if (offset == end || offset == eofEnd) {
            return k;
        }
    }
    return std::nullopt;
}

namespace {
void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}
} // namespace

std::string textString(const std::string& bytes) {
    std::string out;
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xfe &&
        static_cast<unsigned char>(bytes[1]) == 0xff) {
        for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
            std::uint32_t unit = (static_cast<unsigned char>(bytes[i]) << 8) |
                                 static_cast<unsigned char>(bytes[i + 1]);
            if (unit >= 0xd800 && unit < 0xdc00 && i + 3 < bytes.size()) {
                const std::uint32_t low = (static_cast<unsigned char>(bytes[i + 2]) << 8) |
                                          static_cast<unsigned char>(bytes[i + 3]);
                if (low >= 0xdc00 && low < 0xe000) {
                    unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                    i += 2;
                } else {
                    unit = 0xfffd;
                }
            } else if (unit >= 0xd800 && unit < 0xe000) {
                unit = 0xfffd;
            }
            appendUtf8(out, unit);
        }
        return out;
    }
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xef\xbb\xbf") == 0) {
        return bytes.substr(3);
    }
    for (const unsigned char c : bytes) {
        appendUtf8(out, c); // PDFDocEncoding: Latin-1 for the printable range
    }
    return out;
}

std::string serialize(const Value& value) {
    switch (value.kind) {
    case Value::Kind::Null:
        return "null";
    case Value::Kind::Bool:
        return value.boolean ? "true" : "false";
    case Value::Kind::Integer:
        return std::to_string(value.integer);
    case Value::Kind::Real: {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.4f", value.real);
        return buffer;
    }
    case Value::Kind::String: {
        static const char* digits = "0123456789ABCDEF";
        std::string out = "<";
        for (const unsigned char c : value.text) {
            out += digits[c >> 4];
            out += digits[c & 15];
        }
        return out + ">";
    }
    case Value::Kind::Name: {
        std::string out = "/";
        for (const unsigned char c : value.text) {
            if (isRegular(static_cast<char>(c)) && c > 32 && c < 127 && c != '#') {
                out += static_cast<char>(c);
            } else {
                char buffer[4];
                std::snprintf(buffer, sizeof buffer, "#%02X", c);
                out += buffer;
            }
        }
        return out;
    }
    case Value::Kind::Ref:
        return std::to_string(value.ref.num) + " " + std::to_string(value.ref.gen) + " R";
    case Value::Kind::Array: {
        std::string out = "[";
        for (const auto& item : *value.array) {
            out += serialize(item) + " ";
        }
        return out + "]";
    }
    case Value::Kind::Dict: {
        std::string out = "<<";
        for (const auto& [key, item] : *value.dict) {
            Value name;
            name.kind = Value::Kind::Name;
            name.text = key;
            out += serialize(name) + " " + serialize(item) + " ";
        }
        return out + ">>";
    }
    }
    return "null";
}

} // namespace vanthu::signing::raw
