#include "http/AxisLink.hpp"

#include <algorithm>
#include <iostream>

#include "http/ApiError.hpp"
#include "http/ExchangeInbox.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::http {

namespace {

/// The office an outbox item goes to: a document's receiver and the receiver of a recall
/// request (13), a status's original sender.
const std::string& destination(const docmgmt::OutboxItem& item) {
    return item.kind == docmgmt::kOutboxDocument || item.statusCode == docmgmt::kStatusRecallRequest
               ? item.recipientCode
               : item.senderCode;
}

/// The codes in a text of the axis: "A", "A,B", "A; B".
std::vector<std::string> codesIn(const std::string& text) {
    std::vector<std::string> codes;
    std::string code;
    for (const char c : text + ",") {
        if (c == ',' || c == ';' || c == ' ') {
            if (!code.empty()) {
                codes.push_back(code);
            }
            code.clear();
        } else {
            code += c;
        }
    }
    return codes;
}

/// How far a receive status has gone, to pick the best of several copies' states.
int progressOf(const std::string& status) {
    if (status == "done") {
        return 4;
    }
    if (status == "processing") {
        return 3;
    }
    if (status == "fail") {
        return 2;
    }
    return status.empty() ? 0 : 1;
}

std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

AxisLink::AxisLink(const AxisRoute& route, ExchangeInbox& inbox, docmgmt::Storage& storage,
                   docmgmt::BlobStore& blobs, std::chrono::seconds maxRetry)
    : route_(route), inbox_(inbox), storage_(storage), blobs_(blobs), client_(route.settings),
      claims_(storage, docmgmt::WorkClaims::newHolder()), maxRetry_(maxRetry),
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

std::string AxisLink::fetch(const exchange::AxisItem& item, AxisRound& round) {
    try {
        return client_.getEdoc(item.docId);
    } catch (const exchange::AxisError& e) {
        if (e.failure() == exchange::AxisFailure::Unreachable) {
            throw;
        }
        // The SDK's other way: the package as a raw stream (no base64 inside JSON). Its error,
        // if it fails too, is the one reported.
        auto package = client_.downloadEdoc(item.docId);
        ++round.downloaded;
        return package;
    }
}

bool AxisLink::anyWaiting(exchange::AxisMessageType type, AxisRound& round) {
    if (!counts_) {
        return true;
    }
    try {
        if (client_.countReceived(type) > 0) {
            return true;
        }
        ++round.listsSkipped;
        return false;
    } catch (const exchange::AxisError& e) {
        if (e.failure() == exchange::AxisFailure::Unreachable) {
            throw;
        }
        counts_ = false; // an axis without the count calls: list every round
        std::cerr << "vanthu: trục liên thông không đếm được văn bản chờ, hỏi danh sách mỗi lượt: "
                  << e.what() << std::endl;
        return true;
    }
}

void AxisLink::receiveItems(exchange::AxisMessageType type, AxisRound& round, bool stoppable,
                            std::vector<Deferred>* deferred) {
    if (!anyWaiting(type, round)) {
        return;
    }
    for (const auto& item : client_.receivedList(type)) {
        if (stoppable && (loop_.stopRequested() || !keepClaim())) {
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
            package = fetch(item, round);
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
    const std::int64_t started = unixNow();
    if (!claims_.claim("axis:" + route_.name, started, claimLease())) {
        return false; // another server on this database polls now, or polled a moment ago
    }
    claimedRound_ = true;
    try {
        claimedRound(started);
    } catch (...) {
        claimedRound_ = false;
        claims_.release("axis:" + route_.name, unixNow()); // due again for any server
        throw;
    }
    claimedRound_ = false;
    return false;
}

void AxisLink::claimedRound(std::int64_t started) {
    const std::string work = "axis:" + route_.name;
    try {
        receiveRound(/*stoppable=*/true);
        failures_ = 0;
        try {
            if (keepClaim()) {
                checkDeliveries();
            }
        } catch (const std::exception& e) {
            std::cerr << "vanthu: trục liên thông, tình trạng chuyển: " << e.what() << std::endl;
        }
        claims_.release(work, started + route_.settings.pollInterval.count());
        syncDirectoryWhenDue();
    } catch (const exchange::AxisError& e) {
        // Put off: the poll interval, doubled after each failure, up to maxRetry; for every
        // server on this database (the claim is due again only then).
        ++failures_;
        auto wait = route_.settings.pollInterval;
        for (int i = 1; i < failures_ && wait < maxRetry_; ++i) {
            wait *= 2;
        }
        wait = std::min(wait, maxRetry_);
        resumeAt_ = std::chrono::steady_clock::now() + wait;
        claims_.release(work, unixNow() + wait.count());
        std::cerr << "vanthu: trục liên thông: " << e.what() << "; thử lại sau " << wait.count()
                  << " giây" << std::endl;
    }
}

bool AxisLink::keepClaim() {
    return !claimedRound_ || claims_.renew("axis:" + route_.name, unixNow(), claimLease());
}

void AxisLink::syncDirectoryWhenDue() {
    const std::string work = "axis-directory:" + route_.name;
    if (route_.directoryEvery.count() <= 0 || loop_.stopRequested() ||
        !claims_.claim(work, unixNow(), claimLease())) {
        return;
    }
    try {
        syncDirectory("axis");
    } catch (const std::exception& e) {
        std::cerr << "vanthu: trục liên thông, danh bạ: " << e.what() << std::endl;
    }
    const auto every = std::chrono::duration_cast<std::chrono::seconds>(route_.directoryEvery);
    claims_.release(work, unixNow() + every.count());
}

std::int64_t AxisLink::claimLease() const {
    // Longer than the longest piece between two renewals: a package fetched, stored and
    // acknowledged, or the deliveries asked (at most 20 calls), or the directory's lists.
    return std::max<std::int64_t>(600, 25 * route_.settings.timeout.count());
}

} // namespace vanthu::http

namespace vanthu::http {

int AxisLink::checkDeliveries() {
    docmgmt::ExchangeOutbox outbox(storage_, blobs_);
    const auto items = outbox.awaitingAxisDelivery(unixNow(), 30, 200);
    std::vector<std::string> packages; // the axis's ids, in the order their items are due
    for (const auto& item : items) {
        if (std::find(packages.begin(), packages.end(), item.axisDocId) == packages.end() &&
            packages.size() < 20) {
            packages.push_back(item.axisDocId);
        }
    }
    int updated = 0;
    for (const auto& docId : packages) {
        const auto deliveries = client_.sentList(docId);
        std::vector<const docmgmt::OutboxItem*> sent;
        for (const auto& item : items) {
            if (item.axisDocId == docId) {
                sent.push_back(&item);
            }
        }
        for (const auto* item : sent) {
            // The copy for the receiving system of this item's office; one copy and one item:
            // that one, whatever it names.
            const exchange::AxisDelivery* best = nullptr;
            for (const auto& delivery : deliveries) {
                const auto codes = codesIn(delivery.receiver);
                const bool mine =
                    std::find(codes.begin(), codes.end(), destination(*item)) != codes.end() ||
                    (codes.empty() && deliveries.size() == 1 && sent.size() == 1);
                if (mine && (best == nullptr || progressOf(delivery.receiveStatus) >
                                                    progressOf(best->receiveStatus))) {
                    best = &delivery;
                }
            }
            if (best != nullptr) {
                outbox.recordAxisDelivery(item->id, best->receiverDocId, best->receiveStatus,
                                          best->sendStatus, unixNow());
            } else {
                outbox.recordAxisDelivery(item->id, "", "", "", unixNow()); // asked: not listed
            }
            ++updated;
        }
    }
    return updated;
}

DirectorySyncReport AxisLink::syncDirectory(const std::string& who) {
    std::lock_guard lock(directoryMutex_);
    DirectorySyncReport report;
    report.who = who;
    try {
        std::vector<exchange::AxisAgency> agencies;
        report.list = "getAgenciesListQD20";
        try {
            agencies = client_.agenciesQd20();
        } catch (const exchange::AxisError& e) {
            if (e.failure() != exchange::AxisFailure::Refused &&
                e.failure() != exchange::AxisFailure::BadAnswer) {
                throw;
            }
        }
        if (agencies.empty()) { // an axis without the QĐ 20 list
            report.list = "getAgenciesList";
            agencies = client_.agencies();
        }
        // The tree: the list's own pid; the QĐ 20 list has none, then getSynchronizeUnit's (its
        // units not deleted), else getAgenciesList's.
        const auto parents = parentsOf(agencies, report);
        std::vector<docmgmt::DirectoryEntry> entries;
        entries.reserve(agencies.size());
        for (const auto& agency : agencies) {
            docmgmt::DirectoryEntry entry;
            entry.code = agency.code;
            entry.name = agency.name;
            entry.oldCodes = codesIn(agency.oldCode);
            if (!report.parentsFrom.empty()) {
                const auto parent = parents.find(agency.code);
                entry.parentCode = parent == parents.end() ? std::string() : parent->second;
            }
            if (!agency.code102.empty() && agency.code102 != agency.code) {
                entry.oldCodes.push_back(agency.code102); // letters written with its 102 code
            }
            entries.push_back(std::move(entry));
        }
        docmgmt::AuditTrail audit(storage_);
        report.result = docmgmt::DirectorySync(storage_, audit)
                            .apply(entries, route_.name,
                                   docmgmt::vietnamTimestamp(unixNow()).substr(0, 10), who);
    } catch (const std::exception& e) {
        report.error = e.what();
        report.at = docmgmt::vietnamTimestamp(unixNow());
        lastSync_ = report;
        throw;
    }
    report.at = docmgmt::vietnamTimestamp(unixNow());
    lastSync_ = report;
    return report;
}

std::map<std::string, std::string>
AxisLink::parentsOf(const std::vector<exchange::AxisAgency>& agencies,
                    DirectorySyncReport& report) {
    const auto hasPid = [](const std::vector<exchange::AxisAgency>& list) {
        return std::any_of(list.begin(), list.end(), [](const exchange::AxisAgency& a) {
            return !a.pid.empty() && a.pid != "0" && a.pid != "-1";
        });
    };
    if (hasPid(agencies)) {
        report.parentsFrom = report.list;
        return exchange::axisParentCodes(agencies);
    }
    const auto refusedOrBad = [](const exchange::AxisError& e) {
        return e.failure() == exchange::AxisFailure::Refused ||
               e.failure() == exchange::AxisFailure::BadAnswer;
    };
    try {
        std::vector<exchange::AxisAgency> live;
        for (const auto& unit : client_.synchronizeUnits()) {
            if (!unit.deleted) {
                live.push_back(unit.agency);
            }
        }
        if (hasPid(live)) {
            report.parentsFrom = "getSynchronizeUnit";
            return exchange::axisParentCodes(live);
        }
    } catch (const exchange::AxisError& e) {
        if (!refusedOrBad(e)) {
            throw;
        }
    }
    if (report.list != "getAgenciesList") {
        try {
            const auto listed = client_.agencies();
            if (hasPid(listed)) {
                report.parentsFrom = "getAgenciesList";
                return exchange::axisParentCodes(listed);
            }
        } catch (const exchange::AxisError& e) {
            if (!refusedOrBad(e)) {
                throw;
            }
        }
    }
    return {}; // no list places anything: the parents stay as they are
}

AxisWaiting AxisLink::waiting() {
    return {client_.countReceived(exchange::AxisMessageType::Document),
            client_.countReceived(exchange::AxisMessageType::Status)};
}

std::vector<exchange::AxisUnit> AxisLink::units() {
    return client_.synchronizeUnits();
}

DirectorySyncReport AxisLink::lastDirectorySync() const {
    std::lock_guard lock(directoryMutex_);
    return lastSync_;
}

} // namespace vanthu::http
