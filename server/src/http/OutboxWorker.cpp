#include "http/OutboxWorker.hpp"

#include "vanthu/docmgmt/KeyRing.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <sstream>

#include "http/AxisLink.hpp"
#include "http/EdxmlMapping.hpp"
#include "http/PeerDirectory.hpp"
#include "vanthu/docmgmt/KeyRing.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"
#include "vanthu/exchange/PackageWriter.hpp"

namespace vanthu::http {

namespace {

std::int64_t now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

/// POSTs the package; the answer's status and (shortened) body.
std::pair<int, std::string> post(const Peer& peer, const std::string& self,
                                 const std::string& package, std::chrono::seconds timeout) {
    const Poco::URI uri(peer.baseUrl + "/api/exchange/packages");
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
        // The system's CAs check the peer's TLS certificate; the package's own XML signature
        // is what the peer trusts.
        static const Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                   Poco::Net::Context::VERIFY_RELAXED, 9, true);
        session =
            std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(static_cast<long>(timeout.count()), 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/xml; charset=utf-8");
    request.setContentLength(static_cast<std::streamsize>(package.size()));
    request.set("X-Vanthu-Peer", self);
    session->sendRequest(request) << package;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    std::string body;
    Poco::StreamCopier::copyToString(in, body);
    if (body.size() > 500) {
        body.resize(500);
    }
    return {static_cast<int>(response.getStatus()), body};
}

} // namespace

OutboxWorker::OutboxWorker(const PeerDirectory& peers, docmgmt::Storage& storage,
                           docmgmt::BlobStore& blobs, OutboxSettings settings)
    : peers_(peers), storage_(storage), blobs_(blobs), outbox_(storage, blobs),
      settings_(std::move(settings)), loop_("hộp thư đi trao đổi", settings_.poll, [this] {
          deliverRound(/*stoppable=*/true);
          return false;
      }) {}

std::chrono::seconds OutboxWorker::backoff(int attempts) const {
    auto wait = settings_.firstRetry;
    for (int i = 1; i < attempts && wait < settings_.maxRetry; ++i) {
        wait *= 2;
    }
    return std::min(wait, settings_.maxRetry);
}

int OutboxWorker::deliverDue() {
    return deliverRound(/*stoppable=*/false);
}

int OutboxWorker::deliverRound(bool stoppable) {
    std::lock_guard round(roundMutex_);
    int delivered = 0;
    std::set<docmgmt::Id> tried; ///< items sent (or failed) in an axis package of this round
    // Claimed for longer than a round can take, so that another server on the same database
    // (or a round after a crash) sends none of them twice.
    const auto lease = settings_.timeout.count() * (settings_.batch + 1);
    for (const auto& item : outbox_.claim(now(), lease, settings_.batch)) {
        // On SIGTERM the thread stops after the item it is sending (a peer that hangs costs
        // one time-out, not one per item of the round); the rest stay due for the next start.
        if (stoppable && loop_.stopRequested()) {
            break;
        }
        // Cancelled since the round began (its letter recalled before it left): not sent; sent
        // already in the one axis package of its document.
        if (const auto now = outbox_.find(item.id); !now || !now->cancelledAt.empty() ||
                                                    !now->deliveredAt.empty() ||
                                                    tried.count(item.id) != 0) {
            continue;
        }
        if (axis_ != nullptr && axis_->reaches(item)) {
            const auto together = axisPackageOf(item);
            const auto [axisDocId, error] = deliverThroughAxis(together);
            std::vector<docmgmt::Id> ids;
            for (const auto& one : together) {
                ids.push_back(one.id);
                tried.insert(one.id);
            }
            if (error.empty()) {
                outbox_.sentThroughAxis(ids, axisDocId, now());
                delivered += static_cast<int>(ids.size());
            } else {
                for (const auto& one : together) {
                    outbox_.failed(one.id, error, now() + backoff(one.attempts + 1).count());
                }
            }
            continue;
        }
        const auto result = deliver(item);
        if (result.delivered) {
            outbox_.delivered(item.id, now());
            ++delivered;
        } else {
            outbox_.failed(item.id, result.error, now() + backoff(item.attempts + 1).count());
        }
    }
    return delivered;
}

std::shared_ptr<const signing::SigningKey> OutboxWorker::sealOf(const docmgmt::Office& office) {
    // An imported seal is cached under its record (a new import is a new entry).
    std::string cacheKey = office.sealKey;
    if (const auto seal = settings_.keys ? settings_.keys->sealOf(office.id) : std::nullopt) {
        if (seal->kind == "pkcs11") {
            return settings_.keys->checkedSealKey(office);
        }
        cacheKey = seal->owner + "@" + seal->changedAt + "@" + seal->secret;
    }
    if (cacheKey.empty()) {
        throw std::runtime_error("cơ quan " + office.code + " chưa có khóa con dấu trên máy chủ");
    }
    std::lock_guard lock(keysMutex_);
    auto& key = keys_[cacheKey];
    if (!key && settings_.keys) {
        key = settings_.keys->checkedSealKey(office);
    } else if (!key) {
        key = signing::Pkcs12Key::fromFile(office.sealKey, settings_.keyPassword);
    }
    return key;
}

std::string OutboxWorker::packageFor(const docmgmt::OutboxItem& item) {
    return build(item, /*sealed=*/true).first;
}

std::vector<docmgmt::OutboxItem> OutboxWorker::axisPackageOf(const docmgmt::OutboxItem& item) {
    if (item.kind != docmgmt::kOutboxDocument) {
        return {item};
    }
    std::vector<docmgmt::OutboxItem> together;
    for (const auto& other : storage_.outboxDocumentItems(item.documentId)) {
        if (other.id == item.id || (other.deliveredAt.empty() && other.cancelledAt.empty() &&
                                    other.affects == item.affects && axis_->reaches(other))) {
            together.push_back(other);
        }
    }
    return together;
}

std::pair<std::string, std::string>
OutboxWorker::build(const docmgmt::OutboxItem& item, bool sealed,
                    const std::vector<docmgmt::OutboxItem>& together) {
    if (item.kind == docmgmt::kOutboxDocument) {
        auto outgoing = outbox_.documentFor(item);
        for (auto& attachment : outgoing.attachments) {
            if (attachment.bytes.empty() && !attachment.blob.empty()) {
                attachment.bytes = blobs_.get(attachment.blob);
            }
        }
        std::optional<docmgmt::IncomingDocument> replyTo;
        if (outgoing.document.replyToIncoming) {
            replyTo = storage_.findIncoming(*outgoing.document.replyToIncoming);
        }
        // A replacement is written with the time it was asked for: the same on every retry,
        // so that the receiver keeps it once.
        auto package = documentPackage(outgoing, item, replyTo,
                                       item.affects.empty() ? docmgmt::vietnamTimestamp(now())
                                                            : item.statusAt);
        std::vector<std::string> receivers{item.recipientCode};
        if (!together.empty()) { // one package, every receiver in its To
            package.to.clear();
            receivers.clear();
            for (const auto& other : together) {
                const auto office = officeByCode(storage_, other.recipientCode);
                if (!office) {
                    throw std::runtime_error("cơ quan " + other.recipientCode +
                                             " không còn trong danh bạ");
                }
                package.to.push_back(organOf(*office));
                receivers.push_back(other.recipientCode);
            }
        }
        if (!item.affects.empty()) {
            const auto replaced = storage_.findDocumentByExchangeId(item.affects);
            if (!replaced) {
                throw std::runtime_error("không còn văn bản được thay thế " + item.affects);
            }
            // An update (business type 2) when the issuer's request that this letter answers
            // was one; a replacement (3) otherwise.
            bool update = false;
            for (const auto& request : storage_.recallRequests(replaced->id)) {
                if (request.replacementId == item.documentId) {
                    update = request.kind == docmgmt::kRecallKindUpdate;
                }
            }
            markReplacement(package, commaDocumentId(outgoing.sender, *replaced),
                            item.statusDescription, receivers, update);
        }
        return {exchange::writePackage(package, sealed ? sealOf(outgoing.sender).get() : nullptr),
                outgoing.sender.code};
    }
    if (item.statusCode == docmgmt::kStatusRecallRequest) { // the issuer's recall request
        const auto issuer = officeByCode(storage_, item.senderCode);
        const auto letter = storage_.findDocument(item.documentId);
        if (!issuer || !letter) {
            throw std::runtime_error("không còn văn bản hay cơ quan của đề nghị thu hồi này");
        }
        return {exchange::writePackage(recallRequestPackage(item, *issuer, *letter),
                                       sealed ? sealOf(*issuer).get() : nullptr),
                issuer->code};
    }
    const auto reporter = officeByCode(storage_, item.recipientCode);
    const auto incoming = storage_.findIncoming(item.documentId);
    if (!reporter || !incoming) {
        throw std::runtime_error("không còn văn bản đến hay cơ quan của mục trạng thái này");
    }
    return {exchange::writePackage(statusPackage(item, *reporter, *incoming),
                                   sealed ? sealOf(*reporter).get() : nullptr),
            reporter->code};
}

std::pair<std::string, std::string>
OutboxWorker::deliverThroughAxis(const std::vector<docmgmt::OutboxItem>& items) {
    const auto& item = items.front();
    try {
        // No package signature towards the axis: it authenticates this system (HMAC) and
        // receivers on it do not verify one; the PDF carries its own signatures.
        const auto [package, from] = build(item, /*sealed=*/false, items);
        // A recall request (13) names only the issuer (From, ResponseFor): its receiver goes in
        // the call's `to`. Documents name theirs (To), other statuses go to ResponseFor.
        const bool recallRequest =
            item.kind == docmgmt::kOutboxStatus && item.statusCode == docmgmt::kStatusRecallRequest;
        return {axis_->send(package, from,
                            item.kind == docmgmt::kOutboxDocument
                                ? exchange::AxisMessageType::Document
                                : exchange::AxisMessageType::Status,
                            recallRequest ? std::vector<std::string>{item.recipientCode}
                                          : std::vector<std::string>{}),
                ""};
    } catch (const std::exception& e) {
        return {"", std::string("không gửi được qua trục liên thông: ") + e.what()};
    }
}

DeliveryResult OutboxWorker::deliver(const docmgmt::OutboxItem& item) {
    const auto peer = peers_.find(item.peer); // as the peers file is now
    if (!peer) {
        return {false, "máy chủ \"" + item.peer + "\" chưa được cấu hình (--peers)"};
    }
    try {
        const auto package = packageFor(item);
        const auto [status, body] = post(*peer, peers_.self(), package, settings_.timeout);
        if (status >= 200 && status < 300) {
            return {true, ""};
        }
        return {false,
                "máy chủ " + peer->name + " trả lời " + std::to_string(status) + ": " + body};
    } catch (const Poco::Exception& e) {
        return {false, "không gửi được tới " + peer->name + " (" + peer->baseUrl +
                           "): " + e.displayText()};
    } catch (const std::exception& e) {
        return {false, std::string("không gửi được: ") + e.what()};
    }
}

} // namespace vanthu::http
