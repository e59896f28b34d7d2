#include "vanthu/docmgmt/PdfaRendition.hpp"

#include "vanthu/tools/ToolRun.hpp"

#include <filesystem>

namespace vanthu::docmgmt {

namespace {

namespace fs = std::filesystem;

constexpr std::chrono::seconds kTimeLimit{120};
/// A rendition is a few times the letter at most; Ghostscript writing more is stopped here.
constexpr std::size_t kMaxRenditionBytes = 256u << 20;

/// Ghostscript's PDFA_def.ps (lib/PDFA_def.ps of the ghostscript package) with our profile:
/// the ICC stream and the OutputIntent (GTS_PDFA1) in the catalog.
std::string pdfaDefinition() {
    return std::string("%!\n"
                       "/ICCProfile (") +
           kSrgbProfile +
           ") def\n"
           "[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark\n"
           "[{icc_PDFA} << /N 3 >> /PUT pdfmark\n"
           "[{icc_PDFA} ICCProfile (r) file /PUT pdfmark\n"
           "[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark\n"
           "[{OutputIntent_PDFA} <<\n"
           "  /Type /OutputIntent\n"
           "  /S /GTS_PDFA1\n"
           "  /DestOutputProfile {icc_PDFA}\n"
           "  /OutputConditionIdentifier (sRGB IEC61966-2.1)\n"
           "  /Info (sRGB IEC61966-2.1)\n"
           ">> /PUT pdfmark\n"
           "[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark\n";
}

} // namespace

std::string pdfaRendition(std::string_view pdf) {
    if (!fs::exists(kSrgbProfile)) {
        throw RenditionFailed(std::string("the sRGB ICC profile ") + kSrgbProfile +
                              " is missing (Debian package icc-profiles-free)");
    }
    try {
        const tools::ScratchFolder folder("vanthu-pdfa");
        folder.write("in.pdf", pdf);
        folder.write("pdfa.ps", pdfaDefinition());
        // -dNEWPDF=false: Ghostscript 10.0's new PDF interpreter drops the ToUnicode maps of the
        // letters' CID TrueType fonts (the text of the rendition is then not Vietnamese any
        // more); the older interpreter keeps them.
        const auto run = tools::runTool(
            folder, "gs",
            {"-q", "-dNEWPDF=false", "-dPDFA=2", "-dPDFACompatibilityPolicy=1", "-dBATCH",
             "-dNOPAUSE", "-dSAFER", std::string("--permit-file-read=") + kSrgbProfile,
             "-sColorConversionStrategy=RGB", "-sDEVICE=pdfwrite", "-dEmbedAllFonts=true",
             "-sOutputFile=out.pdf", "pdfa.ps", "in.pdf"},
            {kTimeLimit, 8000});
        const auto bytes = folder.read("out.pdf", kMaxRenditionBytes);
        if (!run.succeeded() || bytes.empty() || bytes.size() > kMaxRenditionBytes ||
            run.messages.find("PDF/A processing aborted") != std::string::npos) {
            throw RenditionFailed("gs did not make a PDF/A rendition (exit " +
                                  std::to_string(run.exitCode) +
                                  "): " + run.messages.substr(0, 500));
        }
        return bytes;
    } catch (const tools::ToolMissing& e) {
        throw RenditionFailed(e.what());
    } catch (const tools::ScratchFolderError& e) {
        throw RenditionFailed(e.what());
    }
}

} // namespace vanthu::docmgmt
