#pragma once
// The settings of the notices by e-mail (issue 14; docmgmt::MailSettings):
//   GET and PUT /api/me/mail-preferences: the kinds of notice the signed-in person receives
//     ({"off": [kind…]}: the kinds they turn off);
//   GET, PUT and DELETE /api/smtp: the SMTP server set by an installation administrator (it
//     overrides the config file's; DELETE goes back to the file's); the password is written,
//     never read back;
//   GET /api/smtp/queue?limit=N: the newest N (100; 1–500) notices, each with its state ("sent",
//     "waiting", "retrying"), tries and last error, and the counts of each state (installation
//     administrators only);
//   POST /api/smtp/test {"to"}: one test e-mail through the SMTP server in use now, its failure
//     answered 502 with what went wrong.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class MailHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

    /// Whether this handler answers the request's path.
    static bool answers(const std::string& uri);

protected:
    void serve(Exchange& exchange) override;

private:
    void preferences(Exchange& exchange);
    void smtp(Exchange& exchange);
    void queue(Exchange& exchange);
    void testMail(Exchange& exchange);
};

} // namespace vanthu::http
