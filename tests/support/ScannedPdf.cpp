#include "ScannedPdf.hpp"

#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "TestSupport.hpp"

namespace vanthu::test {

namespace {

/// A PDF whose one page is the image of a binary PGM ("P5", grey) or PBM ("P4", black and white)
/// file at `dpi`.
std::string imageOnlyPdf(const std::string& pnm, int dpi) {
    std::istringstream in(pnm);
    std::string magic;
    int width = 0, height = 0, maxValue = 0;
    in >> magic >> width >> height;
    const bool mono = magic == "P4";
    if (!mono) {
        in >> maxValue;
    }
    in.get();
    const std::string pixels = pnm.substr(static_cast<std::size_t>(in.tellg()));
    const auto rowBytes = static_cast<std::size_t>(mono ? (width + 7) / 8 : width);
    if ((magic != "P5" && !mono) || pixels.size() != rowBytes * static_cast<std::size_t>(height)) {
        throw std::invalid_argument("not a binary PGM or PBM");
    }
    // PBM: 1 is black; in a 1-bit DeviceGray image 0 is black, hence the Decode array.
    const std::string bits = mono ? "1 /Decode [1 0]" : "8";
    const double w = width * 72.0 / dpi, h = height * 72.0 / dpi;
    const std::string content =
        "q " + std::to_string(w) + " 0 0 " + std::to_string(h) + " 0 0 cm /Im0 Do Q";
    const std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + std::to_string(w) + " " +
            std::to_string(h) + "] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /XObject /Subtype /Image /Width " + std::to_string(width) + " /Height " +
            std::to_string(height) + " /ColorSpace /DeviceGray /BitsPerComponent " + bits +
            " /Length " + std::to_string(pixels.size()) + " >>\nstream\n" + pixels + "\nendstream",
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
    };
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const auto xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (const auto offset : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

} // namespace

std::string scannedPdf(const std::string& pdf, int dpi) {
    TempDir dir;
    writeFile(dir / "letter.pdf", pdf);
    const auto width = std::to_string(dpi * 827 / 100), height = std::to_string(dpi * 373 / 100);
    const auto raster = run({"pdftoppm", "-r", std::to_string(dpi), "-mono", "-f", "1", "-l", "1",
                             "-x", "0", "-y", "0", "-W", width, "-H", height,
                             (dir / "letter.pdf").string(), (dir / "scan").string()});
    if (raster.exitCode != 0) {
        throw std::runtime_error("pdftoppm failed: " + raster.err);
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        if (entry.path().extension() == ".pbm") {
            return imageOnlyPdf(readFile(entry.path()), dpi);
        }
    }
    throw std::runtime_error("pdftoppm wrote no image");
}

} // namespace vanthu::test
