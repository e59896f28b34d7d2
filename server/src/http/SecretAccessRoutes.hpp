#pragma once
// The access routes every document and case file has (docs/access-rules.md "Secret
// documents"), under /api/documents/{id}, /api/incoming/{id} and /api/casefiles/{id}:
//   GET    …/access                    the limit, the people named, how often it was read
//   PUT    …/access {limited}          limit to named people (a leader; secret documents) or lift
//   it POST   …/access/readers {userId}   name one more person of the office DELETE
//   …/access/readers/{userId}   remove a named person
// and the record of a reading or a download (III.6l).
#include <string>

#include "http/Exchange.hpp"

namespace vanthu::http {

class Backend;

/// Answers the request when segments[3] is "access" (true); false otherwise. object is
/// "document/7", "incoming/3" or "casefile/2".
bool serveAccess(Exchange& exchange, Backend& backend, const std::string& object);

/// Records that the actor has just read ("view") or downloaded ("download") the object.
void recordRead(const Exchange& exchange, Backend& backend, const std::string& object,
                const std::string& action);

} // namespace vanthu::http
