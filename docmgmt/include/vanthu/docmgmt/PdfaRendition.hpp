#pragma once
// The archival rendition of a PDF (NĐ 30 Phụ lục VI III.5e, "chuyển đổi định dạng"): a PDF/A-2b
// copy made by Ghostscript's pdfwrite (`-dPDFA=2`, fonts embedded, XMP with pdfaid:part 2 and
// conformance B, an OutputIntent with the sRGB ICC profile of Debian's icc-profiles-free). The
// signed original is never changed: the rendition sits beside it in the archive package
// (docs/archive.md, "PDF/A renditions"). Its signatures are not carried over (a rendition is a
// new file); the original keeps them.
#include <stdexcept>
#include <string>
#include <string_view>

namespace vanthu::docmgmt {

/// The rendition could not be made (Ghostscript missing, failed, or gave nothing).
class RenditionFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What a rendition is, as the manifest names it.
inline constexpr const char* kPdfaFormat = "PDF/A-2b";
/// The ICC profile of the OutputIntent (package icc-profiles-free).
inline constexpr const char* kSrgbProfile = "/usr/share/color/icc/sRGB.icc";

/// The PDF/A-2b rendition of pdf, made by `gs` in a scratch folder under a time limit.
std::string pdfaRendition(std::string_view pdf);

} // namespace vanthu::docmgmt
