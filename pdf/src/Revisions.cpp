#include "vanthu/pdf/Revisions.hpp"

#include <qpdf/BufferInputSource.hh>
#include <qpdf/QPDFTokenizer.hh>

#include <cctype>

namespace vanthu::pdf {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0';
}

/// The number after the last "startxref" in the 1024 bytes before a %%EOF marker at eof.
std::optional<std::size_t> startxrefBefore(std::string_view bytes, std::size_t eof) {
    const std::size_t from = eof > 1024 ? eof - 1024 : 0;
    const std::string_view window = bytes.substr(from, eof - from);
    const std::size_t keyword = window.rfind("startxref");
    if (keyword == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t i = keyword + 9;
    while (i < window.size() && isSpace(window[i])) {
        ++i;
    }
    std::size_t value = 0;
    std::size_t digits = 0;
    while (i < window.size() && std::isdigit(static_cast<unsigned char>(window[i])) &&
           digits < 15) {
        value = value * 10 + static_cast<std::size_t>(window[i] - '0');
        ++i;
        ++digits;
    }
    while (i < window.size() && isSpace(window[i])) {
        ++i;
    }
    if (digits == 0 || i != window.size()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::vector<RevisionMark> findRevisionMarks(std::string_view bytes, std::size_t maxCount) {
    std::vector<RevisionMark> marks;
    for (std::size_t at = bytes.find("%%EOF"); at != std::string_view::npos;
         at = bytes.find("%%EOF", at + 5)) {
        std::size_t end = at + 5;
        if (end < bytes.size() && bytes[end] == '\r') {
            ++end;
        }
        if (end < bytes.size() && bytes[end] == '\n') {
            ++end;
        }
        const auto startxref = startxrefBefore(bytes, at);
        // A linearized file's first-page section ends with "startxref 0 %%EOF": not a revision.
        if (!startxref || *startxref == 0 || *startxref >= at) {
            continue;
        }
        if (marks.size() == maxCount) {
            throw DamagedPdf("the file has more than " + std::to_string(maxCount) + " revisions");
        }
        marks.push_back(RevisionMark{end, startxref});
    }
    return marks;
}

PdfDocument openRevision(std::string_view bytes, const RevisionMark& mark,
                         const PdfLimits& limits) {
    if (mark.end > bytes.size()) {
        throw DamagedPdf("a revision ends past the end of the file");
    }
    return PdfDocument::open(bytes.substr(0, mark.end), limits, "revision");
}

std::optional<std::size_t> previousXref(std::string_view bytes, std::size_t startxref) {
    if (startxref >= bytes.size()) {
        return std::nullopt;
    }
    // The dictionary is a trailer after an xref table, or an xref stream's dictionary.
    const std::string_view window = bytes.substr(startxref, 1 << 20);
    std::size_t dict = std::string_view::npos;
    if (window.substr(0, 4) == "xref") {
        const std::size_t trailer = window.find("trailer");
        if (trailer != std::string_view::npos) {
            dict = window.find("<<", trailer);
        }
    } else {
        const std::size_t obj = window.find("obj");
        if (obj != std::string_view::npos && obj < 32) {
            dict = window.find("<<", obj);
        }
    }
    if (dict == std::string_view::npos) {
        return std::nullopt;
    }
    try {
        QPDF context;
        context.setSuppressWarnings(true); // a damaged dictionary only means "no /Prev"
        context.emptyPDF();
        auto input = std::make_shared<BufferInputSource>(
            "cross-reference dictionary", std::string(window.substr(dict, 64 * 1024)));
        QPDFTokenizer tokenizer;
        bool empty = false;
        QPDFObjectHandle object = QPDFObjectHandle::parse(input, "cross-reference dictionary",
                                                          tokenizer, empty, nullptr, &context);
        if (!object.isDictionary()) {
            return std::nullopt;
        }
        QPDFObjectHandle prev = object.getKey("/Prev");
        long long value = 0;
        if (prev.getValueAsInt(value) && value >= 0) {
            return static_cast<std::size_t>(value);
        }
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

} // namespace vanthu::pdf
