#pragma once
// The sub-units of this system's exchange centre on the national document axis (registerAgency,
// deleteAgency): an installation administrator registers an office hosted here under the centre
// so that the axis routes letters to it, or removes it (the web API POST/DELETE
// /api/axis/agencies and `vanthu admin axis register|unregister`, both audited by their caller).
// The input is checked and bounded here, once for both (docs/exchange.md, "Sub-units").
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/exchange/AxisClient.hpp"

namespace vanthu::http {

/// What the administrator gives; empty name and parentCode take their defaults.
struct SubUnitInput {
    std::string code;       ///< an office hosted here (its code in the directory)
    std::string name;       ///< default: the office's name
    std::string parentCode; ///< default: its parent office when hosted here, else the centre
    std::string mail, mobile, fax;
};

/// The registration sent for input: InvalidInput naming the field (a code that is not usable, a
/// name over 300 bytes, a mail over 254 characters or without '@', a telephone or fax over 32
/// characters or with other than digits, spaces, '+', '.', '-', '(' and ')', a parent code not
/// usable), NotFound when the code is not an office hosted here.
exchange::AxisAgencyRegistration subUnitRegistration(const std::vector<docmgmt::Office>& offices,
                                                     const std::string& systemId,
                                                     const SubUnitInput& input);

/// A code deleteAgency may be asked for: InvalidInput when it is not a usable office code.
void checkSubUnitCode(const std::string& code);

/// The audit detail of a registration: "code name (cấp trên P)".
std::string subUnitDetail(const exchange::AxisAgencyRegistration& registration);

} // namespace vanthu::http
