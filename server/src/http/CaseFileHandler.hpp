#pragma once
// Case files (hồ sơ) and the yearly file list (danh mục hồ sơ), docs/api.md "Case files":
//   GET  /api/file-list?year=            the office's file list of a year
//   POST /api/file-list                  add an entry (clerk, leader)
//   GET  /api/casefiles                  the office's case files, with archiveWarning
//   POST /api/casefiles                  open a file from a list entry (clerk, leader)
//   GET  /api/casefiles/{id}             one file with its documents
//   POST /api/casefiles/{id}/documents   file a document {kind, id}
//   POST /api/casefiles/{id}/close       close it
//   GET  /api/casefiles/{id}/package     the archive package (application/zip)
#include "http/ApiHandler.hpp"

namespace vanthu::docmgmt {
class CaseFiles;
}

namespace vanthu::http {

class Backend;

/// [{id, code, title, state}] of the case files of the actor's office that hold a document and
/// that the actor may see, for the document's own page; [] when none (or the server keeps no
/// case files).
Poco::Dynamic::Var holdingCaseFileJson(Backend& backend, const Actor& actor,
                                       const std::string& kind, Id documentId);

class CaseFileHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    docmgmt::CaseFiles& caseFiles();
    void fileList(Exchange& exchange);
    /// GET package (ZIP), pdf (the file as one PDF), xml (its metadata), index.csv.
    void download(Exchange& exchange, Id id, const std::string& what);
    /// GET /casefiles/notices[?all=1], POST /casefiles/notices/{id}/read.
    void notices(Exchange& exchange);
};

} // namespace vanthu::http
