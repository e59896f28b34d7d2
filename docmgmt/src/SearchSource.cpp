#include "vanthu/docmgmt/SearchSource.hpp"

#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

std::string userReaderToken(Id userId) {
    return "u" + std::to_string(userId);
}

std::string roleReaderToken(Id officeId, Role role) {
    return "r" + std::to_string(officeId) + ":" + toString(role);
}

std::vector<std::string> readerTokens(const User& user) {
    if (!user.active || user.role == Role::Administrator) {
        return {};
    }
    return {userReaderToken(user.id), roleReaderToken(user.officeId, user.role)};
}

std::vector<search::IndexedCaseFile> indexedCaseFiles(const Storage& storage,
                                                      const std::string& kind, Id documentId) {
    std::vector<search::IndexedCaseFile> files;
    for (const auto holding : storage.caseFilesHolding(kind, documentId)) {
        if (const auto file = storage.findCaseFile(holding)) {
            // A file limited to named people: its code and title are not searched nor shown
            // with the document (those who see the document may not see the file); its id
            // still finds the document again when the file changes.
            if (file->access.limited) {
                files.push_back({std::to_string(file->id), "", ""});
            } else {
                files.push_back({std::to_string(file->id), file->code, file->title});
            }
        }
    }
    return files;
}

std::string indexedUrgency(const std::string& code) {
    if (code == "khan") {
        return "Khẩn";
    }
    if (code == "thuong-khan") {
        return "Thượng khẩn";
    }
    if (code == "hoa-toc") {
        return "Hỏa tốc";
    }
    return code;
}

std::string indexedUserName(const Storage& storage, std::optional<Id> userId) {
    if (!userId) {
        return {};
    }
    const auto user = storage.findUser(*userId);
    return user ? user->fullName : std::string();
}

} // namespace vanthu::docmgmt
