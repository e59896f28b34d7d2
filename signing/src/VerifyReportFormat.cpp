// The verification report as JSON (docs/verify-report.md) and as text. No Poco here: the
// vanthu executable's verify verb loads only OpenSSL and zlib (docs/performance.md).
#include <sstream>

#include "vanthu/signing/SignatureVerifier.hpp"

namespace vanthu::signing {

namespace {

/// Replaces bytes that are not UTF-8 by U+FFFD so the JSON stays valid.
std::string validUtf8(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = n > 0 && i + n <= text.size();
        for (size_t k = 1; ok && k < n; ++k) {
            ok = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
        }
        if (ok) {
            out.append(text, i, n);
            i += n;
        } else {
            out += "\xef\xbf\xbd";
            ++i;
        }
    }
    return out;
}

std::string quote(const std::string& raw) {
    const std::string text = validUtf8(raw);
    std::string out = "\"";
    for (const unsigned char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

std::string boolean(bool b) {
    return b ? "true" : "false";
}

template <typename T, typename F> std::string list(const std::vector<T>& items, F&& each) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
        out += (i ? ", " : "") + each(items[i]);
    }
    return out + "]";
}

} // namespace

std::string toJson(const VerifyReport& report) {
    std::ostringstream out;
    out << "{\n  \"format\": \"vanthu-verify-report/1\",\n";
    out << "  \"file\": " << quote(report.file) << ",\n";
    out << "  \"ok\": " << boolean(report.ok) << ",\n";
    out << "  \"revisions\": " << report.revisions << ",\n";
    out << "  \"errors\": " << list(report.errors, quote) << ",\n";
    out << "  \"unsignedFields\": " << list(report.unsignedFields, quote) << ",\n";
    out << "  \"signatures\": [";
    for (size_t i = 0; i < report.signatures.size(); ++i) {
        const auto& s = report.signatures[i];
        out << (i ? "," : "") << "\n    {\n";
        out << "      \"index\": " << s.index << ",\n";
        out << "      \"field\": " << quote(s.field) << ",\n";
        out << "      \"kind\": " << quote(s.kind) << ",\n";
        out << "      \"role\": " << quote(s.role) << ",\n";
        out << "      \"subFilter\": " << quote(s.subFilter) << ",\n";
        out << "      \"signer\": " << quote(s.signer) << ",\n";
        out << "      \"signerSubject\": " << quote(s.signerSubject) << ",\n";
        out << "      \"issuer\": " << quote(s.issuer) << ",\n";
        out << "      \"serialNumber\": " << quote(s.serialNumber) << ",\n";
        out << "      \"claimedTime\": " << quote(s.claimedTime) << ",\n";
        out << "      \"timeStampTime\": " << quote(s.timeStampTime) << ",\n";
        out << "      \"level\": " << quote(s.level) << ",\n";
        out << "      \"provedAt\": " << quote(s.provedAt) << ",\n";
        out << "      \"revision\": " << s.revision << ",\n";
        out << "      \"coversWholeDocument\": " << boolean(s.coversWholeDocument) << ",\n";
        out << "      \"locksDocument\": " << boolean(s.locksDocument) << ",\n";
        out << "      \"valid\": " << boolean(s.valid) << ",\n";
        out << "      \"trusted\": " << boolean(s.trusted) << ",\n";
        out << "      \"ok\": " << boolean(s.ok) << ",\n";
        out << "      \"checks\": " << list(s.checks, [](const VerifyCheck& c) {
            return "{\"name\": " + quote(c.name) + ", \"status\": " + quote(c.status) +
                   ", \"detail\": " + quote(c.detail) + "}";
        }) << ",\n";
        out << "      \"changes\": " << list(s.changes, [](const DocumentChange& c) {
            return "{\"revision\": " + std::to_string(c.revision) +
                   ", \"object\": " + quote(c.object) +
                   ", \"description\": " + quote(c.description) +
                   ", \"allowed\": " + boolean(c.allowed) + "}";
        }) << "\n";
        out << "    }";
    }
    out << (report.signatures.empty() ? "]\n" : "\n  ]\n") << "}\n";
    return out.str();
}

std::string toText(const VerifyReport& report) {
    std::ostringstream out;
    out << (report.file.empty() ? "document" : report.file) << ": "
        << (report.ok ? "all signatures valid and trusted" : "NOT VALID") << " ("
        << report.revisions << " revision" << (report.revisions == 1 ? "" : "s") << ")\n";
    for (const auto& e : report.errors) {
        out << "  error: " << e << "\n";
    }
    for (const auto& s : report.signatures) {
        out << "signature " << s.index << " (" << s.field << ", " << s.role
            << "): " << (s.ok ? "OK" : "FAILED") << "\n";
        out << "  signer: " << (s.signer.empty() ? "?" : s.signer) << "\n";
        if (!s.claimedTime.empty()) {
            out << "  claimed time: " << s.claimedTime << "\n";
        }
        if (!s.timeStampTime.empty()) {
            out << "  time-stamp: " << s.timeStampTime << "\n";
        }
        if (!s.provedAt.empty()) {
            out << "  proved at: " << s.provedAt << "\n";
        }
        out << "  level: " << s.level << ", revision " << s.revision
            << (s.coversWholeDocument ? " (the whole document)" : "") << "\n";
        for (const auto& c : s.checks) {
            out << "  " << c.name << ": " << c.status << ": " << c.detail << "\n";
        }
        for (const auto& c : s.changes) {
            out << "  change in revision " << c.revision << " (" << c.object
                << "): " << c.description << (c.allowed ? " [allowed]" : " [NOT ALLOWED]") << "\n";
        }
    }
    for (const auto& f : report.unsignedFields) {
        out << "unsigned field: " << f << "\n";
    }
    return out.str();
}

} // namespace vanthu::signing
