#pragma once
// Serves a TimeStampAuthority over HTTP (RFC 3161 section 3.4): POST application/timestamp-query,
// answer application/timestamp-reply; and, when given an OcspResponder, OCSP for its CA (RFC 6960
// appendix A: POST application/ocsp-request, answer application/ocsp-response), whatever the
// path: the demo PKI's online services on one loopback port. Tests run it on a free port.
#include <memory>

#include "vanthu/signing/OcspResponder.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"

namespace Poco::Net {
class HTTPRequestHandler;
}

namespace vanthu::signing {

/// The request handler TimeStampServer uses, for another Poco HTTP server to mount (`vanthu
/// serve --tsa-p12` answers at /tsa): time-stamps, and OCSP when ocsp is given.
Poco::Net::HTTPRequestHandler* newTimeStampRequestHandler(TimeStampAuthority& authority,
                                                          const OcspResponder* ocsp = nullptr);

class TimeStampServer {
public:
    /// Listens on 127.0.0.1:port (0: any free port) or on all interfaces when bindAll.
    TimeStampServer(TimeStampAuthority& authority, unsigned short port, bool bindAll = false,
                    const OcspResponder* ocsp = nullptr);
    ~TimeStampServer();
    TimeStampServer(const TimeStampServer&) = delete;
    TimeStampServer& operator=(const TimeStampServer&) = delete;

    unsigned short port() const;
    /// Blocks until SIGINT or SIGTERM.
    void waitForTermination();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace vanthu::signing
