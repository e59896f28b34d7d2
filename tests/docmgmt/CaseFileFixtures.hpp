#pragma once
// Shared by the case-file and archive-package tests: issued letters of vanthu.vq's office and a
// case file holding them.
#include <string>
#include <vector>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/CaseFiles.hpp"

namespace vanthu::test {

/// An issued letter of UBND huyện Văn Quan (through the flow: draft, approve, sign, issue).
docmgmt::Id issuedLetter(DemoWorld& world, const std::string& subject);

/// An entry of the 2026 file list of vanthu.vq's office.
docmgmt::FileListEntry listEntry(DemoWorld& world, docmgmt::CaseFiles& files,
                                 const std::string& code, const std::string& retention = "10 năm");

/// A case file "HS-01" with two issued letters, closed on the demo day.
docmgmt::CaseFile closedCaseFile(DemoWorld& world, docmgmt::CaseFiles& files);

} // namespace vanthu::test
