#pragma once
// Between docmgmt's documents and edXML packages (exchange/): what an outbox item becomes on
// the wire, and what an arriving package becomes for the receiving office. Dates: ISO
// ("2024-02-07", "2024-02-07T09:30:00+07:00") here, edXML ("2024/02/07",
// "2024/02/07 09:30:00", Vietnam time) on the wire.
#include <optional>
#include <string>

#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/docmgmt/IncomingDocument.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/exchange/EdxmlPackage.hpp"
#include "vanthu/exchange/MessageStatus.hpp"

namespace vanthu::http {

std::string edxmlDate(const std::string& isoDate);           ///< "" stays ""
std::string isoDate(const std::string& edxmlDate);           ///< "" stays ""
std::string edxmlTimestamp(const std::string& isoTimestamp); ///< to Vietnam time
std::string isoTimestamp(const std::string& edxmlTimestamp); ///< "…+07:00"

/// The office with this identifier code in the directory, if any.
std::optional<docmgmt::Office> officeByCode(const docmgmt::Storage& storage,
                                            const std::string& code);

/// The DocumentId vanthu writes for an issued document: "OrganId,yyyy/MM/dd,number/notation"
/// (what receivers on the national axis expect; docs/exchange.md).
std::string commaDocumentId(const docmgmt::Office& sender, const docmgmt::OutgoingDocument& doc);

/// The exchangeId (internal UUID) of this server's own issued document that documentId names:
/// documentId itself when it is one, the document whose comma form it is otherwise; unchanged
/// when no document here matches. Statuses and replies name a document by what it was sent
/// as.
std::string ownExchangeId(const docmgmt::Storage& storage, const std::string& documentId);

/// The document package of an outbox item (one receiver: item.recipientCode): the SDK's
/// shape, attachments with "cid:" UUID ContentIds, the signed PDF first. replyTo: the
/// incoming document a reply answers (its sender's number and date go into ResponseFor).
exchange::EdxmlPackage documentPackage(const docmgmt::OutboxDocument& outgoing,
                                       const docmgmt::OutboxItem& item,
                                       const std::optional<docmgmt::IncomingDocument>& replyTo,
                                       const std::string& now);

/// The status package of an outbox item: `reporter` is the office here reporting, `incoming`
/// the document the status is about.
exchange::MessageStatus statusPackage(const docmgmt::OutboxItem& item,
                                      const docmgmt::Office& reporter,
                                      const docmgmt::IncomingDocument& incoming);

/// The issuer's recall request (status 13) of an outbox item: `letter` the issued letter,
/// `issuer` its office; the reason in Description.
exchange::MessageStatus recallRequestPackage(const docmgmt::OutboxItem& item,
                                             const docmgmt::Office& issuer,
                                             const docmgmt::OutgoingDocument& letter);

/// Makes a document package a replacement (business type 3; with update, an update: type 2) of
/// the document sent as replacedDocumentId, for the receivers receiverCodes, with the reason.
void markReplacement(exchange::EdxmlPackage& package, const std::string& replacedDocumentId,
                     const std::string& reason, const std::vector<std::string>& receiverCodes,
                     bool update = false);

/// An office as a package's From or To (OrganId, OrganName, OrganizationInCharge).
exchange::Organ organOf(const docmgmt::Office& office);

/// What the office `receiverCode` receives from a package sent by `sender` at `peer`: the
/// main document is the PDF (exchange::mainDocument), zipped files unpacked (throws
/// exchange::RefusedPackage for a damaged or oversized zip).
docmgmt::ArrivingDocument arrivingDocument(const exchange::EdxmlPackage& package,
                                           const docmgmt::Office& sender,
                                           const std::string& receiverCode,
                                           const std::string& peer);

} // namespace vanthu::http
