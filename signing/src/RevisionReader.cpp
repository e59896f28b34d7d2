#include "RevisionReader.hpp"

#include <qpdf/QPDFXRefEntry.hh>

namespace vanthu::signing {

using raw::Value;
using Kind = raw::Value::Kind;

namespace {

class RawReader : public RevisionReader {
public:
    explicit RawReader(const raw::RawPdf& file) : file_(file) {}
    std::size_t count() const override { return file_.revisions().size(); }
    const std::map<int, raw::XrefEntry>& entries(std::size_t j) const override {
        return file_.revisions()[j].entries;
    }
    const Value& trailer(std::size_t j) const override { return file_.revisions()[j].trailer; }
    std::optional<raw::IndirectObject> object(int num, std::size_t j) const override {
        return file_.object(num, j);
    }
    Value resolve(const Value& value, std::size_t j) const override {
        return file_.resolve(value, j);
    }
    bool same(int, std::size_t, std::size_t, const raw::IndirectObject& a,
              const raw::IndirectObject& b) const override {
        return b.sameAs(a, file_.bytes());
    }

private:
    const raw::RawPdf& file_;
};

constexpr int kMaxDepth = 64;

/// A qpdf object as a raw::Value; indirect objects below the top become references.
Value toValue(QPDFObjectHandle object, bool top, int depth) {
    Value v;
    if (depth > kMaxDepth) {
        throw pdf::DamagedPdf("an object nests deeper than " + std::to_string(kMaxDepth));
    }
    if (!top && object.isIndirect()) {
        v.kind = Kind::Ref;
        v.ref = raw::Ref{object.getObjectID(), object.getGeneration()};
        return v;
    }
    if (object.isBool()) {
        v.kind = Kind::Bool;
        v.boolean = object.getBoolValue();
    } else if (object.isInteger()) {
        v.kind = Kind::Integer;
        v.integer = object.getIntValue();
    } else if (object.isReal()) {
        v.kind = Kind::Real;
        v.real = object.getNumericValue();
    } else if (object.isString()) {
        v.kind = Kind::String;
        v.text = object.getStringValue();
    } else if (object.isName()) {
        v.kind = Kind::Name;
        v.text = object.getName().substr(1);
    } else if (object.isArray()) {
        v.kind = Kind::Array;
        v.array = std::make_shared<raw::Array>();
        for (auto& item : object.aitems()) {
            v.array->push_back(toValue(item, false, depth + 1));
        }
    } else if (object.isDictionary() || object.isStream()) {
        QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
        v.kind = Kind::Dict;
        v.dict = std::make_shared<raw::Dict>();
        for (auto& [key, item] : dict.ditems()) {
            if (!item.isNull()) {
                v.dict->emplace_back(key.substr(1), toValue(item, false, depth + 1));
            }
        }
    }
    return v;
}

class QpdfReader : public RevisionReader {
public:
    QpdfReader(std::string_view bytes, const std::vector<pdf::RevisionMark>& marks) {
        std::map<QPDFObjGen, QPDFXRefEntry> previous;
        for (std::size_t j = 0; j < marks.size(); ++j) {
            documents_.push_back(pdf::openRevision(bytes, marks[j]));
            if (documents_.back().repaired()) {
                throw pdf::DamagedPdf("the cross-reference data of revision " +
                                      std::to_string(j + 1) + " is damaged");
            }
            auto table = documents_.back().qpdf().getXRefTable();
            std::map<int, raw::XrefEntry> defined;
            for (const auto& [og, entry] : table) {
                const auto old = previous.find(og);
                const bool changed =
                    old == previous.end() || old->second.getType() != entry.getType() ||
                    (entry.getType() == 1 && old->second.getOffset() != entry.getOffset()) ||
                    (entry.getType() == 2 &&
                     (old->second.getObjStreamNumber() != entry.getObjStreamNumber() ||
                      old->second.getObjStreamIndex() != entry.getObjStreamIndex()));
                if (changed) {
                    raw::XrefEntry e;
                    e.gen = og.getGen();
                    e.inUse = entry.getType() != 0;
                    e.offset =
                        entry.getType() == 1 ? static_cast<std::size_t>(entry.getOffset()) : 0;
                    defined[og.getObj()] = e;
                }
            }
            // An object the previous revision had and this one's table no longer lists.
            for (const auto& [og, entry] : previous) {
                if (!table.count(og) && !defined.count(og.getObj())) {
                    defined[og.getObj()] = raw::XrefEntry{0, og.getGen(), false};
                }
            }
            std::map<int, QPDFObjGen> live;
            for (const auto& [og, entry] : table) {
                if (entry.getType() != 0) {
                    live[og.getObj()] = og;
                }
            }
            live_.push_back(std::move(live));
            entries_.push_back(std::move(defined));
            trailers_.push_back(toValue(documents_.back().trailer(), true, 0));
            previous = std::move(table);
        }
    }

    std::size_t count() const override { return documents_.size(); }
    const std::map<int, raw::XrefEntry>& entries(std::size_t j) const override {
        return entries_[j];
    }
    const Value& trailer(std::size_t j) const override { return trailers_[j]; }

    std::optional<raw::IndirectObject> object(int num, std::size_t j) const override {
        auto handle = find(num, j);
        if (!handle) {
            return std::nullopt;
        }
        raw::IndirectObject object;
        object.ref = raw::Ref{num, handle->getGeneration()};
        object.value = toValue(*handle, true, 0);
        object.hasStream = handle->isStream();
        return object;
    }

    Value resolve(const Value& value, std::size_t j) const override {
        Value current = value;
        for (int depth = 0; current.is(Kind::Ref) && depth < 32; ++depth) {
            const auto object = this->object(current.ref.num, j);
            if (!object || object->ref.gen != current.ref.gen) {
                return Value{};
            }
            current = object->value;
        }
        return current.is(Kind::Ref) ? Value{} : current;
    }

    bool same(int num, std::size_t before, std::size_t after, const raw::IndirectObject& a,
              const raw::IndirectObject& b) const override {
        if (a.hasStream != b.hasStream || !a.value.sameAs(b.value)) {
            return false;
        }
        if (!a.hasStream) {
            return true;
        }
        auto data = [&](std::size_t j) {
            const auto buffer = find(num, j)->getRawStreamData();
            return std::string(reinterpret_cast<const char*>(buffer->getBuffer()),
                               buffer->getSize());
        };
        return data(before) == data(after);
    }

private:
    std::optional<QPDFObjectHandle> find(int num, std::size_t j) const {
        const auto at = live_[j].find(num);
        if (at == live_[j].end()) {
            return std::nullopt;
        }
        QPDFObjectHandle handle = documents_[j].qpdf().getObjectByObjGen(at->second);
        if (handle.isNull()) {
            return std::nullopt;
        }
        return handle;
    }

    std::vector<pdf::PdfDocument> documents_;
    std::vector<std::map<int, raw::XrefEntry>> entries_;
    std::vector<std::map<int, QPDFObjGen>> live_; ///< in-use objects of each revision
    std::vector<Value> trailers_;
};

} // namespace

std::unique_ptr<RevisionReader> rawRevisionReader(const raw::RawPdf& file) {
    return std::make_unique<RawReader>(file);
}

std::unique_ptr<RevisionReader> qpdfRevisionReader(std::string_view bytes,
                                                   const std::vector<pdf::RevisionMark>& marks) {
    return std::make_unique<QpdfReader>(bytes, marks);
}

} // namespace vanthu::signing
