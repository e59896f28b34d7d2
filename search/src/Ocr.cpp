#include "vanthu/search/Ocr.hpp"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

#include <mutex>

#include "vanthu/templates/Unicode.hpp"

namespace vanthu::search {

namespace {

struct PixDeleter {
    void operator()(Pix* pix) const { pixDestroy(&pix); }
};

struct TextDeleter {
    void operator()(char* text) const { delete[] text; }
};

std::string takeText(char* raw) {
    const std::unique_ptr<char, TextDeleter> text(raw);
    if (!text) {
        return {};
    }
    try {
        return templates::toNfc(text.get());
    } catch (const std::invalid_argument&) {
        return text.get();
    }
}

} // namespace

struct Ocr::Impl {
    std::mutex mutex;
    tesseract::TessBaseAPI api;
};

Ocr::Ocr(const std::string& languages) : impl_(std::make_unique<Impl>()) {
    if (impl_->api.Init(nullptr, languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
        throw OcrError("Tesseract cannot load the language data \"" + languages +
                       "\"; install tesseract-ocr-vie.");
    }
    impl_->api.SetPageSegMode(tesseract::PSM_AUTO);
}

Ocr::~Ocr() {
    impl_->api.End();
}

std::string Ocr::recognise(const unsigned char* pixels, int width, int height, int bytesPerPixel,
                           int bytesPerLine, int dpi) {
    std::lock_guard lock(impl_->mutex);
    impl_->api.SetImage(pixels, width, height, bytesPerPixel, bytesPerLine);
    impl_->api.SetSourceResolution(dpi);
    auto text = takeText(impl_->api.GetUTF8Text());
    impl_->api.Clear();
    return text;
}

std::string Ocr::recogniseFile(const std::filesystem::path& image) {
    const std::unique_ptr<Pix, PixDeleter> pix(pixRead(image.c_str()));
    if (!pix) {
        throw OcrError("The image " + image.string() + " cannot be read.");
    }
    std::lock_guard lock(impl_->mutex);
    impl_->api.SetImage(pix.get());
    if (pixGetXRes(pix.get()) <= 0) {
        impl_->api.SetSourceResolution(300);
    }
    auto text = takeText(impl_->api.GetUTF8Text());
    impl_->api.Clear();
    return text;
}

} // namespace vanthu::search
