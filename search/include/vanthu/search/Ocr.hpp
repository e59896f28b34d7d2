#pragma once
// Optical character recognition (nhận dạng chữ) of scanned pages with Tesseract and its
// Vietnamese data (Debian: tesseract-ocr-vie). One engine is not used by two threads at once:
// calls are serialised inside.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace vanthu::search {

class OcrError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Ocr {
public:
    /// Loads the language data ("vie", or "vie+eng"); throws OcrError when it is not installed.
    explicit Ocr(const std::string& languages = "vie");
    ~Ocr();
    Ocr(const Ocr&) = delete;
    Ocr& operator=(const Ocr&) = delete;

    /// The text of an image: 8-bit grey (bytesPerPixel 1) or RGB(A) (3 or 4) rows, scanned at
    /// dpi. NFC, lines as Tesseract finds them.
    std::string recognise(const unsigned char* pixels, int width, int height, int bytesPerPixel,
                          int bytesPerLine, int dpi);
    /// The text of an image file (PNG, TIFF, JPEG, PNM: whatever Leptonica reads).
    std::string recogniseFile(const std::filesystem::path& image);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace vanthu::search
