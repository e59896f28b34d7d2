#pragma once
// Printed copies (bản in, NĐ 30/2020 Phụ lục VI III.6k): `GET …/pdf?copy=print` of an outgoing
// or incoming document answers the PDF with a new revision that marks every page with the
// office, the person and the time (templates::markPrintedCopy); without `copy` the stored PDF is
// sent byte for byte, for verification. Each copy is recorded as a download and in the audit
// trail ("print").
#include <string>

#include "http/Exchange.hpp"

namespace vanthu::http {

/// Whether the request asks for a printed copy: `copy=print` (400 for any other `copy`).
bool wantsPrintCopy(const Exchange& exchange);

/// Sends a marked copy of the stored PDF `bytes` of `object` ("document/7", "incoming/3"),
/// named `filename` with "-ban-in" before ".pdf", recording the download and an audit entry.
void sendPrintCopy(Exchange& exchange, Backend& backend, const std::string& bytes,
                   const std::string& object, const std::string& filename);

} // namespace vanthu::http
