#ifdef VANTHU_HAVE_DOCMGMT
#include "cli/AdminSupport.hpp"

#include <iostream>

#include "cli/Command.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/SecretBox.hpp"

namespace vanthu::cli {

int withAdminErrors(const std::function<int()>& work) {
    try {
        return work();
    } catch (const docmgmt::InvalidInput& e) {
        std::cerr << "vanthu: " << e.what() << "\n";
        return 2;
    } catch (const docmgmt::InstallationError& e) {
        std::cerr << "vanthu: " << e.what() << "\n";
        return 2;
    } catch (const docmgmt::SecretError& e) {
        std::cerr << "vanthu: " << e.what() << "\n";
        return 2;
    } catch (const docmgmt::Conflict& e) {
        std::cerr << "vanthu: " << e.what() << "\n";
        return 1;
    } catch (const docmgmt::NotFound& e) {
        std::cerr << "vanthu: " << e.what() << "\n";
        return 1;
    }
}

docmgmt::OfficeSystem officeSystemOption(const std::string& text) {
    if (const auto system = docmgmt::parseOfficeSystem(text)) {
        return *system;
    }
    throw UsageError("hệ thống của cơ quan phải là state (chính quyền) hoặc party (Đảng), không "
                     "phải \"" +
                     text + "\"");
}

docmgmt::Role roleOption(const std::string& text) {
    if (const auto role = docmgmt::parseRole(text)) {
        return *role;
    }
    if (text == "văn thư") {
        return docmgmt::Role::Clerk;
    }
    if (text == "chuyên viên") {
        return docmgmt::Role::Specialist;
    }
    if (text == "lãnh đạo") {
        return docmgmt::Role::Leader;
    }
    if (text == "quản trị") {
        return docmgmt::Role::Administrator;
    }
    throw UsageError("vai trò phải là clerk, specialist, leader hoặc administrator, không phải \"" +
                     text + "\"");
}

} // namespace vanthu::cli
#endif
