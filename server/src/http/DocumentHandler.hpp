#pragma once
// /api/documents: list, create, read, edit, the PDF, the steps of the outgoing flow (submit,
// return, approve, sign, two-phase signing, issue) and the verification of its signatures; the
// issue queue (/api/issue-queue, /api/documents/{id}/issue-queue: letters waiting for their
// office's time-stamp authority or revocation source, issue 21 item 2); comments, kept versions
// compared, and the files a letter carries (issue 14 item 4). Every
// access check is the flow's (docmgmt::OutgoingFlow); this class translates HTTP to its calls.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class DocumentHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    docmgmt::OutgoingFlow& flow();
    void route(Exchange& exchange);
    void list(Exchange& exchange);
    void create(Exchange& exchange);
    void read(Exchange& exchange, Id id);
    void update(Exchange& exchange, Id id);
    void pdf(Exchange& exchange, Id id);
    void verification(Exchange& exchange, Id id);
    void step(Exchange& exchange, Id id, const std::string& action);
    /// 422 naming the office's required metadata fields (III.7c) the draft has no value for.
    void requireOwnMetadata(const Actor& actor, Id id);
    void prepareSignature(Exchange& exchange, Id id);
    void issue(Exchange& exchange, Id id);
    void issueQueue(Exchange& exchange);
    void queueIssue(Exchange& exchange, Id id);
    void comments(Exchange& exchange, Id id);
    void versions(Exchange& exchange, Id id);
    void attachments(Exchange& exchange, Id id);
    void sendDocument(Exchange& exchange, const docmgmt::OutgoingDocument& document,
                      int status = 200);
};

} // namespace vanthu::http
