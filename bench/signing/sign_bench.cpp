// In-process signing and verification rate: PAdES B-B, RSA 2048, a one-page letter.
// Usage: bench_signing [seconds] [out-dir]  (writes letter.pdf and signed.pdf and the demo PKI
// into out-dir for the whole-process comparisons in run.sh).
#include <podofo/podofo.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <functional>
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

    // Like openssl speed: run for `seconds` of wall-clock time, and report operations per second
    // of this process's CPU time (openssl speed's default, what it prints without -elapsed) as
    // well as per second of wall-clock time (which a busy machine lowers).
    struct Rate {
        double perCpuSecond = 0, perWallSecond = 0;
    };
    const auto measure = [seconds](const std::function<void()>& operation) {
        using Clock = std::chrono::steady_clock;
        const auto cpuNow = [] {
            timespec t{};
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
            return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
        };
        long count = 0;
        const auto start = Clock::now();
        const double cpuStart = cpuNow();
        while (std::chrono::duration<double>(Clock::now() - start).count() < seconds) {
            operation();
            ++count;
        }
        const double wall = std::chrono::duration<double>(Clock::now() - start).count();
        return Rate{static_cast<double>(count) / (cpuNow() - cpuStart),
                    static_cast<double>(count) / wall};
    };

    // The key alone (SHA-256 and RSA over 150 bytes, as for the signed attributes): the limit
    // inside this process.
    const std::string attributes(150, 'a');
    const Rate key_ = measure([&] { (void)key->sign(attributes); });
    std::string signedPdf;
    const Rate sign = measure([&] { signedPdf = signer.sign(pdf, *key); });
    writeBinaryFile((out / "signed.pdf").string(), signedPdf);

    std::vector<X509Ptr> anchors;
    anchors.push_back(certificateFromDer(toDer(pki.root().certificate.get())));
    const SignatureVerifier verifier(std::move(anchors));
    bool failed = false;
    const Rate verify = measure([&] { failed = failed || !verifier.verify(signedPdf).ok; });
    if (failed) {
        std::fprintf(stderr, "verification failed\n");
        return 1;
    }
    std::printf("                                      per CPU second   per wall second\n");
    std::printf("RSA-2048 key alone (SigningKey::sign)     %8.1f          %8.1f\n",
                key_.perCpuSecond, key_.perWallSecond);
    std::printf("PAdES B-B RSA-2048 signatures             %8.1f          %8.1f\n",
                sign.perCpuSecond, sign.perWallSecond);
    std::printf("verifications                             %8.1f          %8.1f\n",
                verify.perCpuSecond, verify.perWallSecond);
    std::printf("letter %zu bytes, signed %zu bytes\n", pdf.size(), signedPdf.size());
    return 0;
}
