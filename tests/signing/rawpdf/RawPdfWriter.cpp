#include "vanthu/signing/RawPdfWriter.hpp"

#include <cstdio>
#include <set>

namespace vanthu::signing::raw {

namespace {

bool isPlainAscii(const std::string& text) {
    for (const unsigned char c : text) {
        if (c < 32 || c > 126 || c == '(' || c == ')' || c == '\\') {
            return false;
        }
    }
    return true;
}

/// UTF-8 to UTF-16BE (invalid sequences become U+FFFD).
std::string utf16be(const std::string& utf8) {
    std::string out;
    auto put = [&](unsigned cp) {
        out += static_cast<char>((cp >> 8) & 0xff);
        out += static_cast<char>(cp & 0xff);
    };
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        unsigned cp = 0xfffd;
        int extra = 0;
        if (c < 0x80) {
            cp = c;
        } else if ((c & 0xe0) == 0xc0) {
            cp = c & 0x1f, extra = 1;
        } else if ((c & 0xf0) == 0xe0) {
            cp = c & 0x0f, extra = 2;
        } else if ((c & 0xf8) == 0xf0) {
            cp = c & 0x07, extra = 3;
        }
        ++i;
        for (int k = 0; k < extra; ++k, ++i) {
            if (i >= utf8.size() || (static_cast<unsigned char>(utf8[i]) & 0xc0) != 0x80) {
                cp = 0xfffd;
                break;
            }
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i]) & 0x3f);
        }
        if (cp >= 0x10000 && cp <= 0x10ffff) {
            cp -= 0x10000;
            put(0xd800 + (cp >> 10));
            put(0xdc00 + (cp & 0x3ff));
        } else {
            put(cp);
        }
    }
    return out;
}

void writeInto(std::string& out, const Value& value, std::string_view source,
               const std::function<Ref(Ref)>& mapRef) {
    switch (value.kind) {
    case Value::Kind::Array:
        out += '[';
        for (std::size_t i = 0; i < value.array->size(); ++i) {
            if (i) {
                out += ' ';
            }
            writeInto(out, (*value.array)[i], source, mapRef);
        }
        out += ']';
        return;
    case Value::Kind::Dict:
        out += "<<";
        for (const auto& [key, item] : *value.dict) {
            out += serialize(makeName(key));
            if (item.kind != Value::Kind::Array && item.kind != Value::Kind::Dict &&
                item.kind != Value::Kind::String && item.kind != Value::Kind::Name) {
                out += ' ';
            }
            writeInto(out, item, source, mapRef);
        }
        out += ">>";
        return;
    case Value::Kind::Ref: {
        const Ref ref = mapRef ? mapRef(value.ref) : value.ref;
        out += std::to_string(ref.num) + " " + std::to_string(ref.gen) + " R";
        return;
    }
    case Value::Kind::String:
        if (value.end > value.begin && value.end <= source.size()) {
            out.append(source.substr(value.begin, value.end - value.begin));
        } else if (!value.hexString && isPlainAscii(value.text)) {
            out += '(' + value.text + ')';
        } else {
            out += serialize(value);
        }
        return;
    case Value::Kind::Real:
        if (value.end > value.begin && value.end <= source.size()) {
            out.append(source.substr(value.begin, value.end - value.begin));
        } else {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "%.4f", value.real);
            std::string text = buffer;
            while (!text.empty() && text.back() == '0') {
                text.pop_back();
            }
            if (!text.empty() && text.back() == '.') {
                text.pop_back();
            }
            out += text == "-0" ? "0" : text;
        }
        return;
    default:
        if (value.end > value.begin && value.end <= source.size()) {
            out.append(source.substr(value.begin, value.end - value.begin));
        } else {
            out += serialize(value);
        }
        return;
    }
}

void collect(const Value& value, std::vector<Ref>& refs) {
    switch (value.kind) {
    case Value::Kind::Ref:
        refs.push_back(value.ref);
        break;
    case Value::Kind::Array:
        for (const auto& item : *value.array) {
            collect(item, refs);
        }
        break;
    case Value::Kind::Dict:
        for (const auto& [key, item] : *value.dict) {
            collect(item, refs);
        }
        break;
    default:
        break;
    }
}

} // namespace

Value makeName(std::string name) {
    Value v;
    v.kind = Value::Kind::Name;
    v.text = std::move(name);
    return v;
}

Value makeInteger(std::int64_t number) {
    Value v;
    v.kind = Value::Kind::Integer;
    v.integer = number;
    return v;
}

Value makeReal(double number) {
    Value v;
    v.kind = Value::Kind::Real;
    v.real = number;
    return v;
}

Value makeRef(Ref ref) {
    Value v;
    v.kind = Value::Kind::Ref;
    v.ref = ref;
    return v;
}

Value makeBool(bool value) {
    Value v;
    v.kind = Value::Kind::Bool;
    v.boolean = value;
    return v;
}

Value makeBytes(std::string bytes) {
    Value v;
    v.kind = Value::Kind::String;
    v.hexString = true;
    v.text = std::move(bytes);
    return v;
}

Value makeText(const std::string& utf8) {
    Value v;
    v.kind = Value::Kind::String;
    if (isPlainAscii(utf8)) {
        v.text = utf8;
    } else {
        v.hexString = true;
        v.text = "\xfe\xff" + utf16be(utf8);
    }
    return v;
}

Value makeArray(std::vector<Value> items) {
    Value v;
    v.kind = Value::Kind::Array;
    v.array = std::make_shared<Array>(std::move(items));
    return v;
}

Value makeDict() {
    Value v;
    v.kind = Value::Kind::Dict;
    v.dict = std::make_shared<Dict>();
    return v;
}

void setKey(Value& dict, const std::string& key, Value value) {
    if (!dict.is(Value::Kind::Dict)) {
        throw std::logic_error("setKey on something that is not a dictionary");
    }
    dict.dict = std::make_shared<Dict>(*dict.dict);
    for (auto& [k, v] : *dict.dict) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    dict.dict->emplace_back(key, std::move(value));
}

void removeKey(Value& dict, const std::string& key) {
    if (!dict.is(Value::Kind::Dict)) {
        return;
    }
    dict.dict = std::make_shared<Dict>(*dict.dict);
    std::erase_if(*dict.dict, [&](const auto& entry) { return entry.first == key; });
}

void append(Value& array, Value item) {
    if (!array.is(Value::Kind::Array)) {
        throw std::logic_error("append to something that is not an array");
    }
    array.array = std::make_shared<Array>(*array.array);
    array.array->push_back(std::move(item));
}

std::string writeValue(const Value& value, std::string_view source,
                       const std::function<Ref(Ref)>& mapRef) {
    std::string out;
    writeInto(out, value, source, mapRef);
    return out;
}

const Value* trailerKey(const RawPdf& file, std::string_view key) {
    const auto& revisions = file.revisions();
    for (std::size_t k = revisions.size(); k-- > 0;) {
        if (const Value* v = revisions[k].trailer.get(key)) {
            return v;
        }
    }
    return nullptr;
}

IncrementalWriter::IncrementalWriter(const RawPdf& file) : file_(file) {
    std::int64_t size = 1;
    for (const auto& revision : file.revisions()) {
        if (const Value* s = revision.trailer.get("Size"); s && s->is(Value::Kind::Integer)) {
            size = std::max(size, s->integer);
        }
        if (!revision.entries.empty()) {
            size = std::max<std::int64_t>(size, revision.entries.rbegin()->first + 1);
        }
    }
    nextNumber_ = static_cast<int>(size);
}

Ref IncrementalWriter::allocate() {
    return Ref{nextNumber_++, 0};
}

void IncrementalWriter::put(Ref ref, const Value& value) {
    putRaw(ref, writeValue(value, file_.bytes()));
    values_[ref.num] = value;
}

void IncrementalWriter::putRaw(Ref ref, std::string body) {
    bodies_[ref.num] = {ref.gen, std::move(body)};
    values_.erase(ref.num);
}

void IncrementalWriter::putStream(Ref ref, Value dict, std::string_view data) {
    setKey(dict, "Length", makeInteger(static_cast<std::int64_t>(data.size())));
    std::string body = writeValue(dict, file_.bytes());
    body += "\nstream\n";
    body.append(data);
    body += "\nendstream";
    putRaw(ref, std::move(body));
    values_[ref.num] = dict;
}

Value IncrementalWriter::current(Ref ref) const {
    if (const auto it = values_.find(ref.num); it != values_.end()) {
        return it->second;
    }
    const auto object = file_.object(ref.num, file_.revisions().size() - 1);
    return object && object->ref.gen == ref.gen ? object->value : Value{};
}

std::string IncrementalWriter::finish() {
    const std::string_view original = file_.bytes();
    std::string out;
    std::size_t updateSize = 256;
    for (const auto& [num, body] : bodies_) {
        updateSize += body.second.size() + 64;
    }
    out.reserve(original.size() + updateSize);
    out.append(original);
    if (!out.empty() && out.back() != '\n' && out.back() != '\r') {
        out += '\n';
    }
    offsets_.clear();
    std::map<int, std::pair<std::size_t, int>> entries;
    for (const auto& [num, body] : bodies_) {
        const std::size_t at = out.size();
        out += std::to_string(num) + " " + std::to_string(body.first) + " obj\n";
        offsets_[num] = out.size();
        out += body.second;
        out += "\nendobj\n";
        entries[num] = {at, body.first};
    }
    const std::size_t xref = out.size();
    out += "xref\n";
    char line[32];
    for (auto it = entries.begin(); it != entries.end();) {
        auto end = it;
        int count = 0;
        for (int expected = it->first; end != entries.end() && end->first == expected;
             ++end, ++expected) {
            ++count;
        }
        out += std::to_string(it->first) + " " + std::to_string(count) + "\n";
        for (; it != end; ++it) {
            std::snprintf(line, sizeof line, "%010zu %05d n \n", it->second.first,
                          it->second.second);
            out += line;
        }
    }
    Value trailer = makeDict();
    setKey(trailer, "Size", makeInteger(nextNumber_));
    for (const char* key : {"Root", "Info", "ID"}) {
        if (const Value* v = trailerKey(file_, key)) {
            setKey(trailer, key, *v);
        }
    }
    setKey(trailer, "Prev",
           makeInteger(static_cast<std::int64_t>(file_.revisions().back().xrefOffset)));
    out += "trailer\n" + writeValue(trailer, original) + "\nstartxref\n" + std::to_string(xref) +
           "\n%%EOF\n";
    return out;
}

Ref importObjects(IncrementalWriter& writer, const RawPdf& source, Ref from) {
    const std::size_t last = source.revisions().size() - 1;
    std::map<Ref, Ref> numbers;
    std::vector<Ref> queue{from};
    std::vector<IndirectObject> objects;
    for (std::size_t i = 0; i < queue.size(); ++i) {
        const Ref ref = queue[i];
        if (numbers.count(ref)) {
            continue;
        }
        const auto object = source.object(ref.num, last);
        if (!object) {
            throw ParseError("the appearance refers to a missing object");
        }
        if (numbers.size() > 10000) {
            throw ParseError("the appearance has too many objects");
        }
        numbers[ref] = writer.allocate();
        std::vector<Ref> refs;
        collect(object->value, refs);
        queue.insert(queue.end(), refs.begin(), refs.end());
        objects.push_back(*object);
    }
    const auto map = [&](Ref ref) {
        const auto it = numbers.find(ref);
        return it == numbers.end() ? Ref{0, 0} : it->second;
    };
    for (const auto& object : objects) {
        std::string body = writeValue(object.value, source.bytes(), map);
        if (object.hasStream) {
            // /Length was resolved by the reader; write it directly.
            Value dict = object.value;
            setKey(dict, "Length",
                   makeInteger(static_cast<std::int64_t>(object.streamEnd - object.streamBegin)));
            body = writeValue(dict, source.bytes(), map);
            body += "\nstream\n";
            body.append(source.streamData(object));
            body += "\nendstream";
        }
        writer.putRaw(numbers.at(object.ref), std::move(body));
    }
    return numbers.at(from);
}

} // namespace vanthu::signing::raw
