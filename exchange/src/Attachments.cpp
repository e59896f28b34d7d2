#include "vanthu/exchange/Attachments.hpp"

#include <Poco/Exception.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "vanthu/exchange/PackageReader.hpp"

namespace vanthu::exchange {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool endsWith(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The content type of a file by its name, as the axis's writers label what they send.
std::string contentTypeOf(const std::string& name) {
    static const std::pair<const char*, const char*> known[] = {
        {".pdf", "application/pdf"},
        {".doc", "application/msword"},
        {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {".xls", "application/vnd.ms-excel"},
        {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {".odt", "application/vnd.oasis.opendocument.text"},
        {".ods", "application/vnd.oasis.opendocument.spreadsheet"},
        {".txt", "text/plain"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".png", "image/png"},
    };
    const std::string n = lower(name);
    for (const auto& [extension, type] : known) {
        if (endsWith(n, extension)) {
            return type;
        }
    }
    return "application/octet-stream";
}

RefusedPackage badZip(const Attachment& attachment, const std::string& why) {
    const std::string problem =
        "Tệp đính kèm \"" + attachment.attachmentName + "\" (nén zip) không mở được: " + why + ".";
    return RefusedPackage(Refusal::Invalid, problem, {problem});
}

} // namespace

std::string bareContentId(std::string_view id) {
    const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!id.empty() && space(id.front())) {
        id.remove_prefix(1);
    }
    while (!id.empty() && space(id.back())) {
        id.remove_suffix(1);
    }
    if (id.size() >= 2 && id.front() == '<' && id.back() == '>') {
        id = id.substr(1, id.size() - 2);
    }
    if (id.size() >= 4 && lower(std::string(id.substr(0, 4))) == "cid:") {
        id.remove_prefix(4);
    }
    return std::string(id);
}

bool isZippedFile(const Attachment& attachment) {
    const std::string type = lower(attachment.contentType);
    return (type == "application/zip" || type == "application/x-zip-compressed") &&
           !endsWith(lower(attachment.attachmentName), ".zip");
}

namespace {

/// Whether every zip64 end-of-central-directory record ("PK\x06\x06") names a size that fits
/// in the file: Poco::Zip allocates what that 64-bit field says before reading it (found by the
/// edxml_zip_attachment fuzz target: a 200-byte attachment asking for exabytes).
bool zip64RecordsFit(std::string_view bytes) {
    constexpr std::string_view kSignature("PK\x06\x06", 4);
    for (auto at = bytes.find(kSignature); at != std::string_view::npos;
         at = bytes.find(kSignature, at + 1)) {
        if (bytes.size() - at < 12) {
            return false;
        }
        std::uint64_t size = 0;
        for (int i = 7; i >= 0; --i) {
            size = (size << 8) | static_cast<unsigned char>(bytes[at + 4 + static_cast<size_t>(i)]);
        }
        if (size > bytes.size() - at - 12) {
            return false;
        }
    }
    return true;
}

} // namespace

Attachment unpacked(const Attachment& attachment, const UnzipLimits& limits) {
    if (!isZippedFile(attachment)) {
        return attachment;
    }
    if (attachment.bytes.compare(0, 4, "PK\x03\x04") != 0) {
        throw badZip(attachment, "không phải tệp zip");
    }
    const std::size_t cap = std::min(
        limits.maxBytes, std::max(attachment.bytes.size() * limits.maxRatio, limits.minimumCap));
    if (!zip64RecordsFit(attachment.bytes)) {
        throw badZip(attachment, "bản ghi zip64 ghi độ dài vượt quá tệp");
    }
    Attachment out = attachment;
    try {
        std::istringstream in(attachment.bytes);
        const Poco::Zip::ZipArchive archive(in);
        const Poco::Zip::ZipLocalFileHeader* entry = nullptr;
        for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
            // Poco's isDirectory() reads the name's last character: an empty name is refused
            // first (found by the edxml_zip_attachment fuzz target).
            if (it->second.getFileName().empty()) {
                throw badZip(attachment, "có tệp bên trong không có tên");
            }
            if (it->second.isDirectory()) {
                continue;
            }
            if (entry != nullptr) {
                throw badZip(attachment, "có nhiều hơn một tệp bên trong");
            }
            entry = &it->second;
        }
        if (entry == nullptr) {
            throw badZip(attachment, "không có tệp nào bên trong");
        }
        const auto method = entry->getCompressionMethod();
        if (method != Poco::Zip::ZipCommon::CM_STORE &&
            method != Poco::Zip::ZipCommon::CM_DEFLATE) {
            throw badZip(attachment, "kiểu nén không hỗ trợ");
        }
        if (entry->getUncompressedSize() > cap) {
            throw badZip(attachment, "tệp bên trong lớn quá giới hạn");
        }
        in.clear();
        Poco::Zip::ZipInputStream stream(in, *entry, true);
        std::string content;
        char buffer[65536];
        while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
            content.append(buffer, static_cast<std::size_t>(stream.gcount()));
            if (content.size() > cap) {
                throw badZip(attachment, "tệp bên trong lớn quá giới hạn");
            }
        }
        out.bytes = std::move(content);
    } catch (const RefusedPackage&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw badZip(attachment, e.displayText());
    } catch (const std::exception&) { // std::bad_alloc, std::length_error from a damaged header
        throw badZip(attachment, "cấu trúc tệp nén hỏng");
    }
    out.contentType = contentTypeOf(out.attachmentName);
    return out;
}

std::optional<std::size_t> mainDocument(const std::vector<Attachment>& attachments) {
    std::optional<std::size_t> first;
    for (std::size_t i = 0; i < attachments.size(); ++i) {
        const std::string type = lower(attachments[i].contentType);
        const std::string name = lower(attachments[i].attachmentName);
        const bool generic = type.empty() || type == "application/octet-stream";
        if (type != "application/pdf" && !(generic && endsWith(name, ".pdf"))) {
            continue;
        }
        if (endsWith(name, ".signed.pdf")) {
            return i;
        }
        if (!first) {
            first = i;
        }
    }
    return first;
}

} // namespace vanthu::exchange
