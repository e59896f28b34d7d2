#include "SigningFixtures.hpp"

#include <podofo/podofo.h>

#include <mutex>

#include "vanthu/signing/CadesSignedData.hpp"
#include "vanthu/signing/RawPdf.hpp"

namespace vanthu::test {

using namespace PoDoFo;

const signing::DemoPki& demoPki() {
    static const signing::DemoPki pki;
    return pki;
}

const std::filesystem::path& demoPkiDir() {
    static TempDir dir;
    static std::once_flag once;
    std::call_once(once, [] { demoPki().writeTo(dir.path()); });
    return dir.path();
}

std::unique_ptr<signing::Pkcs12Key> demoKey(const std::string& name) {
    return signing::Pkcs12Key::fromFile((demoPkiDir() / (name + ".p12")).string(),
                                        signing::kDemoPassword);
}

std::string makeLetterPdf(bool withFields) {
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    PdfMemDocument doc;
    doc.SetPdfVersion(ePdfVersion_1_7);
    PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
    PdfFont* font = doc.CreateFontSubset(
        "Liberation Serif", false, false, false, new PdfIdentityEncoding(0, 0xffff, true),
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf");
    {
        PdfPainter painter;
        painter.SetPage(page);
        font->SetFontSize(13);
        painter.SetFont(font);
        painter.DrawText(
            70, 760,
            PdfString(reinterpret_cast<const pdf_utf8*>("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")));
        painter.DrawText(
            70, 700,
            PdfString(reinterpret_cast<const pdf_utf8*>("Kính gửi: Ủy ban nhân dân tỉnh Demo.")));
        painter.DrawText(340, 260, PdfString(reinterpret_cast<const pdf_utf8*>("BỘ TRƯỞNG")));
        painter.DrawText(340, 150, PdfString(reinterpret_cast<const pdf_utf8*>("Nguyễn Văn An")));
        painter.FinishPage();
    }
    if (withFields) {
        PdfAcroForm* form = doc.GetAcroForm(true, ePdfAcroFormDefaultAppearance_None);
        PdfArray fields;
        auto addField = [&](const char* name, const PdfRect& rect) {
            PdfObject* field = doc.GetObjects().CreateObject("Annot");
            PdfDictionary& dict = field->GetDictionary();
            dict.AddKey(PdfName("Subtype"), PdfName("Widget"));
            dict.AddKey(PdfName("FT"), PdfName("Sig"));
            dict.AddKey(PdfName("T"), PdfString(name));
            PdfVariant r;
            rect.ToVariant(r);
            dict.AddKey(PdfName("Rect"), r);
            dict.AddKey(PdfName("F"), PdfObject(static_cast<pdf_int64>(4)));
            dict.AddKey(PdfName("P"), page->GetObject()->Reference());
            fields.push_back(field->Reference());
            return field->Reference();
        };
        PdfArray annots;
        annots.push_back(addField("SignerSignature", PdfRect(320, 170, 200, 80)));
        annots.push_back(addField("SealSignature", PdfRect(298, 155, 110, 110)));
        page->GetObject()->GetDictionary().AddKey(PdfName("Annots"), annots);
        form->GetObject()->GetDictionary().AddKey(PdfName("Fields"), fields);
    }
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc.Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
}

ExtractedSignature extractSignature(const std::string& pdf, int index) {
    // A plain scan, independent of the library's reader: the n-th "/ByteRange [".
    size_t at = 0;
    for (int i = 0; i <= index; ++i) {
        at = pdf.find("/ByteRange", at + 1);
        if (at == std::string::npos) {
            throw std::runtime_error("no such signature");
        }
    }
    const size_t open = pdf.find('[', at);
    long long a = 0, b = 0, c = 0, d = 0;
    if (std::sscanf(pdf.c_str() + open, "[%lld %lld %lld %lld", &a, &b, &c, &d) != 4) {
        throw std::runtime_error("bad ByteRange");
    }
    ExtractedSignature result;
    result.signedBytes = pdf.substr(static_cast<size_t>(a), static_cast<size_t>(b)) +
                         pdf.substr(static_cast<size_t>(c), static_cast<size_t>(d));
    const std::string hex = pdf.substr(static_cast<size_t>(b) + 1, static_cast<size_t>(c - b - 2));
    std::string der;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        der += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    der.resize(signing::der::tlvLength(der));
    result.cms = der;
    return result;
}

ProcessResult pdfsig(const std::filesystem::path& pdf) {
    return run({"pdfsig", pdf.string()});
}

} // namespace vanthu::test
