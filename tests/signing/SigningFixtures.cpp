#include "SigningFixtures.hpp"
#include "SigningTestPaths.hpp"
#include "TestPaths.hpp"

#include <catch2/catch.hpp>

#include "vanthu/signing/PadesSigner.hpp"

#include <podofo/podofo.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "vanthu/signing/CadesSignedData.hpp"
#include "vanthu/signing/RawPdf.hpp"

extern char** environ;

namespace vanthu::test {

using namespace PoDoFo;

signing::EvpPkeyPtr cachedDemoKey(bool ecdsa) {
    static std::mutex mutex;
    static int used[2] = {0, 0};
    const std::lock_guard guard(mutex);
    const std::filesystem::path dir = VANTHU_TEST_KEY_CACHE;
    std::filesystem::create_directories(dir);
    const auto file =
        dir / ((ecdsa ? "ec-" : "rsa-") + std::to_string(used[ecdsa ? 1 : 0]++) + ".pem");
    // Other test processes may be making the same key: one at a time.
    struct Lock {
        int fd;
        explicit Lock(const std::filesystem::path& path)
            : fd(::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
            if (fd < 0 || ::flock(fd, LOCK_EX) != 0) {
                throw std::runtime_error("cannot lock " + path.string());
            }
        }
        ~Lock() { ::close(fd); }
    } lock(dir / ".lock");
    if (!std::filesystem::exists(file)) {
        signing::EvpPkeyPtr key(ecdsa ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048));
        signing::BioPtr out(BIO_new(BIO_s_mem()));
        if (!key || !out ||
            PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
                1) {
            throw std::runtime_error("cannot make a test key");
        }
        char* data = nullptr;
        const long length = BIO_get_mem_data(out.get(), &data);
        signing::writeBinaryFile(file.string(), std::string(data, static_cast<size_t>(length)));
    }
    const std::string pem = readFile(file);
    signing::BioPtr in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    signing::EvpPkeyPtr key(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr));
    if (!key) {
        throw std::runtime_error("cannot read the cached test key " + file.string());
    }
    return key;
}

const signing::DemoPki& demoPki() {
    static const signing::DemoPki pki(signing::DemoPkiOptions{.password = signing::kDemoPassword,
                                                              .ecdsa = false,
                                                              .ocspUrl = "",
                                                              .newKey = cachedDemoKey});
    return pki;
}

const signing::DemoPki& demoPkiWithOcsp() {
    static const signing::DemoPki pki(signing::DemoPkiOptions{.password = signing::kDemoPassword,
                                                              .ecdsa = false,
                                                              .ocspUrl = "http://127.0.0.1:9/ocsp",
                                                              .newKey = cachedDemoKey});
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

namespace {

/// `java` with the PDFBox classpath running one of tests/signing/java's classes.
ProcessResult runPdfBox(const std::string& mainClass, const std::vector<std::string>& args) {
    const std::string missing = VANTHU_PDFBOX_MISSING;
    if (!missing.empty()) {
        FAIL("PDFBox tests need " << missing << " (run scripts/bootstrap, then cmake again)");
    }
    std::vector<std::string> argv{VANTHU_JAVA, "-Djava.awt.headless=true", "-cp",
                                  VANTHU_PDFBOX_CLASSPATH, mainClass};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

} // namespace

ProcessResult pdfboxSign(const std::filesystem::path& in, const std::filesystem::path& out,
                         const std::string& key, const std::vector<std::string>& options) {
    std::vector<std::string> args{in.string(), out.string(),
                                  (demoPkiDir() / (key + ".p12")).string(), signing::kDemoPassword};
    args.insert(args.end(), options.begin(), options.end());
    return runPdfBox("PdfBoxSigner", args);
}

ProcessResult pdfboxVerify(const std::filesystem::path& pdf) {
    return runPdfBox("PdfBoxVerifier", {pdf.string(), (demoPkiDir() / "ca.pem").string(),
                                        (demoPkiDir() / "issuing-ca.pem").string()});
}

ProcessResult opensslCmsVerify(const std::string& pdf, int index, const std::filesystem::path& ca,
                               const std::filesystem::path& dir) {
    const auto extracted = extractSignature(pdf, index);
    writeFile(dir / "sig.der", extracted.cms);
    writeFile(dir / "content.bin", extracted.signedBytes);
    return run({"openssl", "cms", "-verify", "-inform", "DER", "-in", (dir / "sig.der").string(),
                "-binary", "-content", (dir / "content.bin").string(), "-CAfile", ca.string(),
                "-purpose", "any", "-out", "/dev/null"});
}

namespace {

sockaddr_in loopback(unsigned short port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    return address;
}

} // namespace

unsigned short freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    const bool ok = fd >= 0 &&
                    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    ::close(fd);
    if (!ok) {
        throw std::runtime_error("no free loopback port");
    }
    return ntohs(address.sin_port);
}

bool waitUntilAccepting(unsigned short port, std::chrono::milliseconds within) {
    const auto until = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < until) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const sockaddr_in address = loopback(port);
        const bool ok =
            ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
        ::close(fd);
        if (ok) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

BackgroundVanthu::BackgroundVanthu(std::vector<std::string> args) {
    args.insert(args.begin(), VANTHU_BINARY);
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (::posix_spawn(&pid, VANTHU_BINARY, nullptr, nullptr, argv.data(), environ) != 0) {
        throw std::runtime_error("cannot start vanthu");
    }
    pid_ = pid;
}

BackgroundVanthu::~BackgroundVanthu() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
}

const std::string& signedDemoLetter() {
    static const std::string pdf = [] {
        signing::SignOptions options;
        options.imagePng = readFile(demoPkiDir() / "signature.png");
        return signing::PadesSigner(options).sign(makeLetterPdf(), *demoKey("signer1"));
    }();
    return pdf;
}

} // namespace vanthu::test
