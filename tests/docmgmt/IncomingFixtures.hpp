#pragma once
// Shared by the routing tests: the demo world with an incoming flow beside the outgoing one,
// Party letters issued from the provincial committee, paper letters.
#include <memory>
#include <string>
#include <vector>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"

namespace vanthu::test {

class RoutingWorld : public DemoWorld {
public:
    RoutingWorld();

    /// A letter of Tỉnh ủy Bắc Giang (DEMO.TU.BG) to these office codes, issued through the
    /// flow (drafted, approved, signed, issued).
    docmgmt::OutgoingDocument issuePartyLetter(const std::vector<std::string>& recipientOffices,
                                               const std::string& subject = "thực hiện Kết "
                                                                            "luận của Ban "
                                                                            "Thường vụ Tỉnh ủy",
                                               const std::string& secrecy = "");
    /// A paper letter for vanthu.<office> to enter (an unsigned one-page PDF as its scan);
    /// each call a new number (215/SNV-CCHC, 216/SNV-CCHC, …), so that none is a duplicate.
    docmgmt::ArrivingDocument paperLetter(const std::string& subject) const;
    /// The incoming documents of an office (by one of its users), newest first.
    std::vector<docmgmt::IncomingDocument> incomingOf(const std::string& username) const;
    /// Moves the clock to 09:00 Vietnam time on that day.
    void setDay(int year, int month, int day);

    std::unique_ptr<docmgmt::IncomingFlow> incoming;
    std::unique_ptr<docmgmt::ExchangeOutbox> outbox;

private:
    mutable int paperNumber_ = 215;
};

/// A small valid PDF without signatures.
std::string unsignedPdf();

} // namespace vanthu::test
