#include "ReportWire.hpp"

#include <cstdint>
#include <stdexcept>

namespace vanthu::signing::wire {

namespace {

class Writer {
public:
    void number(std::int64_t value) {
        for (int i = 0; i < 8; ++i) {
            out += static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xff);
        }
    }
    void text(const std::string& value) {
        number(static_cast<std::int64_t>(value.size()));
        out += value;
    }
    std::string out;
};

class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    std::int64_t number() {
        need(8);
        std::uint64_t value = 0;
        for (int i = 0; i < 8; ++i) {
            value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[at_ + i]))
                     << (8 * i);
        }
        at_ += 8;
        return static_cast<std::int64_t>(value);
    }
    bool flag() { return number() != 0; }
    std::size_t count() {
        const std::int64_t n = number();
        if (n < 0 || static_cast<std::uint64_t>(n) > bytes_.size()) {
            throw std::runtime_error("unreadable verification report");
        }
        return static_cast<std::size_t>(n);
    }
    std::string text() {
        const std::size_t n = count();
        need(n);
        std::string value(bytes_.substr(at_, n));
        at_ += n;
        return value;
    }
    bool done() const { return at_ == bytes_.size(); }

private:
    void need(std::size_t n) const {
        if (bytes_.size() - at_ < n) {
            throw std::runtime_error("unreadable verification report");
        }
    }
    std::string_view bytes_;
    std::size_t at_ = 0;
};

} // namespace

std::string pack(const VerifyReport& report) {
    Writer w;
    w.text(report.file);
    w.number(report.revisions);
    w.number(report.ok);
    w.number(static_cast<std::int64_t>(report.errors.size()));
    for (const auto& e : report.errors) {
        w.text(e);
    }
    w.number(static_cast<std::int64_t>(report.unsignedFields.size()));
    for (const auto& f : report.unsignedFields) {
        w.text(f);
    }
    w.number(static_cast<std::int64_t>(report.signatures.size()));
    for (const auto& s : report.signatures) {
        w.number(s.index);
        for (const std::string* t :
             {&s.field, &s.kind, &s.role, &s.subFilter, &s.signer, &s.signerSubject, &s.issuer,
              &s.serialNumber, &s.claimedTime, &s.timeStampTime, &s.level, &s.provedAt}) {
            w.text(*t);
        }
        w.number(s.revision);
        for (const bool b : {s.coversWholeDocument, s.valid, s.trusted, s.locksDocument, s.ok}) {
            w.number(b);
        }
        w.number(static_cast<std::int64_t>(s.checks.size()));
        for (const auto& c : s.checks) {
            w.text(c.name);
            w.text(c.status);
            w.text(c.detail);
        }
        w.number(static_cast<std::int64_t>(s.changes.size()));
        for (const auto& c : s.changes) {
            w.number(c.revision);
            w.text(c.object);
            w.text(c.description);
            w.number(c.allowed);
        }
    }
    return w.out;
}

VerifyReport unpack(std::string_view bytes) {
    Reader r(bytes);
    VerifyReport report;
    report.file = r.text();
    report.revisions = static_cast<int>(r.number());
    report.ok = r.flag();
    for (std::size_t n = r.count(); n > 0; --n) {
        report.errors.push_back(r.text());
    }
    for (std::size_t n = r.count(); n > 0; --n) {
        report.unsignedFields.push_back(r.text());
    }
    for (std::size_t n = r.count(); n > 0; --n) {
        SignatureReport s;
        s.index = static_cast<int>(r.number());
        for (std::string* t :
             {&s.field, &s.kind, &s.role, &s.subFilter, &s.signer, &s.signerSubject, &s.issuer,
              &s.serialNumber, &s.claimedTime, &s.timeStampTime, &s.level, &s.provedAt}) {
            *t = r.text();
        }
        s.revision = static_cast<int>(r.number());
        for (bool* b : {&s.coversWholeDocument, &s.valid, &s.trusted, &s.locksDocument, &s.ok}) {
            *b = r.flag();
        }
        for (std::size_t k = r.count(); k > 0; --k) {
            VerifyCheck c;
            c.name = r.text();
            c.status = r.text();
            c.detail = r.text();
            s.checks.push_back(std::move(c));
        }
        for (std::size_t k = r.count(); k > 0; --k) {
            DocumentChange c;
            c.revision = static_cast<int>(r.number());
            c.object = r.text();
            c.description = r.text();
            c.allowed = r.flag();
            s.changes.push_back(std::move(c));
        }
        report.signatures.push_back(std::move(s));
    }
    if (!r.done()) {
        throw std::runtime_error("unreadable verification report");
    }
    return report;
}

} // namespace vanthu::signing::wire
