// vanthu admin office add|edit|dissolve|list|policy ..., vanthu admin unit
// add|rename|remove|list ... and vanthu admin user
// add|edit|move|deactivate|activate|reset-password|list ... --data DIR
// The administration of an installation for scripts (docmgmt::Administration): every change is
// one transaction with its audit entry (user "cli:<login>", address "local"). New passwords are
// read from a prompt or the first line of standard input. Exit codes: 0 done, 1 the records
// refuse the change (a taken user name or code, a dissolved office, no such user), 2 bad usage
// or a bad value; errors are one Vietnamese line on stderr.
#ifdef VANTHU_HAVE_DOCMGMT
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/AdminSupport.hpp"
#include "cli/Command.hpp"
#include "cli/PasswordPrompt.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/SigningPolicies.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kUsage =
    "usage: vanthu admin office add --data DIR --code 000.00.00.H41 --name NAME --issuer-code "
    "ABBR --place PLACE [--system state|party] [--parent-body TEXT] [--parent CODE] [--term T]\n"
    "       vanthu admin office edit --data DIR --code CODE [--new-code CODE] [--name NAME] "
    "[--issuer-code ABBR] [--place PLACE] [--system state|party] [--parent-body TEXT] "
    "[--parent CODE] [--term T]\n"
    "       vanthu admin office dissolve --data DIR --code CODE --date YYYY-MM-DD "
    "[--successor CODE]\n"
    "       vanthu admin office list --data DIR\n"
    "       vanthu admin office policy --data DIR --code CODE [--signer-level B-B|B-T|B-LT|B-LTA] "
    "[--seal-level LEVEL] [--tsa none|builtin|url] [--tsa-url URL] [--tsa-user NAME] "
    "[--tsa-password-file F] [--revocation aia|responders|builtin]\n"
    "       vanthu admin unit add|remove --data DIR --office CODE --name NAME\n"
    "       vanthu admin unit rename --data DIR --office CODE --name NAME --new-name NAME\n"
    "       vanthu admin unit list --data DIR --office CODE\n"
    "       vanthu admin user add --data DIR --office CODE --username NAME --full-name \"FULL "
    "NAME\" --role clerk|specialist|leader|administrator [--title T] [--unit U] [--must-change] "
    "[--installation-admin]\n"
    "       vanthu admin user edit --data DIR --username NAME [--full-name F] [--title T] "
    "[--unit U] [--role ROLE] [--installation-admin yes|no]\n"
    "       vanthu admin user move --data DIR --username NAME --office CODE\n"
    "       vanthu admin user deactivate|activate --data DIR --username NAME\n"
    "       vanthu admin user reset-password --data DIR --username NAME [--no-forced-change]\n"
    "       vanthu admin user list --data DIR [--office CODE]\n"
    "       vanthu admin seal import --data DIR --office CODE --p12 FILE --password-file F\n"
    "       vanthu admin seal import --data DIR --office CODE --pkcs11-module M --token LABEL "
    "--label KEYLABEL --pin-file F\n"
    "       vanthu admin seal show --data DIR --office CODE\n"
    "       vanthu admin leader-cert add --data DIR --user NAME --cert FILE.pem\n"
    "       vanthu admin leader-cert remove|show --data DIR --user NAME\n"
    "       vanthu admin trust add|remove --data DIR --cert CA.pem | --crl FILE | --ocsp URL\n"
    "       vanthu admin trust list --data DIR\n"
    "       vanthu admin secret-key replace --data DIR --confirm\n"
    "       vanthu admin peers list --data DIR --peers FILE\n"
    "       vanthu admin peers add --data DIR --peers FILE [--self NAME] --name NAME --url URL "
    "--cert CERTS.pem [--trust-anchors CA.pem]\n"
    "       vanthu admin peers edit --data DIR --peers FILE --name NAME [--url URL] "
    "[--cert CERTS.pem] [--trust-anchors CA.pem | --no-trust-anchors]\n"
    "       vanthu admin peers remove --data DIR --peers FILE --name NAME\n"
    "       vanthu admin axis waiting|units --data DIR --peers FILE\n"
    "       vanthu admin axis register --data DIR --peers FILE --code CODE [--name NAME] "
    "[--parent CODE] [--mail M] [--mobile PHONE] [--fax FAX]\n"
    "       vanthu admin axis unregister --data DIR --peers FILE --code CODE";

constexpr const char* kHelp = "vanthu admin không đối số cho xem cách dùng";

/// An open installation with its administration, and the parsed options of one command.
struct Session {
    Session(const Arguments& args, const std::vector<std::string>& values,
            const std::vector<std::string>& flags)
        : parsed(args, withData(values), flags),
          installation((requireOption("--data"), parsed.get("--data"))),
          administration(installation.storage(), installation.audit()),
          actor(docmgmt::Administration::commandLineActor()) {
        if (!parsed.positional().empty()) {
            throw UsageError("thừa \"" + parsed.positional().front() + "\" (" + kHelp + ")");
        }
    }

    static std::vector<std::string> withData(std::vector<std::string> values) {
        values.push_back("--data");
        return values;
    }

    std::string requireOption(const std::string& option) const {
        if (!parsed.has(option)) {
            throw UsageError("thiếu " + option + " (" + kHelp + ")");
        }
        return parsed.get(option);
    }

    std::optional<std::string> optional(const std::string& option) const {
        return parsed.has(option) ? std::optional(parsed.get(option)) : std::nullopt;
    }

    SigningArguments parsed;
    docmgmt::Installation installation;
    docmgmt::Administration administration;
    docmgmt::Actor actor;
};

const std::vector<std::string> kOfficeFields = {"--code",   "--name",   "--issuer-code",
                                                "--place",  "--system", "--parent-body",
                                                "--parent", "--term"};

std::string describe(const docmgmt::Office& office,
                     const std::map<docmgmt::Id, std::string>& codes) {
    std::string line = office.code + "\t" + office.name + "\t" + toString(office.system) + "\t" +
                       office.issuerCode + "\t" + office.place;
    if (office.parentId) {
        line += "\ttrực thuộc " + codes.at(*office.parentId);
    }
    if (office.dissolved()) {
        line += "\tgiải thể " + office.dissolvedOn;
        if (office.successorId) {
            line += ", kế thừa: " + codes.at(*office.successorId);
        }
    }
    if (!office.isLocal()) {
        line += "\tmáy chủ " + office.peer;
    }
    return line;
}

/// The office's signing policy (issue 21) shown, or changed by the options given (the others
/// kept), with the warnings below B-T.
int officePolicyCommand(const Arguments& args) {
    Session s(args,
              {"--code", "--signer-level", "--seal-level", "--tsa", "--tsa-url", "--tsa-user",
               "--tsa-password-file", "--revocation"},
              {});
    const auto office = s.administration.officeByCode(s.requireOption("--code"));
    auto& policies = s.installation.signingPolicies();
    auto policy = policies.policyOf(office.id);
    bool change = false;
    const auto take = [&](const char* option, std::string& into) {
        if (const auto value = s.optional(option)) {
            into = *value;
            change = true;
        }
    };
    take("--signer-level", policy.signerLevel);
    take("--seal-level", policy.sealLevel);
    take("--tsa", policy.tsa);
    take("--tsa-url", policy.tsaUrl);
    take("--tsa-user", policy.tsaUsername);
    take("--revocation", policy.revocation);
    std::optional<std::string> password;
    if (const auto file = s.optional("--tsa-password-file")) {
        std::ifstream in(*file, std::ios::binary);
        if (!in) {
            throw UsageError("không đọc được tệp " + *file);
        }
        std::string line;
        std::getline(in, line);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        password = line;
        change = true;
    }
    if (change) {
        auto actor = s.actor;
        actor.user.role = docmgmt::Role::Administrator; // who runs the CLI on the data folder
        policy = policies.change(actor, office.id, policy, password);
        std::cout << "đã lưu chính sách ký của " << office.code << "\n";
    }
    std::cout << "chữ ký lãnh đạo\t" << policy.signerLevel << "\ncon dấu\t" << policy.sealLevel
              << "\nTSA\t" << (policy.tsa == "url" ? policy.tsaUrl : policy.tsa)
              << (policy.tsaSecret.empty() ? "" : " (có mật khẩu)") << "\nthu hồi\t"
              << policy.revocation << "\n"
              << (policies.stored(office.id) ? "" : "(mặc định của máy chủ)\n");
    for (const auto& warning : docmgmt::SigningPolicies::warnings(policy)) {
        std::cout << "cảnh báo: " << warning << "\n";
    }
    return 0;
}

int officeCommand(const std::string& action, const Arguments& args) {
    if (action == "policy") {
        return officePolicyCommand(args);
    }
    if (action == "add") {
        Session s(args, kOfficeFields, {});
        docmgmt::Office office;
        office.code = s.requireOption("--code");
        office.name = s.requireOption("--name");
        office.issuerCode = s.requireOption("--issuer-code");
        office.place = s.requireOption("--place");
        office.system = officeSystemOption(s.parsed.get("--system", "state"));
        office.parentBody = s.parsed.get("--parent-body");
        office.term = s.parsed.get("--term");
        if (s.parsed.has("--parent")) {
            office.parentId = s.administration.officeByCode(s.parsed.get("--parent")).id;
        }
        office = s.administration.addOffice(s.actor, office);
        std::cout << "đã thêm cơ quan " << office.code << " " << office.name << "\n";
        return 0;
    }
    if (action == "edit") {
        auto fields = kOfficeFields;
        fields.push_back("--new-code");
        Session s(args, fields, {});
        const auto office = s.administration.officeByCode(s.requireOption("--code"));
        docmgmt::OfficeChange change;
        change.code = s.optional("--new-code");
        change.name = s.optional("--name");
        change.issuerCode = s.optional("--issuer-code");
        change.place = s.optional("--place");
        change.parentBody = s.optional("--parent-body");
        change.term = s.optional("--term");
        if (s.parsed.has("--system")) {
            change.system = officeSystemOption(s.parsed.get("--system"));
        }
        if (s.parsed.has("--parent")) {
            const auto parent = s.parsed.get("--parent");
            change.parentId = parent.empty() ? std::optional<docmgmt::Id>()
                                             : s.administration.officeByCode(parent).id;
        }
        const auto changed = s.administration.editOffice(s.actor, office.id, change);
        std::cout << "đã sửa cơ quan " << changed.code << " " << changed.name << "\n";
        return 0;
    }
    if (action == "dissolve") {
        Session s(args, {"--code", "--date", "--successor"}, {});
        const auto office = s.administration.officeByCode(s.requireOption("--code"));
        std::optional<docmgmt::Id> successor;
        if (s.parsed.has("--successor")) {
            successor = s.administration.officeByCode(s.parsed.get("--successor")).id;
        }
        const auto dissolved = s.administration.dissolveOffice(
            s.actor, office.id, s.requireOption("--date"), successor);
        std::cout << "cơ quan " << dissolved.code << " " << dissolved.name << " giải thể ngày "
                  << dissolved.dissolvedOn << "; văn bản và sổ của cơ quan được giữ nguyên\n";
        return 0;
    }
    if (action == "list") {
        Session s(args, {}, {});
        const auto offices = s.installation.storage().offices();
        std::map<docmgmt::Id, std::string> codes;
        for (const auto& office : offices) {
            codes[office.id] = office.code;
        }
        for (const auto& office : offices) {
            std::cout << describe(office, codes) << "\n";
        }
        return 0;
    }
    throw UsageError(kUsage);
}

/// The units (phòng, ban) of an office: the list a user's --unit is one of.
int unitCommand(const std::string& action, const Arguments& args) {
    if (action == "list") {
        Session s(args, {"--office"}, {});
        const auto office = s.administration.officeByCode(s.requireOption("--office"));
        for (const auto& unit : s.administration.units(office.id)) {
            std::cout << unit.name << "\n";
        }
        return 0;
    }
    if (action != "add" && action != "rename" && action != "remove") {
        throw UsageError(kUsage);
    }
    Session s(args, {"--office", "--name", "--new-name"}, {});
    const auto office = s.administration.officeByCode(s.requireOption("--office"));
    const auto name = s.requireOption("--name");
    if (action == "add") {
        const auto unit = s.administration.addUnit(s.actor, office.id, name);
        std::cout << "đã thêm đơn vị " << unit.name << " vào " << office.code << "\n";
        return 0;
    }
    const auto units = s.administration.units(office.id);
    const auto found = std::find_if(units.begin(), units.end(),
                                    [&](const docmgmt::Unit& unit) { return unit.name == name; });
    if (found == units.end()) {
        throw docmgmt::NotFound("Cơ quan " + office.code + " không có đơn vị \"" + name + "\".");
    }
    if (action == "rename") {
        const auto renamed = s.administration.renameUnit(s.actor, office.id, found->id,
                                                         s.requireOption("--new-name"));
        std::cout << "đã đổi tên đơn vị " << name << " thành " << renamed.name << "\n";
        return 0;
    }
    s.administration.removeUnit(s.actor, office.id, found->id);
    std::cout << "đã xóa đơn vị " << name << " của " << office.code << "\n";
    return 0;
}

int userCommand(const std::string& action, const Arguments& args) {
    if (action == "add") {
        Session s(args, {"--office", "--username", "--full-name", "--role", "--title", "--unit"},
                  {"--must-change", "--installation-admin"});
        docmgmt::User user;
        user.officeId = s.administration.officeByCode(s.requireOption("--office")).id;
        user.username = s.requireOption("--username");
        user.fullName = s.requireOption("--full-name");
        user.role = roleOption(s.requireOption("--role"));
        user.title = s.parsed.get("--title");
        user.unit = s.parsed.get("--unit");
        user.mustChangePassword = s.parsed.has("--must-change");
        user.installationAdministrator = s.parsed.has("--installation-admin");
        const auto password = readNewPassword(user.username);
        user = s.administration.addUser(s.actor, user, password);
        std::cout << "đã thêm người dùng " << user.username << " (" << toString(user.role) << ")\n";
        return 0;
    }
    if (action == "edit") {
        Session s(
            args,
            {"--username", "--full-name", "--title", "--unit", "--role", "--installation-admin"},
            {});
        const auto user = s.administration.userByName(s.requireOption("--username"));
        docmgmt::UserChange change;
        change.fullName = s.optional("--full-name");
        change.title = s.optional("--title");
        change.unit = s.optional("--unit");
        if (s.parsed.has("--role")) {
            change.role = roleOption(s.parsed.get("--role"));
        }
        if (s.parsed.has("--installation-admin")) {
            const auto value = s.parsed.get("--installation-admin");
            if (value != "yes" && value != "no") {
                throw UsageError("--installation-admin: yes hoặc no");
            }
            change.installationAdministrator = value == "yes";
        }
        const auto changed = s.administration.editUser(s.actor, user.id, change);
        std::cout << "đã sửa người dùng " << changed.username << "\n";
        return 0;
    }
    if (action == "move") {
        Session s(args, {"--username", "--office"}, {});
        const auto user = s.administration.userByName(s.requireOption("--username"));
        const auto office = s.administration.officeByCode(s.requireOption("--office"));
        s.administration.moveUser(s.actor, user.id, office.id);
        std::cout << "đã chuyển " << user.username << " sang " << office.code << " " << office.name
                  << "\n";
        return 0;
    }
    if (action == "deactivate" || action == "activate") {
        Session s(args, {"--username"}, {});
        const auto user = s.administration.userByName(s.requireOption("--username"));
        s.administration.setActive(s.actor, user.id, action == "activate");
        std::cout << (action == "activate" ? "đã mở lại tài khoản " : "đã khóa tài khoản ")
                  << user.username << "\n";
        return 0;
    }
    if (action == "reset-password") {
        Session s(args, {"--username"}, {"--no-forced-change"});
        const auto user = s.administration.userByName(s.requireOption("--username"));
        const auto password = readNewPassword(user.username);
        const bool forced = !s.parsed.has("--no-forced-change");
        s.administration.resetPassword(s.actor, user.id, password, forced);
        std::cout << "đã đặt lại mật khẩu của " << user.username
                  << (forced ? "; phải đổi khi đăng nhập lần sau" : "") << "\n";
        return 0;
    }
    if (action == "list") {
        Session s(args, {"--office"}, {});
        std::optional<docmgmt::Id> office;
        if (s.parsed.has("--office")) {
            office = s.administration.officeByCode(s.parsed.get("--office")).id;
        }
        std::map<docmgmt::Id, std::string> codes;
        for (const auto& o : s.installation.storage().offices()) {
            codes[o.id] = o.code;
        }
        for (const auto& user : s.installation.storage().users(office)) {
            std::cout << user.username << "\t" << user.fullName << "\t" << toString(user.role)
                      << "\t" << codes[user.officeId] << "\t" << user.title << "\t" << user.unit
                      << "\t" << (user.active ? "hoạt động" : "đã khóa")
                      << (user.mustChangePassword ? "\tphải đổi mật khẩu" : "")
                      << (user.installationAdministrator ? "\tquản trị hệ thống" : "") << "\n";
        }
        return 0;
    }
    throw UsageError(kUsage);
}

} // namespace

int runAdmin(const Arguments& args) {
    if (args.size() < 2) {
        throw UsageError(kUsage);
    }
    const Arguments rest(args.begin() + 2, args.end());
    return withAdminErrors([&] {
        if (args[0] == "office") {
            return officeCommand(args[1], rest);
        }
        if (args[0] == "unit") {
            return unitCommand(args[1], rest);
        }
        if (args[0] == "user") {
            return userCommand(args[1], rest);
        }
        if (args[0] == "seal") {
            return sealCommand(args[1], rest);
        }
        if (args[0] == "leader-cert") {
            return leaderCertCommand(args[1], rest);
        }
        if (args[0] == "trust") {
            return trustCommand(args[1], rest);
        }
        if (args[0] == "secret-key") {
            return secretKeyCommand(args[1], rest);
        }
        if (args[0] == "peers") {
            return peersCommand(args[1], rest);
        }
        if (args[0] == "axis") {
            return axisCommand(args[1], rest);
        }
        throw UsageError(kUsage);
    });
}

} // namespace vanthu::cli
#endif
