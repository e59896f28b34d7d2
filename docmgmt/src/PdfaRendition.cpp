#include "vanthu/docmgmt/PdfaRendition.hpp"

#include <Poco/Exception.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace vanthu::docmgmt {

namespace {

namespace fs = std::filesystem;

constexpr const char* kTimeLimitSeconds = "120";

/// Removes a folder and what it holds when it goes out of scope.
class ScratchFolder {
public:
    ScratchFolder() : path_(Poco::TemporaryFile::tempName()) {
        fs::create_directories(path_);
        fs::permissions(path_, fs::perms::owner_all, fs::perm_options::replace);
    }
    ~ScratchFolder() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void writeAll(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
        throw RenditionFailed("cannot write " + path.string());
    }
}

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
    ScratchFolder folder;
    writeAll(folder.path() / "in.pdf", pdf);
    writeAll(folder.path() / "pdfa.ps", pdfaDefinition());
    // sh only changes folder and redirects Ghostscript's messages; every path is ours.
    // -dNEWPDF=false: Ghostscript 10.0's new PDF interpreter drops the ToUnicode maps of the
    // letters' CID TrueType fonts (the text of the rendition is then not Vietnamese any more);
    // the older interpreter keeps them.
    const std::string command =
        std::string("cd \"$1\" && exec timeout ") + kTimeLimitSeconds +
        " gs -q -dNEWPDF=false -dPDFA=2 -dPDFACompatibilityPolicy=1 -dBATCH -dNOPAUSE -dSAFER"
        " --permit-file-read=" +
        kSrgbProfile +
        " -sColorConversionStrategy=RGB -sDEVICE=pdfwrite -dEmbedAllFonts=true"
        " -sOutputFile=out.pdf pdfa.ps in.pdf >messages.txt 2>&1";
    int status = -1;
    try {
        auto handle =
            Poco::Process::launch("/bin/sh", {"-c", command, "sh", folder.path().string()});
        status = handle.wait();
    } catch (const Poco::Exception& e) {
        throw RenditionFailed("gs cannot be started: " + e.displayText());
    }
    const auto bytes = readAll(folder.path() / "out.pdf");
    const auto messages = readAll(folder.path() / "messages.txt");
    if (status != 0 || bytes.empty() ||
        messages.find("PDF/A processing aborted") != std::string::npos) {
        throw RenditionFailed("gs did not make a PDF/A rendition (exit " + std::to_string(status) +
                              "): " + messages.substr(0, 500));
    }
    return bytes;
}

} // namespace vanthu::docmgmt
