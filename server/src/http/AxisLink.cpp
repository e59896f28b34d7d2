#include "http/AxisLink.hpp"

#include <algorithm>
#include <iostream>

#include "http/ApiError.hpp"
#include "http/ExchangeInbox.hpp"
#include "vanthu/docmgmt/Errors.hpp"

namespace vanthu::http {

namespace {

/// The office an outbox item goes to: a document's receiver and the receiver of a recall
/// request (13), a status's original sender.
const std::string& destination(const docmgmt::OutboxItem& item) {
    return item.kind == docmgmt::kOutboxDocument || item.statusCode == docmgmt::kStatusRecallRequest
               ? item.recipientCode
               : item.senderCode;
}

} // namespace

AxisLink::AxisLink(const AxisRoute& route, ExchangeInbox& inbox, std::chrono::seconds maxRetry)
    : route_(route), inbox_(inbox), client_(route.settings), maxRetry_(maxRetry),
      loop_("trục liên thông", route.settings.pollInterval, [this] { return pollRound(); }) {}

bool AxisLink::reaches(const docmgmt::OutboxItem& item) const {
    return item.peer == route_.name || std::find(route_.offices.begin(), route_.offices.end(),
                                                 destination(item)) != route_.offices.end();
}

std::string AxisLink::send(const std::string& package, const std::string& from,
                           exchange::AxisMessageType type, const std::vector<std::string>& to) {
    return client_.sendEdoc(package, from, type, to);
}

bool AxisLink::acknowledge(const std::string& docId,
                           exchange::AxisAcknowledgement acknowledgement) {
    try {
        client_.updateStatus(docId, acknowledgement);
        return true;
    } catch (const exchange::AxisError& e) {
        // Stored but not acknowledged: the axis offers it again; it is then only acknowledged.
        std::cerr << "vanthu: trục liên thông: " << e.what() << std::endl;
        return false;
    }
}

void AxisLink::remember(const std::string& docId) {
    if (stored_.insert(docId).second) {
        storedOrder_.push_back(docId);
        if (storedOrder_.size() > 10000) {
            stored_.erase(storedOrder_.front());
            storedOrder_.pop_front();
        }
    }
}

std::optional<ExchangeReceipt> AxisLink::accept(const exchange::AxisItem& item,
                                                const std::string& package, AxisRound& round) {
    std::string refusal;
    try {
        return inbox_.acceptFromAxis(package, route_.name);
    } catch (const ApiError& e) {
        if (e.status() >= 500) {
            ++round.failed;
            return std::nullopt;
        }
        refusal = e.what();
    } catch (const docmgmt::NotFound& e) {
        refusal = e.what();
    } catch (const docmgmt::InvalidInput& e) {
        refusal = e.what();
    } catch (const std::exception& e) {
        // Storage busy, disk full, …: not acknowledged, offered again.
        std::cerr << "vanthu: trục liên thông, chưa lưu được " << item.docId << ": " << e.what()
                  << std::endl;
        ++round.failed;
        return std::nullopt;
    }
    std::cerr << "vanthu: trục liên thông, gói tin " << item.docId << " từ " << item.from
              << " bị từ chối: " << refusal << std::endl;
    round.refused += acknowledge(item.docId, exchange::AxisAcknowledgement::Fail) ? 1 : 0;
    return std::nullopt;
}

void AxisLink::stored(const exchange::AxisItem& item, AxisRound& round) {
    remember(item.docId);
    round.stored += acknowledge(item.docId, exchange::AxisAcknowledgement::Done) ? 1 : 0;
}

void AxisLink::receiveItems(exchange::AxisMessageType type, AxisRound& round, bool stoppable,
                            std::vector<Deferred>* deferred) {
    for (const auto& item : client_.receivedList(type)) {
        if (stoppable && loop_.stopRequested()) {
            return;
        }
        if (item.docId.empty()) {
            continue; // nothing to fetch or acknowledge
        }
        if (stored_.count(item.docId) != 0) {
            round.repeated += acknowledge(item.docId, exchange::AxisAcknowledgement::Done) ? 1 : 0;
            continue;
        }
        std::string package;
        try {
            package = client_.getEdoc(item.docId);
        } catch (const exchange::AxisError& e) {
            if (e.failure() == exchange::AxisFailure::Unreachable) {
                throw; // the axis is gone: end the round
            }
            std::cerr << "vanthu: trục liên thông, " << item.docId << ": " << e.what() << std::endl;
            ++round.failed;
            continue;
        }
        const auto receipt = accept(item, package, round);
        if (!receipt) {
            continue;
        }
        if (!receipt->unknownRecall.empty() && deferred != nullptr) {
            // Statuses are listed first: the letter may be among this round's documents.
            deferred->push_back({item, std::move(package)});
            continue;
        }
        inbox_.noteUnknownRecall(*receipt);
        stored(item, round);
    }
}

AxisRound AxisLink::receiveRound(bool stoppable) {
    std::lock_guard lock(roundMutex_);
    AxisRound round;
    // Statuses first: a status about a letter never waits behind a large package. A recall
    // request (13) about a letter not here yet waits for the round's documents, then is taken
    // again; a letter still unknown is then noted (audit trail, log) and acknowledged.
    std::vector<Deferred> deferred;
    receiveItems(exchange::AxisMessageType::Status, round, stoppable, &deferred);
    receiveItems(exchange::AxisMessageType::Document, round, stoppable, nullptr);
    for (const auto& [item, package] : deferred) {
        if (const auto receipt = accept(item, package, round)) {
            inbox_.noteUnknownRecall(*receipt);
            stored(item, round);
        }
    }
    return round;
}

bool AxisLink::pollRound() {
    if (std::chrono::steady_clock::now() < resumeAt_) {
        return false;
    }
    try {
        receiveRound(/*stoppable=*/true);
        failures_ = 0;
    } catch (const exchange::AxisError& e) {
        // Put off: the poll interval, doubled after each failure, up to maxRetry.
        ++failures_;
        auto wait = route_.settings.pollInterval;
        for (int i = 1; i < failures_ && wait < maxRetry_; ++i) {
            wait *= 2;
        }
        wait = std::min(wait, maxRetry_);
        resumeAt_ = std::chrono::steady_clock::now() + wait;
        std::cerr << "vanthu: trục liên thông: " << e.what() << "; thử lại sau " << wait.count()
                  << " giây" << std::endl;
    }
    return false;
}

} // namespace vanthu::http
