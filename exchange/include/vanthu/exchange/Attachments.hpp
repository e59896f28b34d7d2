#pragma once
// The payload of a document package as real writers send it: ContentIds with or without
// "cid:", the main document not marked (it is the PDF), and every file other than pdf, doc,
// docx, xls, xlsx and zip zipped alone and sent as application/zip under its own name.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/exchange/EdxmlPackage.hpp"

namespace vanthu::exchange {

/// "cid:3f2c…" → "3f2c…" (and surrounding whitespace or angle brackets dropped).
std::string bareContentId(std::string_view contentId);

/// Bounds for unpacking a zipped attachment (zip bombs).
struct UnzipLimits {
    std::size_t maxBytes = 64u << 20;  ///< the unpacked file
    std::size_t maxRatio = 200;        ///< unpacked size / packed size, above minimumCap
    std::size_t minimumCap = 1u << 20; ///< small files may compress better than maxRatio
};

/// Whether the attachment is a file the writer zipped (application/zip, a name not ending in
/// ".zip").
bool isZippedFile(const Attachment& attachment);

/// The attachment as the sender's user had it: a zipped file (isZippedFile) becomes its single
/// entry, with a content type taken from its name; anything else is returned as it is. Throws
/// RefusedPackage(Invalid) naming the attachment when the zip is not one entry, is damaged or
/// goes over the limits.
Attachment unpacked(const Attachment& attachment, const UnzipLimits& limits = {});

/// The main document among the attachments: the first application/pdf (or a ".pdf" name with
/// a generic type), one named "….signed.pdf" preferred. Empty when there is no PDF.
std::optional<std::size_t> mainDocument(const std::vector<Attachment>& attachments);

} // namespace vanthu::exchange
