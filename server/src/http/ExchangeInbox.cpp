#include "http/ExchangeInbox.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "http/ApiError.hpp"
#include "http/EdxmlMapping.hpp"
#include "http/PeerDirectory.hpp"
#include "vanthu/docmgmt/Dispatch.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Recall.hpp"
#include "vanthu/exchange/PackageReader.hpp"

namespace vanthu::http {

namespace {

ApiError refusal(const exchange::RefusedPackage& e) {
    switch (e.reason()) {
    case exchange::Refusal::TooLarge:
        return ApiError::tooLarge(e.what());
    case exchange::Refusal::Malformed:
        return ApiError::badRequest(e.what());
    case exchange::Refusal::Invalid:
        return ApiError::invalid("package", e.what());
    case exchange::Refusal::Unsigned:
        return ApiError::unauthenticated(e.what());
    case exchange::Refusal::BadSignature:
    case exchange::Refusal::UnknownSigner:
        break;
    }
    return ApiError::forbidden(e.what());
}

std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

ExchangeInbox::ExchangeInbox(const PeerDirectory& peers, docmgmt::Storage& storage,
                             docmgmt::BlobStore& blobs, std::filesystem::path ownTrustAnchors,
                             std::size_t maxBytes)
    : peers_(peers), storage_(storage), blobs_(blobs), audit_(storage),
      ownTrustAnchors_(std::move(ownTrustAnchors)), maxBytes_(maxBytes) {}

ExchangeReceipt ExchangeInbox::accept(std::string_view xml, const std::string& peerHint) {
    exchange::ReadLimits limits;
    limits.maxBytes = maxBytes_;
    const auto peers = peers_.peers(); // as the peers file is now
    const Peer* peer = nullptr;
    try {
        const auto package = exchange::ParsedPackage::parse(xml, limits);
        // The peer whose certificate file holds the signing certificate; its own key then
        // checks the signature.
        std::shared_ptr<const CertificateSet> certificates;
        X509* signer = package.signerCertificate();
        for (const auto& candidate : peers) {
            if (!peerHint.empty() && candidate.name != peerHint) {
                continue;
            }
            auto set = peers_.certificates(candidate);
            for (const auto& certificate : *set) {
                if (signer != nullptr && X509_cmp(certificate.get(), signer) == 0) {
                    peer = &candidate;
                    certificates = set;
                }
            }
            if (peer != nullptr) {
                break;
            }
        }
        std::vector<X509*> trusted;
        if (certificates) {
            for (const auto& certificate : *certificates) {
                trusted.push_back(certificate.get());
            }
        }
        package.verifySignature(trusted); // unsigned, unknown signer, tampered: refused here

        const std::string& fromCode =
            package.isStatus() ? package.status().from.organId : package.document().from.organId;
        const auto sender = officeByCode(storage_, fromCode);
        if (!sender || sender->peer != peer->name) {
            throw ApiError::forbidden("Cơ quan gửi " + fromCode + " không thuộc máy chủ " +
                                      peer->name + " trong danh bạ; gói tin bị từ chối.");
        }
        auto receipt = store(package, *sender, peer->name);
        noteUnknownRecall(receipt);
        return receipt;
    } catch (const exchange::RefusedPackage& e) {
        throw refusal(e);
    }
}

void ExchangeInbox::noteUnknownRecall(const ExchangeReceipt& receipt) {
    if (receipt.unknownRecall.empty()) {
        return;
    }
    std::cerr << "vanthu: trao đổi (" << receipt.peer << "): " << receipt.unknownRecall
              << std::endl;
    audit_.record(
        {std::nullopt, receipt.peer, "recall-unknown", "exchange", "", receipt.unknownRecall});
}

} // namespace vanthu::http

namespace vanthu::http {

ExchangeReceipt ExchangeInbox::acceptFromAxis(std::string_view xml, const std::string& axisName) {
    exchange::ReadLimits limits;
    limits.maxBytes = maxBytes_;
    try {
        // No package signature is required: the axis authenticated the sending system and
        // checked that the sending office is registered to it. A real XML-DSig would still be
        // found and reported by the reader.
        const auto package = exchange::ParsedPackage::parse(xml, limits);
        const std::string& fromCode =
            package.isStatus() ? package.status().from.organId : package.document().from.organId;
        auto sender = officeByCode(storage_, fromCode);
        if (sender && sender->isLocal()) {
            throw ApiError::forbidden("Gói tin từ trục liên thông mang tên cơ quan " + fromCode +
                                      " của chính máy chủ này; gói tin bị từ chối.");
        }
        if (!sender) {
            // An office of the axis not (yet) in the directory: known by what the package says.
            sender = docmgmt::Office{};
            sender->code = fromCode;
            sender->name = package.isStatus() ? package.status().from.organName
                                              : package.document().from.organName;
            sender->peer = axisName;
        }
        return store(package, *sender, axisName);
    } catch (const exchange::RefusedPackage& e) {
        throw refusal(e);
    }
}

ExchangeReceipt ExchangeInbox::store(const exchange::ParsedPackage& package,
                                     const docmgmt::Office& sender, const std::string& via) {
    ExchangeReceipt receipt;
    receipt.peer = via;
    docmgmt::VerificationSettings verification;
    verification.trustAnchorsPem = readText(ownTrustAnchors_) + "\n" + peers_.trustAnchorsPem();
    docmgmt::Dispatch dispatch(storage_, blobs_, audit_, docmgmt::systemClock(), verification);
    docmgmt::Recall recall(storage_, blobs_, audit_);
    if (package.isStatus()) {
        const auto& status = package.status();
        receipt.kind = "status";
        receipt.packageId = status.responseFor.documentId;
        if (status.statusCode == docmgmt::kStatusRecallRequest) {
            // The issuer asks to recall its letter: the copies here of what it sent.
            docmgmt::RecallNotice notice;
            notice.senderCode = status.from.organId;
            notice.exchangeId = status.responseFor.documentId;
            notice.reason = status.description;
            notice.requestedAt = isoTimestamp(status.timestamp);
            try {
                receipt.incomingIds = recall.receive(notice);
            } catch (const docmgmt::NotFound&) {
                // Never received here (or not yet: see AxisLink): taken and noted, not refused,
                // so the issuer's outbox does not send it again forever.
                receipt.unknownRecall =
                    "đề nghị thu hồi (13) của " + notice.senderCode + " về văn bản " +
                    notice.exchangeId +
                    " mà máy chủ này không có: đã nhận, không có gì để thu hồi. Lý do thu hồi: " +
                    notice.reason;
            }
            return receipt;
        }
        dispatch.recordRecipientStatus(ownExchangeId(storage_, status.responseFor.documentId),
                                       status.from.organId, status.statusCode,
                                       isoTimestamp(status.timestamp), status.description,
                                       status.staffInfo.staff);
        return receipt;
    }
    const auto& document = package.document();
    receipt.kind = "document";
    receipt.packageId = document.documentId;
    const int business = document.bussiness ? document.bussiness->bussinessDocType : 0;
    // Recall, update and replacement (business types 1–3) name the document they affect.
    docmgmt::RecallNotice notice;
    if (business != exchange::bussiness::kNew) {
        const auto& b = *document.bussiness;
        notice.senderCode = document.from.organId;
        notice.exchangeId = b.documentId != document.documentId || b.replacements.empty()
                                ? b.documentId
                                : b.replacements.front().documentId;
        notice.reason = b.bussinessDocReason;
        // The time it was written (the same on every redelivery: kept once); without a trace,
        // the date of the new document.
        notice.requestedAt = document.traceHeaders.empty()
                                 ? isoDate(document.promulgationInfo.promulgationDate)
                                 : isoTimestamp(document.traceHeaders.front().timestamp);
        if (business != exchange::bussiness::kRecall) {
            notice.kind = business == exchange::bussiness::kUpdate
                              ? docmgmt::kRecallKindUpdate
                              : docmgmt::kRecallKindReplacement;
            notice.replacedBy = document.documentId;
        }
    }
    if (business == exchange::bussiness::kRecall) {
        receipt.incomingIds = recall.receive(notice); // the package is only the request
        return receipt;
    }
    for (const auto& to : document.to) {
        const auto receiver = officeByCode(storage_, to.organId);
        if (!receiver || !receiver->isLocal()) {
            continue; // addressed to an office elsewhere: not ours to receive
        }
        auto arriving = arrivingDocument(document, sender, to.organId, via);
        arriving.responseFor = ownExchangeId(storage_, arriving.responseFor);
        receipt.incomingIds.push_back(dispatch.receive(arriving));
    }
    if (receipt.incomingIds.empty()) {
        throw ApiError::notFound("Không cơ quan nhận nào của gói tin có trên máy chủ này.");
    }
    if (business != exchange::bussiness::kNew) {
        recall.receive(notice); // the new letter is here; the one it replaces is asked for
    }
    return receipt;
}

} // namespace vanthu::http
