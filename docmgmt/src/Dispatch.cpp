#include "vanthu/docmgmt/Dispatch.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "Duplicates.hpp"
#include "IssuedDetails.hpp"
#include "PdfPages.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/DirectorySync.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/docmgmt/FieldLimits.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/Verification.hpp"

namespace vanthu::docmgmt {

std::string toString(DispatchChannel channel) {
    switch (channel) {
    case DispatchChannel::Local:
        return kChannelLocal;
    case DispatchChannel::Edxml:
        return kChannelEdxml;
    case DispatchChannel::Paper:
        return kChannelPaper;
    }
    return kChannelPaper;
}

std::optional<DispatchChannel> parseDispatchChannel(const std::string& text) {
    for (auto channel : {DispatchChannel::Local, DispatchChannel::Edxml, DispatchChannel::Paper}) {
        if (toString(channel) == text) {
            return channel;
        }
    }
    return std::nullopt;
}

std::string newExchangeId() {
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) {
        throw std::runtime_error("OpenSSL could not make random bytes for an exchange id");
    }
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80); // RFC 4122 variant
    char text[40];
    std::snprintf(text, sizeof text,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return text;
}

namespace {

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

/// The copy an office on this server receives of a document issued here.
ArrivingDocument localCopy(const OutgoingDocument& doc, const Office& sender,
                           const Office& receiver, const std::string& pdf) {
    const auto details = issuedDetails(doc);
    ArrivingDocument a;
    a.channel = kChannelLocal;
    a.exchangeId = doc.exchangeId;
    a.packageId = doc.exchangeId + "/" + receiver.code;
    a.senderCode = sender.code;
    a.senderName = sender.name;
    a.receiverCode = receiver.code;
    a.number = doc.number ? std::to_string(*doc.number) : "";
    a.notation = doc.notation;
    a.issuedDate = doc.issuedDate;
    a.place = sender.place;
    a.typeCode = doc.typeCode;
    a.typeName = details.typeName;
    a.subject = doc.subject;
    a.signerName = details.signerName;
    a.signerPosition = details.signerPosition;
    a.recipients = details.recipients;
    a.dueDate = doc.draft.dueDate;
    a.issuedAmount = doc.draft.issuedAmount;
    a.pageAmount = 0; // counted from the PDF when received
    a.language = doc.draft.language;
    a.description = doc.draft.description;
    a.responseFor = doc.responseFor;
    a.urgency = doc.draft.urgency;
    a.pdf = pdf;
    return a;
}

} // namespace

struct Dispatch::Impl {
    Storage& storage;
    BlobStore& blobs;
    AuditTrail& audit;
    Clock clock;
    VerificationSettings verification;
    ExchangeOutbox outbox{storage, blobs};

    std::string nowText() const { return vietnamTimestamp(clock()); }

    /// The verdict on a PDF's signatures and the report as JSON.
    std::pair<std::string, std::string> verify(const std::string& pdf) const {
        const signing::SignatureVerifier verifier(
            signing::trustAnchorsFromPem(verification.trustAnchorsPem));
        const signing::VerifyReport report =
            signing::verifyDocument(pdf, verifier,
                                    verification.sandboxed ? signing::Isolation::ChildProcess
                                                           : signing::Isolation::InProcess)
                .report;
        std::string verdict = kSignaturesInvalid;
        const bool onlyUnsigned =
            report.errors.size() == 1 && report.errors[0] == "the document has no signatures";
        if (report.signatures.empty() && (report.errors.empty() || onlyUnsigned)) {
            verdict = kSignaturesNone;
        } else if (report.ok) {
            verdict = kSignaturesValid;
        }
        return {verdict, signing::toJson(report)};
    }

    /// The Phần II lengths (FieldLimits.hpp) of whatever arrives, by any channel: what is
    /// registered must fit the archive package of the case file it will be filed in.
    static void checkLengths(const ArrivingDocument& a) {
        requireLength(limits::kSubject, a.subject);
        requireLength(limits::kOrganName, a.senderName);
        requireLength(limits::kCodeNumber, a.number);
        requireLength(limits::kCodeNotation, a.notation);
        requireLength(limits::kTypeName, a.typeName);
        requireLength(limits::kSignerName, a.signerName);
        requireLength(limits::kSignerPosition, a.signerPosition);
        requireLength(limits::kLanguage, a.language);
        requireLength(limits::kDescription, a.description);
        requireAmount(limits::kIssuedAmount, a.issuedAmount);
        requireAmount(limits::kPageAmount, a.pageAmount);
        requireIsoDate("dueDate", "Hạn trả lời", a.dueDate);
        requireIsoDate("issuedDate", "Ngày ban hành", a.issuedDate);
    }

    static void validate(const ArrivingDocument& a) {
        if (a.channel != kChannelLocal && a.channel != kChannelEdxml &&
            a.channel != kChannelPaper) {
            throw InvalidInput("channel", "Kênh nhận phải là local, edxml hoặc paper.");
        }
        if (blank(a.senderName) && blank(a.senderCode)) {
            throw InvalidInput("senderName", "Hãy ghi cơ quan gửi văn bản.");
        }
        if (blank(a.subject)) {
            throw InvalidInput("subject", "Hãy ghi trích yếu của văn bản.");
        }
        checkLengths(a);
        if (a.pdf.rfind("%PDF-", 0) != 0) {
            throw InvalidInput("pdf", "Văn bản đến phải có tệp PDF (bản điện tử hoặc bản quét).");
        }
        // Opened before it is accepted (issue 19): "%PDF-1.7\n" alone is no document.
        const auto open = [](const std::string& bytes, const std::string& field,
                             const std::string& what) {
            try {
                acceptedPdfPages(bytes);
            } catch (const NotAPdf& e) {
                throw InvalidInput(field, what + " không dùng được: " + e.what() + ".");
            }
        };
        open(a.pdf, "pdf", "Tệp PDF của văn bản đến");
        for (const auto& attachment : a.attachments) {
            if (attachment.bytes.rfind("%PDF-", 0) == 0) {
                open(attachment.bytes, "attachments", "Tệp đính kèm " + attachment.name);
            }
        }
        if (!blank(a.secrecy) && a.channel != kChannelPaper) {
            throw InvalidInput("secrecy", "Văn bản mật không được gửi, nhận qua mạng; chỉ nhận "
                                          "bản giấy.");
        }
        if (blank(a.packageId) && a.channel != kChannelPaper) {
            throw InvalidInput("packageId", "Gói văn bản điện tử phải có mã gói.");
        }
    }

    using Verdict = std::pair<std::string, std::string>; ///< verdict, JSON report

    /// known: the verdict on these very PDF bytes when the caller has it already (the local
    /// copies of one issued document are the same bytes: verified once).
    Id receive(ArrivingDocument a, const Verdict* known = nullptr) {
        validate(a);
        if (a.pageAmount == 0) { // PageAmount: the pages of its PDF when the sender gave none
            const int pages = acceptedPdfPages(a.pdf);
            requireAmount(limits::kPageAmount, pages, "pdf");
            a.pageAmount = pages;
        }
        const auto receiver = officeByCode(storage, a.receiverCode);
        if (!receiver || !receiver->isLocal()) {
            throw NotFound("Cơ quan nhận " + a.receiverCode + " không có trên máy chủ này.");
        }
        if (a.packageId.empty()) {
            a.packageId = "paper-" + randomToken(16);
        }
        if (const auto existing = storage.findIncomingByPackage(receiver->id, a.packageId)) {
            return existing->id;
        }
        const auto [verdict, report] = known ? *known : verify(a.pdf);
        IncomingDocument d;
        d.pdf = blobs.put(a.pdf); // on disk before the row
        for (auto& attachment : a.attachments) {
            attachment.blob = blobs.put(attachment.bytes);
            attachment.bytes.clear();
        }
        d.officeId = receiver->id;
        d.state = IncomingState::Arrived;
        d.channel = a.channel;
        d.packageId = a.packageId;
        d.exchangeId = a.exchangeId;
        d.senderCode = a.senderCode;
        d.senderName = a.senderName;
        if (d.senderName.empty()) {
            const auto sender = officeByCode(storage, a.senderCode);
            d.senderName = sender ? sender->name : a.senderCode;
        }
        d.senderPeer = a.channel == kChannelEdxml ? a.senderPeer : "";
        d.number = a.number;
        d.notation = a.notation;
        d.issuedDate = a.issuedDate;
        d.place = a.place;
        d.typeCode = a.typeCode;
        d.typeName = a.typeName;
        d.subject = a.subject;
        d.signerName = a.signerName;
        d.signerPosition = a.signerPosition;
        d.recipients = a.recipients;
        d.dueDate = a.dueDate;
        d.issuedAmount = a.issuedAmount;
        d.pageAmount = a.pageAmount;
        d.language = a.language;
        d.description = a.description;
        d.responseFor = a.responseFor;
        d.urgency = a.urgency;
        d.secrecy = a.secrecy;
        d.attachments = a.attachments;
        d.signatureStatus = verdict;
        d.signatureReport = report;
        d.receivedAt = d.updatedAt = nowText();
        Id id = 0;
        storage.transaction([&] {
            if (const auto existing = storage.findIncomingByPackage(receiver->id, a.packageId)) {
                id = existing->id; // delivered twice at once: the first one counts
                return;
            }
            // Never dropped: a letter that looks like an earlier entry is kept, marked "có thể
            // trùng" with a pointer to it; the clerk decides when registering (docs/incoming.md).
            const auto earlier = findEarlierEntry(storage, receiver->id, identityOf(d));
            id = storage.addIncoming(d);
            d.id = id;
            if (earlier) {
                d.duplicate = markOf(*earlier);
                storage.updateIncomingDuplicate(d);
            }
            audit.record(
                {std::nullopt,
                 a.channel == kChannelEdxml ? "exchange:" + a.senderPeer : std::string("dispatch"),
                 "receive", "incoming/" + std::to_string(id), "",
                 d.senderName + " — " + d.notation + " (" + a.channel + ", chữ ký " + verdict +
                     ")" + (earlier ? "; có thể trùng " + describe(*earlier) : "")});
            if (a.channel != kChannelPaper) {
                reportStatus(d, kStatusArrived, "", "");
            }
        });
        return id;
    }

    void recordRecipientStatus(const std::string& exchangeId, const std::string& recipientCode,
                               const std::string& statusCode, const std::string& at,
                               const std::string& description, const std::string& staff) {
        storage.transaction([&] {
            const auto document = storage.findDocumentByExchangeId(exchangeId);
            if (!document) {
                throw NotFound("Không có văn bản đi với mã " + exchangeId + ".");
            }
            auto rows = storage.dispatches(document->id);
            auto row = std::find_if(rows.begin(), rows.end(), [&](const DispatchRecord& r) {
                return r.recipientCode == recipientCode;
            });
            if (row == rows.end()) {
                // Sent to an office since renamed or merged: the row of its old code.
                row = std::find_if(rows.begin(), rows.end(), [&](const DispatchRecord& r) {
                    const auto now = currentOffice(storage, r.recipientCode);
                    return now && now->code == recipientCode;
                });
            }
            if (row == rows.end()) {
                throw NotFound("Cơ quan " + recipientCode + " không phải nơi nhận của văn bản " +
                               document->notation + ".");
            }
            for (const auto& seen : row->history) {
                if (seen.statusCode == statusCode && seen.at == at) {
                    return; // the same status delivered again
                }
            }
            storage.addRecipientStatus(row->id, {statusCode, at, description, staff});
            if (row->statusAt.empty() || row->statusAt <= at) {
                row->statusCode = statusCode;
                row->statusAt = at;
                row->statusDescription = description;
            }
            storage.updateDispatch(*row);
            audit.record({std::nullopt, staff.empty() ? recipientCode : staff, "recipient-status",
                          "document/" + std::to_string(document->id), "",
                          row->recipientName + ": " + statusCode + " " + statusLabel(statusCode) +
                              (description.empty() ? "" : " — " + description)});
        });
    }

    void reportStatus(const IncomingDocument& incoming, const std::string& statusCode,
                      const std::string& description, const std::string& staff) {
        if (incoming.channel == kChannelPaper || incoming.exchangeId.empty() ||
            (incoming.channel == kChannelEdxml && incoming.senderPeer.empty())) {
            return; // nobody to tell
        }
        const auto receiver = storage.findOffice(incoming.officeId);
        const std::string at = nowText();
        if (incoming.senderPeer.empty()) {
            recordRecipientStatus(incoming.exchangeId, receiver->code, statusCode, at, description,
                                  staff);
            return;
        }
        OutboxItem item;
        item.peer = incoming.senderPeer;
        item.kind = kOutboxStatus;
        item.documentId = incoming.id;
        item.recipientCode = receiver->code;
        item.packageId = incoming.packageId;
        item.exchangeId = incoming.exchangeId;
        item.senderCode = incoming.senderCode;
        item.statusCode = statusCode;
        item.statusDescription = description;
        item.statusAt = at;
        item.staff = staff;
        outbox.add(item, clock());
    }

    void sendIssued(const OutgoingDocument& doc, const Office& sender) {
        const std::string at = nowText();
        std::set<std::string> seen;
        std::string pdf;
        std::optional<Verdict> verdict;
        std::vector<Attachment> files; // the letter's attachments, read with its PDF
        std::vector<std::string> electronic, paper;
        for (const auto& code : doc.draft.recipientOffices) {
            if (blank(code) || code == sender.code || !seen.insert(code).second) {
                continue;
            }
            // A merged or renamed office's old code leads to the office now (DirectorySync).
            const auto office = currentOffice(storage, code);
            if (office && office->code != code &&
                (office->code == sender.code || !seen.insert(office->code).second)) {
                continue;
            }
            DispatchRecord record;
            record.documentId = doc.id;
            record.recipientCode = office ? office->code : code;
            record.recipientName = office ? office->name : code;
            record.sentAt = at;
            if (office && office->code != code) {
                record.note = "Mã cũ " + code + ": gửi đến cơ quan kế tục " + office->code + ".";
            }
            if (!doc.draft.secrecy.empty()) {
                record.channel = DispatchChannel::Paper;
                record.note = "Văn bản mật: gửi bản giấy, không gửi qua mạng.";
            } else if (!office) {
                record.channel = DispatchChannel::Paper;
                record.note = "Không có trong danh bạ cơ quan: gửi bản giấy.";
            } else if (office->isLocal()) {
                record.channel = DispatchChannel::Local;
            } else {
                record.channel = DispatchChannel::Edxml;
                record.peer = office->peer;
            }
            record.id = storage.addDispatch(record);
            (record.channel == DispatchChannel::Paper ? paper : electronic)
                .push_back(record.recipientName);
            if (record.channel == DispatchChannel::Local) {
                if (!verdict) {
                    pdf = blobs.get(doc.issuedPdf);
                    verdict = verify(pdf);
                    for (const auto& file : storage.documentAttachments(doc.id)) {
                        files.push_back({file.name, file.contentType, blobs.get(file.blob), ""});
                    }
                }
                auto copy = localCopy(doc, sender, *office, pdf);
                copy.attachments = files;
                receive(std::move(copy), &*verdict);
            } else if (record.channel == DispatchChannel::Edxml) {
                OutboxItem item;
                item.peer = office->peer;
                item.kind = kOutboxDocument;
                item.documentId = doc.id;
                item.recipientCode = office->code;
                item.exchangeId = doc.exchangeId;
                item.packageId = doc.exchangeId + "/" + office->code;
                item.senderCode = sender.code;
                outbox.add(item, clock());
            }
        }
        if (!seen.empty()) {
            auto join = [](const std::vector<std::string>& names) {
                std::string out;
                for (const auto& name : names) {
                    out += (out.empty() ? "" : "; ") + name;
                }
                return out.empty() ? std::string("không") : out;
            };
            audit.record({std::nullopt, "dispatch", "dispatch",
                          "document/" + std::to_string(doc.id), "",
                          "Gửi điện tử: " + join(electronic) + ". Gửi giấy: " + join(paper) + "."});
        }
    }
};

Dispatch::Dispatch(Storage& storage, BlobStore& blobs, AuditTrail& audit, Clock clock,
                   VerificationSettings verification)
    : impl_(std::make_unique<Impl>(Impl{storage, blobs, audit,
                                        clock ? std::move(clock) : systemClock(),
                                        std::move(verification)})) {}

Dispatch::~Dispatch() = default;

void Dispatch::sendIssued(const OutgoingDocument& document, const Office& sender) {
    impl_->sendIssued(document, sender);
}

Id Dispatch::receive(const ArrivingDocument& arriving) {
    return impl_->receive(arriving);
}

void Dispatch::recordRecipientStatus(const std::string& exchangeId,
                                     const std::string& recipientCode,
                                     const std::string& statusCode, const std::string& at,
                                     const std::string& description, const std::string& staff) {
    impl_->recordRecipientStatus(exchangeId, recipientCode, statusCode, at, description, staff);
}

void Dispatch::reportStatus(const IncomingDocument& incoming, const std::string& statusCode,
                            const std::string& description, const std::string& staff) {
    impl_->reportStatus(incoming, statusCode, description, staff);
}

std::vector<DispatchRecord> Dispatch::recipients(Id documentId) const {
    auto records = impl_->storage.dispatches(documentId);
    const auto items = impl_->storage.outboxDocumentItems(documentId);
    for (auto& record : records) {
        if (record.channel != DispatchChannel::Edxml) {
            continue;
        }
        for (const auto& item : items) { // oldest first: the latest package wins
            if (item.recipientCode == record.recipientCode) {
                record.transport = item;
            }
        }
    }
    return records;
}

} // namespace vanthu::docmgmt
