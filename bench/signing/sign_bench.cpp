// In-process signing and verification rate: PAdES B-B, RSA 2048, a one-page letter.
// Usage: bench_signing [seconds] [out-dir]  (writes letter.pdf and signed.pdf and the demo PKI
// into out-dir for the whole-process comparisons in run.sh).
#include <podofo/podofo.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

using namespace vanthu::signing;
using namespace PoDoFo;

static std::string letter() {
    PdfError::EnableDebug(false);
    PdfMemDocument doc;
    doc.SetPdfVersion(ePdfVersion_1_7);
    PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
    PdfFont* font = doc.CreateFontSubset(
        "Liberation Serif", false, false, false, new PdfIdentityEncoding(0, 0xffff, true),
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf");
    PdfPainter painter;
    painter.SetPage(page);
    font->SetFontSize(13);
    painter.SetFont(font);
    for (int i = 0; i < 30; ++i) {
        painter.DrawText(70, 780 - 20 * i,
                         PdfString(reinterpret_cast<const pdf_utf8*>(
                             "Công văn về việc thử nghiệm ký số văn bản.")));
    }
    painter.FinishPage();
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc.Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
}

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::stod(argv[1]) : 3.0;
    const std::filesystem::path out = argc > 2 ? argv[2] : "bench-signing-out";
    const DemoPki pki;
    pki.writeTo(out);
    const std::string pdf = letter();
    writeBinaryFile((out / "letter.pdf").string(), pdf);
    const auto key = Pkcs12Key::fromFile((out / "signer1.p12").string(), kDemoPassword);
    const PadesSigner signer(SignOptions{});
    using Clock = std::chrono::steady_clock;
    std::string signedPdf;
    int count = 0;
    // The key alone (SHA-256 and RSA over 150 bytes, as for the signed attributes): the limit
    // inside this process.
    auto start = Clock::now();
    const std::string attributes(150, 'a');
    while (std::chrono::duration<double>(Clock::now() - start).count() < seconds) {
        (void)key->sign(attributes);
        ++count;
    }
    const double keyRate = count / std::chrono::duration<double>(Clock::now() - start).count();
    count = 0;
    start = Clock::now();
    while (std::chrono::duration<double>(Clock::now() - start).count() < seconds) {
        signedPdf = signer.sign(pdf, *key);
        ++count;
    }
    const double signRate = count / std::chrono::duration<double>(Clock::now() - start).count();
    writeBinaryFile((out / "signed.pdf").string(), signedPdf);

    std::vector<X509Ptr> anchors;
    anchors.push_back(certificateFromDer(toDer(pki.root().certificate.get())));
    const SignatureVerifier verifier(std::move(anchors));
    count = 0;
    start = Clock::now();
    while (std::chrono::duration<double>(Clock::now() - start).count() < seconds) {
        if (!verifier.verify(signedPdf).ok) {
            std::fprintf(stderr, "verification failed\n");
            return 1;
        }
        ++count;
    }
    const double verifyRate = count / std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("in-process RSA-2048 key signatures/s (SigningKey::sign alone): %.1f\n", keyRate);
    std::printf("in-process PAdES B-B RSA-2048 signatures/s: %.1f\n", signRate);
    std::printf("in-process verifications/s: %.1f\n", verifyRate);
    std::printf("letter %zu bytes, signed %zu bytes\n", pdf.size(), signedPdf.size());
    return 0;
}
