#include "CaseFileFixtures.hpp"

namespace vanthu::test {

using namespace docmgmt;

Id issuedLetter(DemoWorld& world, const std::string& subject) {
    const Id id = world.signedLetter(subject);
    world.flow->issue(world.actor("vanthu.vq"), id);
    return id;
}

FileListEntry listEntry(DemoWorld& world, CaseFiles& files, const std::string& code,
                        const std::string& retention) {
    FileListEntry entry;
    entry.year = 2026;
    entry.code = code;
    entry.title = "Hồ sơ về cải cách hành chính năm 2026";
    entry.retention = retention;
    entry.responsibleId = world.user("vanthu.vq").id;
    return files.addListEntry(world.actor("vanthu.vq"), entry);
}

CaseFile closedCaseFile(DemoWorld& world, CaseFiles& files) {
    const auto clerk = world.actor("vanthu.vq");
    const auto file = files.open(clerk, listEntry(world, files, "HS-01").id, "Hồ sơ thử");
    files.addDocument(clerk, file.id, kOutgoingKind, issuedLetter(world, "cải cách hành chính"));
    files.addDocument(clerk, file.id, kOutgoingKind, issuedLetter(world, "chuyển đổi số"));
    return files.close(clerk, file.id);
}

} // namespace vanthu::test
