#pragma once
// The national document axis, for administrators (docs/exchange.md, "The axis's directory of
// offices"): GET /api/axis (the connection and the last directory synchronisation) and
// POST /api/axis/directory (synchronise the axis's directory of offices into the office
// directory now). 404 when the server has no "axis" section in --peers.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class AxisLink;

class AxisHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    AxisLink& axis(Exchange& exchange);
};

} // namespace vanthu::http
