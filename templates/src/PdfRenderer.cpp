#include "vanthu/templates/PdfRenderer.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <Poco/MD5Engine.h>
#include <podofo.h>

#include "DocumentLayout.hpp"
#include "FontSet.hpp"
#include "PdfFaces.hpp"
#include "vanthu/pdf/PodofoLock.hpp"

namespace vanthu::templates {

using namespace PoDoFo;

struct PdfRenderer::Fonts {
    FontSet set;
};

namespace {

/// The PDF date string of a moment in Vietnam time (UTC+07:00), the same on every machine.
std::string pdfDate(long long seconds) {
    const time_t local = static_cast<time_t>(seconds + 7 * 3600);
    std::tm tm{};
    gmtime_r(&local, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "D:%Y%m%d%H%M%S+07'00'", &tm);
    return buffer;
}

/// When the document says nothing: SOURCE_DATE_EPOCH, else noon of its date in Vietnam.
long long documentTime(const OfficialDocument& doc) {
    if (doc.timestamp) {
        return *doc.timestamp;
    }
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        const long long value = std::strtoll(epoch, &end, 10);
        if (end != epoch && *end == '\0' && value >= 0) {
            return value;
        }
    }
    std::tm tm{};
    tm.tm_year = doc.date.year - 1900;
    tm.tm_mon = doc.date.month - 1;
    tm.tm_mday = doc.date.day.value_or(1);
    tm.tm_hour = 12 - 7;
    return static_cast<long long>(timegm(&tm));
}

/// Draws composed pages with PoDoFo.
class PdfWriterSession {
public:
    PdfWriterSession(const FontSet& fonts, const DocumentLayout& layout, long long time)
        : fonts_(fonts), layout_(layout), date_(pdfDate(time)), faces_(document_, fonts) {
        making_.unlock(); // document_ is made (its PdfDate with it)
        document_.SetPdfVersion(ePdfVersion_1_7);
    }

    void draw(const std::vector<ComposedPage>& pages, const RenderBudget& budget) {
        for (size_t i = 0; i < pages.size(); ++i) {
            budget.check();
            drawPage(pages[i], i == 0, static_cast<int>(i) + 1);
        }
    }

    void setMetadata(const OfficialDocument& doc) {
        PdfInfo* info = document_.GetInfo();
        info->SetTitle(pdfText(doc.title()));
        info->SetSubject(pdfText(doc.subject.empty() ? doc.type.name : doc.subject));
        info->SetAuthor(pdfText(doc.author.empty() ? doc.issuingBodyName() : doc.author));
        info->SetCreator(
            pdfText("vanthu " + std::string(VANTHU_VERSION) + " (font: " + fonts_.family() + ")"));
        info->SetKeywords(pdfText(doc.notation.text(doc.system)));
        PdfDictionary& dict = info->GetObject()->GetDictionary();
        dict.AddKey("CreationDate", PdfString(date_));
        dict.AddKey("ModDate", PdfString(date_));
        dict.AddKey("VanthuFont", pdfText(fonts_.family()));
    }

    std::string write() {
        PdfRefCountedBuffer buffer;
        PdfOutputDevice device(&buffer);
        {
            const std::lock_guard writing(pdf::podofoLock());
            document_.Write(&device);
        }
        return fixIdentifier(std::string(buffer.GetBuffer(), device.GetLength()));
    }

    std::vector<SignatureBox> boxes() const { return boxes_; }

private:
    double height() const { return layout_.page.height; }

    void drawItem(PdfPainter& painter, PdfPage& page, int pageNumber, const FlowItem& item,
                  double top) {
        for (const auto& line : item.lines) {
            faces_.drawLine(painter, line, height(), top);
        }
        for (const auto& rule : item.rules) {
            painter.SetStrokeWidth(rule.width);
            painter.DrawLine(rule.x1, height() - (top + rule.y1), rule.x2,
                             height() - (top + rule.y2));
        }
        for (const auto& frame : item.frames) {
            painter.SetStrokeWidth(0.8);
            if (frame.red) {
                painter.SetStrokingColor(0.85, 0, 0);
            }
            painter.Rectangle(frame.x, height() - (top + frame.top + frame.height), frame.width,
                              frame.height);
            painter.Stroke();
            painter.SetStrokingColor(0, 0, 0);
        }
        for (const auto& slot : item.slots) {
            addSignatureField(page, pageNumber, slot, top);
        }
        for (const auto& field : item.textFields) {
            std::string value;
            for (const auto& line : field.lines) {
                for (const auto& segment : line.line.segments) {
                    value += segment.text;
                }
            }
            faces_.addTextField(page, height(), field, top, value, date_);
        }
    }

    void addSignatureField(PdfPage& page, int pageNumber, const SignatureSlot& slot, double top) {
        const double bottom = height() - (top + slot.top + slot.height);
        PdfAcroForm* form =
            document_.GetAcroForm(ePdfCreateObject, ePdfAcroFormDefaultAppearance_None);
        PdfAnnotation* widget =
            PdfFaces::addWidget(page, PdfRect(slot.x, bottom, slot.width, slot.height), date_);
        PdfSignatureField field(widget, form, &document_, false);
        field.SetFieldName(PdfString(slot.fieldName)); // ASCII: written as a plain string
        if (slot.fieldName == kSealField) {
            lockWhenSigned(field);
        }
        boxes_.push_back({slot.fieldName, pageNumber, slot.x, bottom, slot.width, slot.height});
    }

    /// The seal closes the letter: its field declares, before anyone signs, what signing it
    /// locks (ISO 32000-2 12.7.5.5, an indirect lock dictionary): the two signature fields, and
    /// by /P 1 every other change except validation data and document time-stamps. The leader's
    /// signature covers this declaration, and the seal's signature only adds /V and /AP to the
    /// field (the signing library copies the lock into its FieldMDP transform). Why /Include and
    /// not /All: see docs/signatures.md, "Revisions after a signature".
    void lockWhenSigned(PdfSignatureField& field) {
        PdfObject* lock = document_.GetObjects().CreateObject("SigFieldLock");
        PdfDictionary& dict = lock->GetDictionary();
        dict.AddKey("Action", PdfName("Include"));
        PdfArray fields;
        fields.push_back(PdfString(kSignerField));
        fields.push_back(PdfString(kSealField));
        dict.AddKey("Fields", fields);
        dict.AddKey("P", static_cast<pdf_int64>(1));
        field.GetFieldObject()->GetDictionary().AddKey("Lock", lock->Reference());
    }

    void drawPageNumber(PdfPainter& painter, int number) {
        const std::string text = std::to_string(number);
        const double size = layout_.pageNumberSize;
        const double w = fonts_.width(text, FaceStyle::Regular, size);
        PdfFont* f = faces_.font(FaceStyle::Regular);
        f->SetFontSize(static_cast<float>(size));
        painter.SetFont(f);
        const double x = layout_.page.left + (layout_.page.contentWidth() - w) / 2;
        painter.DrawText(x, height() - mm(13), pdfText(text));
    }

    void drawFootnotes(PdfPainter& painter, PdfPage& page, int pageNumber,
                       const std::vector<int>& numbers) {
        double total = layout_.footnoteSeparator;
        for (int n : numbers) {
            total += layout_.footnoteHeights.at(n);
        }
        double top = height() - layout_.page.bottom - total;
        painter.SetStrokeWidth(0.5);
        painter.DrawLine(layout_.page.left, height() - (top + 4), layout_.page.left + mm(50),
                         height() - (top + 4));
        top += layout_.footnoteSeparator;
        for (int n : numbers) {
            drawItem(painter, page, pageNumber, layout_.footnotes.at(n), top);
            top += layout_.footnoteHeights.at(n);
        }
    }

    void drawPage(const ComposedPage& composed, bool first, int pageNumber) {
        PdfPage* page =
            document_.CreatePage(PdfRect(0, 0, layout_.page.width, layout_.page.height));
        PdfPainter painter;
        painter.SetPage(page);
        if (composed.number > 1) {
            drawPageNumber(painter, composed.number);
        }
        for (const auto& placed : composed.items) {
            drawItem(painter, *page, pageNumber, *placed.item, placed.top);
        }
        double footer = 0;
        if (first && layout_.firstPageFooter) {
            footer = layout_.firstPageFooter->height;
            drawItem(painter, *page, pageNumber, *layout_.firstPageFooter,
                     height() - layout_.page.bottom - footer);
        }
        if (!composed.footnotes.empty()) {
            drawFootnotes(painter, *page, pageNumber, composed.footnotes);
        }
        painter.FinishPage();
    }

    /// PoDoFo derives the trailer /ID from the clock; replace it, in place and at the same
    /// length, by a digest of the file so that the same input gives the same bytes.
    static std::string fixIdentifier(std::string pdf) {
        const size_t id = pdf.rfind("/ID");
        if (id == std::string::npos) {
            return pdf;
        }
        std::vector<std::pair<size_t, size_t>> strings;
        size_t pos = id;
        for (int i = 0; i < 2; ++i) {
            const size_t open = pdf.find('<', pos);
            const size_t close = open == std::string::npos ? open : pdf.find('>', open);
            if (close == std::string::npos) {
                return pdf;
            }
            strings.emplace_back(open + 1, close - open - 1);
            pos = close + 1;
        }
        for (auto [start, length] : strings) {
            std::fill_n(pdf.begin() + static_cast<long>(start), length, '0');
        }
        // MD5, as ISO 32000 suggests for file identifiers: an identifier, not a security check.
        Poco::MD5Engine md5;
        md5.update(pdf.data(), pdf.size());
        const std::string hex = Poco::DigestEngine::digestToHex(md5.digest());
        for (auto [start, length] : strings) {
            pdf.replace(start, length, hex.substr(0, std::min(length, hex.size())));
        }
        return pdf;
    }

    const FontSet& fonts_;
    const DocumentLayout& layout_;
    const std::string date_;
    /// Held while document_ is made (members are made in this order), released at once.
    std::unique_lock<std::mutex> making_{pdf::podofoLock()};
    PdfMemDocument document_;
    PdfFaces faces_;
    std::vector<SignatureBox> boxes_;
};

} // namespace

PdfRenderer::PdfRenderer() : fonts_(std::make_unique<Fonts>()) {
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
}

PdfRenderer::~PdfRenderer() = default;

RenderBudget RenderBudget::within(std::chrono::milliseconds limit,
                                  const std::atomic<bool>* cancelled) {
    RenderBudget budget;
    if (limit.count() > 0) {
        budget.deadline = std::chrono::steady_clock::now() + limit;
    }
    budget.cancelled = cancelled;
    return budget;
}

void RenderBudget::check() const {
    if (cancelled != nullptr && cancelled->load(std::memory_order_relaxed)) {
        throw RenderStopped(RenderStopped::Why::Cancelled, "the render was cancelled");
    }
    if (deadline != std::chrono::steady_clock::time_point::max() &&
        std::chrono::steady_clock::now() >= deadline) {
        throw RenderStopped(RenderStopped::Why::TimeLimit, "the render went over its time limit");
    }
}

RenderedPdf PdfRenderer::render(const OfficialDocument& document,
                                const RenderBudget& budget) const {
    budget.check();
    const FontSet& fonts = fonts_->set;
    const DocumentLayout layout = layoutDocument(document, fonts, budget);
    budget.check();
    const auto pages =
        composePages(layout.flow, layout.page, layout.footnoteHeights, layout.footnoteSeparator,
                     layout.firstPageFooter ? layout.firstPageFooter->height : 0);
    PdfWriterSession session(fonts, layout, documentTime(document));
    session.draw(pages, budget);
    session.setMetadata(document);
    budget.check();
    RenderedPdf result;
    result.bytes = session.write();
    result.pageCount = static_cast<int>(pages.size());
    result.fontFamily = fonts.family();
    result.signatureBoxes = session.boxes();
    return result;
}

void tuneAllocatorForPdf() {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

namespace {

/// Where a write of path lands: path itself, or the file a symbolic link at path leads to (the
/// link stays a link). Throws when the link leads nowhere.
std::filesystem::path writeTarget(const std::string& path) {
    const std::filesystem::path target(path);
    std::error_code error;
    if (!std::filesystem::is_symlink(std::filesystem::symlink_status(target, error))) {
        return target;
    }
    const auto resolved = std::filesystem::canonical(target, error);
    if (error) {
        throw std::runtime_error("cannot write " + path +
                                 ": it is a symbolic link to a file that does not exist");
    }
    return resolved;
}

} // namespace

void writeFileAtomically(const std::string& path, const std::string& bytes,
                         std::optional<mode_t> newFileMode) {
    const std::filesystem::path target = writeTarget(path);
    struct stat existing {};
    const std::optional<mode_t> mode =
        ::stat(target.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : newFileMode;
    const std::filesystem::path temporary =
        target.parent_path() /
        ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()));
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    }
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) {
            const std::string reason = std::strerror(errno);
            ::close(fd);
            std::filesystem::remove(temporary);
            throw std::runtime_error("cannot write " + path + ": " + reason);
        }
        written += static_cast<size_t>(n);
    }
    // The kept mode, or newFileMode, set on the open file whatever the umask.
    if ((mode && ::fchmod(fd, *mode) != 0) || ::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string reason = std::strerror(errno);
        std::filesystem::remove(temporary);
        throw std::runtime_error("cannot write " + path + ": " + reason);
    }
    std::filesystem::rename(temporary, target);
}

} // namespace vanthu::templates
