#include "vanthu/pdf/IncrementalUpdate.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "vanthu/pdf/Revisions.hpp"

namespace vanthu::pdf {

namespace {

constexpr int kMaxDepth = 256;
constexpr std::size_t kMaxImported = 10000;

void writeInto(std::string& out, QPDFObjectHandle value,
               const std::function<QPDFObjGen(QPDFObjGen)>& map, int depth) {
    if (depth > kMaxDepth) {
        throw DamagedPdf("an object is nested too deeply to write");
    }
    if (value.isIndirect()) {
        const QPDFObjGen og = map ? map(value.getObjGen()) : value.getObjGen();
        if (og.getObj() <= 0) {
            out += "null";
            return;
        }
        out += std::to_string(og.getObj()) + " " + std::to_string(og.getGen()) + " R";
        return;
    }
    if (value.isArray()) {
        out += '[';
        bool first = true;
        for (const auto& item : value.getArrayAsVector()) {
            if (!first) {
                out += ' ';
            }
            first = false;
            writeInto(out, item, map, depth + 1);
        }
        out += ']';
        return;
    }
    if (value.isDictionary()) {
        out += "<<";
        for (auto [key, item] : value.getDictAsMap()) {
            if (item.isNull() && !item.isIndirect()) {
                continue; // a null value is the same as no key (7.3.7)
            }
            out += QPDFObjectHandle::newName(key).unparse();
            out += ' ';
            writeInto(out, item, map, depth + 1);
        }
        out += ">>";
        return;
    }
    if (value.isStream()) {
        throw DamagedPdf("a stream cannot be written as a direct value");
    }
    out += value.unparse();
}

std::string offsetBytes(std::size_t value, int width) {
    std::string out(static_cast<std::size_t>(width), '\0');
    for (int i = width; i-- > 0;) {
        out[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xff);
        value >>= 8;
    }
    return out;
}

/// [first count first count ...] of the sorted object numbers.
std::vector<std::pair<int, int>> subsections(const std::vector<int>& numbers) {
    std::vector<std::pair<int, int>> runs;
    for (const int num : numbers) {
        if (!runs.empty() && runs.back().first + runs.back().second == num) {
            ++runs.back().second;
        } else {
            runs.emplace_back(num, 1);
        }
    }
    return runs;
}

} // namespace

XrefForm lastXrefForm(std::string_view bytes) {
    const auto marks = findRevisionMarks(bytes);
    if (marks.empty() || !marks.back().startxref) {
        throw DamagedPdf("the file has no startxref before its %%EOF");
    }
    std::size_t at = *marks.back().startxref;
    while (at < bytes.size() && (bytes[at] == ' ' || bytes[at] == '\r' || bytes[at] == '\n' ||
                                 bytes[at] == '\t' || bytes[at] == '\f')) {
        ++at;
    }
    return bytes.substr(at, 4) == "xref" ? XrefForm::Table : XrefForm::Stream;
}

std::string writeObject(QPDFObjectHandle value, const std::function<QPDFObjGen(QPDFObjGen)>& map) {
    std::string out;
    writeInto(out, value, map, 0);
    return out;
}

IncrementalUpdate::IncrementalUpdate(const PdfDocument& document) : document_(document) {
    if (document.xrefReconstructed()) {
        throw DamagedPdf("the file's cross-reference data is damaged (qpdf had to rebuild it); "
                         "rewrite the file first, e.g. with qpdf, then sign the rewritten file");
    }
    const auto marks = findRevisionMarks(document.bytes());
    if (marks.empty() || !marks.back().startxref) {
        throw DamagedPdf("the file has no startxref before its %%EOF");
    }
    previousXref_ = *marks.back().startxref;
    form_ = lastXrefForm(document.bytes());
    long long size = 0;
    QPDFObjectHandle sizeValue = document.trailer().getKey("/Size");
    if (!sizeValue.getValueAsInt(size) || size < 1) {
        size = 1;
    }
    const long long known = static_cast<long long>(document.qpdf().getObjectCount()) + 1;
    nextNumber_ = static_cast<int>(std::min<long long>(std::max(size, known), 8'388'607));
}

QPDFObjectHandle IncrementalUpdate::allocate() {
    if (nextNumber_ >= 8'388'607) {
        throw DamagedPdf("the file has no object numbers left");
    }
    // The number is made an object of the in-memory document (an empty dictionary until put()
    // defines it): qpdf drops dictionary keys whose value resolves to null.
    const QPDFObjGen og(nextNumber_++, 0);
    document_.qpdf().replaceObject(og, QPDFObjectHandle::newDictionary());
    return document_.qpdf().getObject(og);
}

void IncrementalUpdate::put(QPDFObjectHandle ref, QPDFObjectHandle value) {
    putRaw(ref, writeObject(value));
    values_[ref.getObjGen()] = value.shallowCopy();
}

void IncrementalUpdate::putRaw(QPDFObjectHandle ref, std::string body) {
    if (!ref.isIndirect()) {
        throw std::logic_error("IncrementalUpdate::putRaw needs an indirect reference");
    }
    bodies_[ref.getObjGen()] = std::move(body);
    values_.erase(ref.getObjGen());
}

void IncrementalUpdate::putStream(QPDFObjectHandle ref, QPDFObjectHandle dict,
                                  std::string_view data) {
    QPDFObjectHandle copy = dict.shallowCopy();
    copy.replaceKey("/Length", QPDFObjectHandle::newInteger(static_cast<long long>(data.size())));
    std::string body = writeObject(copy);
    body += "\nstream\n";
    body.append(data);
    body += "\nendstream";
    putRaw(ref, std::move(body));
}

QPDFObjectHandle IncrementalUpdate::current(QPDFObjectHandle ref) const {
    if (const auto it = values_.find(ref.getObjGen()); it != values_.end()) {
        QPDFObjectHandle stored = it->second;
        return stored.shallowCopy();
    }
    if (bodies_.count(ref.getObjGen())) {
        throw std::logic_error("IncrementalUpdate::current of an object put as raw syntax");
    }
    if (ref.isStream()) {
        throw DamagedPdf("object " + ref.getObjGen().unparse(' ') +
                         " is a stream where a dictionary was expected");
    }
    if (!ref.isDictionary() && !ref.isArray()) {
        return QPDFObjectHandle::newNull();
    }
    return ref.shallowCopy();
}

std::string IncrementalUpdate::finish() {
    const std::string_view original = document_.bytes();
    std::string out;
    std::size_t updateSize = 512;
    for (const auto& [og, body] : bodies_) {
        updateSize += body.size() + 64;
    }
    out.reserve(original.size() + updateSize);
    out.append(original);
    if (!out.empty() && out.back() != '\n' && out.back() != '\r') {
        out += '\n';
    }
    offsets_.clear();
    std::map<int, std::pair<std::size_t, int>> entries; // num -> (offset, gen)
    for (const auto& [og, body] : bodies_) {
        const std::size_t at = out.size();
        out += std::to_string(og.getObj()) + " " + std::to_string(og.getGen()) + " obj\n";
        offsets_[og] = out.size();
        out += body;
        out += "\nendobj\n";
        entries[og.getObj()] = {at, og.getGen()};
    }
    QPDFObjectHandle trailer = QPDFObjectHandle::newDictionary();
    for (const char* key : {"/Root", "/Info", "/ID"}) {
        QPDFObjectHandle value = document_.trailer().getKey(key);
        if (!value.isNull()) {
            trailer.replaceKey(key, value);
        }
    }
    trailer.replaceKey("/Prev",
                       QPDFObjectHandle::newInteger(static_cast<long long>(previousXref_)));
    const std::size_t xref = out.size();
    if (form_ == XrefForm::Table) {
        trailer.replaceKey("/Size", QPDFObjectHandle::newInteger(nextNumber_));
        out += "xref\n";
        std::vector<int> numbers;
        for (const auto& [num, entry] : entries) {
            numbers.push_back(num);
        }
        char line[32];
        for (const auto& [first, count] : subsections(numbers)) {
            out += std::to_string(first) + " " + std::to_string(count) + "\n";
            for (int num = first; num < first + count; ++num) {
                std::snprintf(line, sizeof line, "%010zu %05d n \n", entries.at(num).first,
                              entries.at(num).second);
                out += line;
            }
        }
        out += "trailer\n" + writeObject(trailer) + "\n";
    } else {
        // A cross-reference stream (7.5.8): uncompressed, type 1 entries only, its own entry
        // included.
        const int self = nextNumber_++;
        entries[self] = {xref, 0};
        int width = 1;
        while (width < 8 && (xref >> (8 * width)) != 0) {
            ++width;
        }
        std::vector<int> numbers;
        std::string data;
        for (const auto& [num, entry] : entries) {
            numbers.push_back(num);
            data += '\x01';
            data += offsetBytes(entry.first, width);
            data += offsetBytes(static_cast<std::size_t>(entry.second), 2);
        }
        QPDFObjectHandle index = QPDFObjectHandle::newArray();
        for (const auto& [first, count] : subsections(numbers)) {
            index.appendItem(QPDFObjectHandle::newInteger(first));
            index.appendItem(QPDFObjectHandle::newInteger(count));
        }
        QPDFObjectHandle w = QPDFObjectHandle::newArray();
        for (const int item : {1, width, 2}) {
            w.appendItem(QPDFObjectHandle::newInteger(item));
        }
        trailer.replaceKey("/Type", QPDFObjectHandle::newName("/XRef"));
        trailer.replaceKey("/Size", QPDFObjectHandle::newInteger(nextNumber_));
        trailer.replaceKey("/Index", index);
        trailer.replaceKey("/W", w);
        trailer.replaceKey("/Length",
                           QPDFObjectHandle::newInteger(static_cast<long long>(data.size())));
        out += std::to_string(self) + " 0 obj\n" + writeObject(trailer) + "\nstream\n";
        out += data;
        out += "\nendstream\nendobj\n";
    }
    out += "startxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

std::size_t IncrementalUpdate::bodyOffset(QPDFObjectHandle ref) const {
    return offsets_.at(ref.getObjGen());
}

std::vector<QPDFObjectHandle> importObjects(IncrementalUpdate& update,
                                            const std::vector<QPDFObjectHandle>& roots) {
    for (const auto& root : roots) {
        if (!root.isIndirect()) {
            throw std::logic_error("importObjects needs indirect objects");
        }
    }
    std::map<QPDFObjGen, QPDFObjectHandle> numbers;
    std::vector<QPDFObjectHandle> queue = roots;
    auto collect = [&queue](QPDFObjectHandle value, auto& self, int depth) -> void {
        if (depth > kMaxDepth) {
            throw DamagedPdf("the appearance is nested too deeply");
        }
        if (value.isIndirect() && depth > 0) {
            queue.push_back(value);
            return;
        }
        if (value.isArray()) {
            for (const auto& item : value.getArrayAsVector()) {
                self(item, self, depth + 1);
            }
        } else if (value.isDictionary() || value.isStream()) {
            QPDFObjectHandle dict = value.isStream() ? value.getDict() : value;
            for (auto [key, item] : dict.getDictAsMap()) {
                self(item, self, depth + 1);
            }
        }
    };
    std::vector<QPDFObjectHandle> objects;
    for (std::size_t i = 0; i < queue.size(); ++i) {
        QPDFObjectHandle object = queue[i];
        if (numbers.count(object.getObjGen())) {
            continue;
        }
        if (object.isNull()) {
            throw DamagedPdf("the appearance refers to a missing object");
        }
        if (numbers.size() >= kMaxImported) {
            throw DamagedPdf("the appearance has too many objects");
        }
        numbers[object.getObjGen()] = update.allocate();
        collect(object, collect, 0);
        objects.push_back(object);
    }
    const auto map = [&numbers](QPDFObjGen og) {
        const auto it = numbers.find(og);
        return it == numbers.end() ? QPDFObjGen(0, 0) : it->second.getObjGen();
    };
    for (auto& object : objects) {
        QPDFObjectHandle target = numbers.at(object.getObjGen());
        if (object.isStream()) {
            const auto data = object.getRawStreamData();
            QPDFObjectHandle dict = object.getDict().shallowCopy();
            dict.replaceKey("/Length",
                            QPDFObjectHandle::newInteger(static_cast<long long>(data->getSize())));
            std::string body = writeObject(dict, map);
            body += "\nstream\n";
            body.append(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
            body += "\nendstream";
            update.putRaw(target, std::move(body));
        } else {
            QPDFObjectHandle direct = object.shallowCopy();
            update.putRaw(target, writeObject(direct, map));
        }
    }
    std::vector<QPDFObjectHandle> imported;
    for (const auto& root : roots) {
        imported.push_back(numbers.at(root.getObjGen()));
    }
    return imported;
}

} // namespace vanthu::pdf
