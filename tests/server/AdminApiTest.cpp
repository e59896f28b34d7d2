// Offices and users administered over HTTP (issue 13, item 3; what the web UI's administrator
// pages call): an installation from `vanthu init`, an office added with a real-format identifier
// (a wrong one refused with the code rule's sentence), edited, dissolved with its successor; a
// unit list kept (added, renamed with its users, removed when empty); a user created with a
// unit of the list (another refused), edited, moved, deactivated (cannot sign in) and given a new
// password that must be changed. Only administrators may; every change is in the audit trail.
#include "TestPaths.hpp"
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <thread>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;

namespace {

test::ProcessResult runVanthu(const std::vector<std::string>& args, const std::string& input = "") {
    std::vector<std::string> argv{VANTHU_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run(argv, input);
}

std::string text(const Poco::JSON::Object& body) {
    return test::jsonText(body);
}

/// A fresh installation from `vanthu init` (province office, administrator "quantri"), on a
/// schema of its own on the PostgreSQL run; `vanthu serve` finds its database in DIR/database.
std::string initProvince(const test::TempDir& dir) {
    const auto data = (dir / "data").string();
    REQUIRE(runVanthu(test::withDatabase({"init", "--data", data, "--office-code", "000.00.00.H41",
                                          "--office-name", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
                                          "--issuer-code", "UBND", "--place", "Nghệ An", "--admin",
                                          "quantri"},
                                         test::freshTestDatabase()),
                      "mật khẩu quản trị\n")
                .exitCode == 0);
    return data;
}

} // namespace

TEST_CASE("administrators manage offices and users through /api/offices and /api/users",
          "[setup][api][admin]") {
    test::TempDir dir;
    test::ServerProcess server(initProvince(dir), {"--no-ocr"});
    ApiClient admin(server.port());
    const auto adminMe = admin.signIn("quantri", "mật khẩu quản trị");
    const auto provinceId = adminMe->getValue<long>("officeId");

    // An office: a wrong identifier is refused with the rule's sentence, nothing added.
    Poco::JSON::Object office;
    office.set("code", "00.00.12.H41");
    office.set("name", "ỦY BAN NHÂN DÂN XÃ NGHI LONG");
    office.set("issuerCode", "UBND");
    office.set("place", "Nghi Long");
    office.set("parentBody", "TỈNH NGHỆ AN");
    office.set("system", "state");
    office.set("parentId", provinceId);
    const auto wrongCode = admin.post("/api/offices", text(office));
    CHECK(wrongCode.status == 422);
    CHECK(wrongCode.body.find("Quyết định 20/2020/QĐ-TTg") != std::string::npos);
    CHECK(wrongCode.body.find("\"field\":\"code\"") != std::string::npos);
    CHECK(admin.get("/api/offices").array()->size() == 1);

    office.set("code", "000.00.12.H41");
    const auto added = admin.post("/api/offices", text(office));
    INFO(added.body);
    REQUIRE(added.status == 201);
    const auto communeId = added.object()->getValue<long>("id");
    CHECK(added.object()->getValue<long>("parentId") == provinceId);
    CHECK(admin.post("/api/offices", text(office)).status == 409); // the code is taken

    Poco::JSON::Object edit;
    edit.set("name", "ỦY BAN NHÂN DÂN PHƯỜNG NGHI LONG");
    edit.set("place", "Nghi Long");
    const auto edited = admin.put("/api/offices/" + std::to_string(communeId), text(edit));
    INFO(edited.body);
    REQUIRE(edited.status == 200);
    CHECK(edited.object()->getValue<std::string>("name") == "ỦY BAN NHÂN DÂN PHƯỜNG NGHI LONG");
    CHECK(edited.object()->getValue<std::string>("code") == "000.00.12.H41");
    Poco::JSON::Object badEdit;
    badEdit.set("code", "H41");
    CHECK(admin.put("/api/offices/" + std::to_string(communeId), text(badEdit)).status == 422);

    // The office's units (phòng, ban): the list a user's unit is chosen from.
    const auto unitsPath = "/api/offices/" + std::to_string(communeId) + "/units";
    Poco::JSON::Object unit;
    unit.set("name", "Văn phòng");
    const auto unitAdded = admin.post(unitsPath, text(unit));
    INFO(unitAdded.body);
    REQUIRE(unitAdded.status == 201);
    CHECK(unitAdded.object()->getValue<std::string>("name") == "Văn phòng");
    CHECK(admin.post(unitsPath, text(unit)).status == 409); // the name is taken
    unit.set("name", "Phòng Văn hóa - Xã hội");
    const auto spare = admin.post(unitsPath, text(unit));
    REQUIRE(spare.status == 201);
    const auto sparePath = unitsPath + "/" + std::to_string(spare.object()->getValue<long>("id"));
    unit.set("name", " ");
    CHECK(admin.post(unitsPath, text(unit)).status == 422);
    const auto unitList = admin.get(unitsPath);
    REQUIRE(unitList.status == 200);
    REQUIRE(unitList.array()->size() == 2);
    CHECK(unitList.array()->getObject(0)->getValue<std::string>("name") == "Văn phòng");

    // A user with a unit, edited, moved, deactivated, given a new password.
    Poco::JSON::Object user;
    user.set("username", "chuyenvien.nl");
    user.set("fullName", "Lê Thị Lan");
    user.set("role", "specialist");
    user.set("title", "CHUYÊN VIÊN");
    user.set("unit", "Phòng Không Có");
    user.set("password", "mật khẩu chuyên viên");
    user.set("officeId", communeId);
    const auto outsideList = admin.post("/api/users", text(user));
    CHECK(outsideList.status == 422); // a unit the office does not have
    CHECK(outsideList.body.find("\"field\":\"unit\"") != std::string::npos);
    user.set("unit", "Văn phòng");
    const auto created = admin.post("/api/users", text(user));
    INFO(created.body);
    REQUIRE(created.status == 201);
    CHECK(created.object()->getValue<std::string>("unit") == "Văn phòng");
    const auto userPath = "/api/users/" + std::to_string(created.object()->getValue<long>("id"));

    ApiClient specialist(server.port());
    specialist.signIn("chuyenvien.nl", "mật khẩu chuyên viên");
    Poco::JSON::Object promote;
    promote.set("role", "leader");
    promote.set("title", "PHÓ CHỦ TỊCH");
    CHECK(specialist.put(userPath, text(promote)).status == 403);
    CHECK(specialist.post("/api/offices", text(office)).status == 403);
    const auto promoted = admin.put(userPath, text(promote));
    INFO(promoted.body);
    REQUIRE(promoted.status == 200);
    CHECK(promoted.object()->getValue<std::string>("role") == "leader");
    CHECK(promoted.object()->getValue<std::string>("title") == "PHÓ CHỦ TỊCH");
    CHECK(promoted.object()->getValue<std::string>("unit") == "Văn phòng");
    CHECK(specialist.get("/api/me").status == 401); // a role change ends the user's sessions

    // A unit renamed: its users follow; removed only when empty; only administrators change it.
    const auto officeUnitPath =
        unitsPath + "/" + std::to_string(unitAdded.object()->getValue<long>("id"));
    unit.set("name", "Văn phòng HĐND và UBND");
    const auto renamed = admin.put(officeUnitPath, text(unit));
    INFO(renamed.body);
    REQUIRE(renamed.status == 200);
    CHECK(admin.get("/api/users").body.find("\"unit\":\"Văn phòng HĐND và UBND\"") !=
          std::string::npos);
    const auto notEmpty = admin.request("DELETE", officeUnitPath);
    CHECK(notEmpty.status == 409);
    CHECK(notEmpty.body.find("còn 1 người dùng") != std::string::npos);
    specialist.signIn("chuyenvien.nl", "mật khẩu chuyên viên");
    CHECK(specialist.get(unitsPath).status == 200); // anyone reads the list
    CHECK(specialist.request("DELETE", sparePath).status == 403);
    CHECK(specialist.post(unitsPath, text(unit)).status == 403);
    CHECK(admin.request("DELETE", sparePath).status == 204);
    CHECK(admin.request("DELETE", sparePath).status == 404);
    CHECK(admin.get(unitsPath).array()->size() == 1);

    Poco::JSON::Object move;
    move.set("officeId", provinceId);
    const auto moved = admin.post(userPath + "/move", text(move));
    REQUIRE(moved.status == 200);
    CHECK(moved.object()->getValue<long>("officeId") == provinceId);

    CHECK(admin.post("/api/users/" + std::to_string(adminMe->getValue<long>("id")) + "/deactivate")
              .status == 409); // never one's own account
    Poco::JSON::Object demote;
    demote.set("role", "specialist");
    CHECK(admin.put("/api/users/" + std::to_string(adminMe->getValue<long>("id")), text(demote))
              .status == 409); // nor one's own administrator's role
    const auto deactivated = admin.post(userPath + "/deactivate");
    REQUIRE(deactivated.status == 200);
    CHECK(!deactivated.object()->getValue<bool>("active"));
    ApiClient again(server.port());
    CHECK(again.trySignIn("chuyenvien.nl", "mật khẩu chuyên viên").status == 401);
    CHECK(admin.post(userPath + "/activate").status == 200);

    Poco::JSON::Object reset;
    reset.set("password", "ngắn");
    CHECK(admin.post(userPath + "/password", text(reset)).status == 422);
    reset.set("password", "mật khẩu mới của Lan");
    reset.set("mustChange", true);
    const auto wasReset = admin.post(userPath + "/password", text(reset));
    REQUIRE(wasReset.status == 200);
    CHECK(wasReset.object()->getValue<bool>("mustChangePassword"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500)); // the refused sign-in's wait
    CHECK(again.signIn("chuyenvien.nl", "mật khẩu mới của Lan")
              ->getValue<bool>("mustChangePassword"));

    // Dissolved with its successor: kept in the list, marked, its users deactivated.
    Poco::JSON::Object dissolve;
    dissolve.set("date", "01/07/2025");
    CHECK(admin.post("/api/offices/" + std::to_string(communeId) + "/dissolve", text(dissolve))
              .status == 422);
    dissolve.set("date", "2025-07-01");
    dissolve.set("successorId", provinceId);
    const auto dissolved =
        admin.post("/api/offices/" + std::to_string(communeId) + "/dissolve", text(dissolve));
    INFO(dissolved.body);
    REQUIRE(dissolved.status == 200);
    CHECK(dissolved.object()->getValue<std::string>("dissolvedOn") == "2025-07-01");
    CHECK(dissolved.object()->getValue<long>("successorId") == provinceId);
    CHECK(admin.get("/api/offices").array()->size() == 2);

    // Each change of rights waits for an administrator's confirmation (III.3c).
    const auto notices = admin.get("/api/access-notices");
    REQUIRE(notices.status == 200);
    const auto pending = notices.array();
    REQUIRE(pending->size() >= 5); // the users made, the role, the move, (de)activations
    const auto newest = pending->getObject(0);
    CHECK(newest->getValue<std::string>("change") == "activate"); // newest first
    CHECK(newest->getValue<std::string>("username") == "chuyenvien.nl");
    CHECK(notices.body.find("\"deactivate\"") != std::string::npos);
    CHECK(notices.body.find("\"role: specialist → leader\"") != std::string::npos);
    CHECK(again.get("/api/access-notices").status == 403); // not an administrator
    const std::string confirmPath =
        "/api/access-notices/" + std::to_string(newest->getValue<long>("id")) + "/confirm";
    const auto confirmed = admin.post(confirmPath);
    INFO(confirmed.body);
    REQUIRE(confirmed.status == 200);
    CHECK(!confirmed.object()->getValue<std::string>("confirmedAt").empty());
    CHECK(admin.post(confirmPath).status == 409);
    CHECK(admin.get("/api/access-notices").array()->size() == pending->size() - 1);
    CHECK(admin.get("/api/access-notices?all=1").array()->size() == pending->size());

    const auto audit = admin.get("/api/audit?limit=50").body;
    for (const char* action :
         {"create-office", "edit-office", "dissolve-office", "create-unit", "rename-unit",
          "remove-unit", "create-user", "edit-user", "move-user", "deactivate-user",
          "activate-user", "reset-password", "confirm-access-change"}) {
        INFO(action);
        CHECK(audit.find(std::string("\"") + action + "\"") != std::string::npos);
    }
    // Sign-ins per month and account (III.6b), counted from the same trail; as CSV too.
    const auto access = admin.get("/api/audit/access");
    INFO(access.body);
    REQUIRE(access.status == 200);
    const auto total = access.object()->getObject("total");
    CHECK(total->getValue<long>("signIns") >= 3);
    CHECK(total->getValue<long>("failedSignIns") >= 1); // the deactivated account's attempt
    CHECK(access.object()->getArray("months")->size() == 1);
    const auto accounts = access.object()->getArray("accounts");
    bool lan = false;
    for (std::size_t i = 0; i < accounts->size(); ++i) {
        const auto account = accounts->getObject(static_cast<unsigned>(i));
        if (account->getValue<std::string>("key") == "chuyenvien.nl") {
            lan = account->getValue<long>("failedSignIns") >= 1 &&
                  account->getValue<long>("signIns") >= 2 &&
                  !account->getValue<std::string>("lastSignIn").empty();
        }
    }
    CHECK(lan);
    const auto csv = admin.get("/api/audit/access.csv?from=2026-01-01&to=2026-12-31");
    CHECK(csv.status == 200);
    CHECK(csv.body.rfind("\xEF\xBB\xBFLoại,Tháng hoặc tài khoản,Đăng nhập,", 0) == 0);
    CHECK(csv.body.find("\r\nTháng,2026-12,") != std::string::npos);
    CHECK(admin.get("/api/audit/access?from=2026-02-30").status == 422);
    CHECK(admin.get("/api/audit/access?from=2026-06-01&to=2026-01-01").status == 422);
    CHECK(again.get("/api/audit/access").status == 403);

    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
}

namespace {

/// A new office (201), by whoever the client is.
long addOffice(ApiClient& client, const std::string& code, const std::string& name,
               std::optional<long> parentId) {
    Poco::JSON::Object office;
    office.set("code", code);
    office.set("name", name);
    office.set("issuerCode", "UBND");
    office.set("place", "Nghệ An");
    office.set("system", "state");
    if (parentId) {
        office.set("parentId", *parentId);
    }
    const auto added = client.post("/api/offices", text(office));
    INFO(added.body);
    REQUIRE(added.status == 201);
    return added.object()->getValue<long>("id");
}

Poco::JSON::Object newUser(const std::string& username, const std::string& role, long officeId) {
    Poco::JSON::Object user;
    user.set("username", username);
    user.set("fullName", "Người dùng " + username);
    user.set("role", role);
    user.set("password", "mật khẩu của " + username);
    user.set("officeId", officeId);
    return user;
}

long addUser(ApiClient& client, const std::string& username, const std::string& role,
             long officeId) {
    const auto created = client.post("/api/users", text(newUser(username, role, officeId)));
    INFO(created.body);
    REQUIRE(created.status == 201);
    return created.object()->getValue<long>("id");
}

} // namespace

TEST_CASE("an office's administrator manages only its office and the offices below it",
          "[setup][api][admin][scope]") {
    test::TempDir dir;
    test::ServerProcess server(initProvince(dir), {"--no-ocr"});
    ApiClient root(server.port());
    const auto rootMe = root.signIn("quantri", "mật khẩu quản trị");
    CHECK(rootMe->getValue<bool>("installationAdministrator")); // `vanthu init` made it
    const long province = rootMe->getValue<long>("officeId");
    const long district =
        addOffice(root, "000.00.12.H41", "ỦY BAN NHÂN DÂN HUYỆN NGHI LỘC", province);
    const long commune = addOffice(root, "000.12.34.H41", "ỦY BAN NHÂN DÂN XÃ NGHI LONG", district);
    const long other =
        addOffice(root, "000.00.13.H41", "ỦY BAN NHÂN DÂN HUYỆN DIỄN CHÂU", province);
    addUser(root, "quantri.nl", "administrator", district);
    const long otherClerk = addUser(root, "vanthu.dc", "clerk", other);
    const long leader = addUser(root, "chutich.nl", "leader", district);
    addUser(root, "chuyenvien.nl", "specialist", district);

    ApiClient districtAdmin(server.port());
    const auto me = districtAdmin.signIn("quantri.nl", "mật khẩu của quantri.nl");
    CHECK_FALSE(me->getValue<bool>("installationAdministrator"));

    // Its office and the commune below it: yes. Another district, the province, offices: no.
    CHECK(districtAdmin.post("/api/users", text(newUser("vanthu.nl", "clerk", district))).status ==
          201);
    CHECK(
        districtAdmin.post("/api/users", text(newUser("vanthu.nlong", "clerk", commune))).status ==
        201);
    const auto refused = districtAdmin.post("/api/users", text(newUser("x.dc", "clerk", other)));
    CHECK(refused.status == 403);
    CHECK(refused.body.find("cơ quan mình và các cơ quan trực thuộc") != std::string::npos);
    CHECK(districtAdmin.post("/api/users/" + std::to_string(otherClerk) + "/deactivate").status ==
          403);
    Poco::JSON::Object password;
    password.set("password", "một mật khẩu mới");
    CHECK(districtAdmin
              .post("/api/users/" + std::to_string(rootMe->getValue<long>("id")) + "/password",
                    text(password))
              .status == 403); // nor the installation's administrator
    auto promote = newUser("quantri.nl2", "administrator", district);
    promote.set("installationAdministrator", true);
    CHECK(districtAdmin.post("/api/users", text(promote)).status == 403);
    Poco::JSON::Object office;
    office.set("code", "000.00.14.H41");
    office.set("name", "ỦY BAN NHÂN DÂN HUYỆN QUỲNH LƯU");
    office.set("issuerCode", "UBND");
    office.set("place", "Quỳnh Lưu");
    CHECK(districtAdmin.post("/api/offices", text(office)).status == 403);
    Poco::JSON::Object rename;
    rename.set("name", "ỦY BAN NHÂN DÂN HUYỆN NGHI LỘC MỚI");
    CHECK(districtAdmin.put("/api/offices/" + std::to_string(district), text(rename)).status ==
          200);
    CHECK(districtAdmin.put("/api/offices/" + std::to_string(other), text(rename)).status == 403);
    Poco::JSON::Object reparent;
    reparent.set("parentId", other);
    CHECK(districtAdmin.put("/api/offices/" + std::to_string(commune), text(reparent)).status ==
          403);

    // The users it lists are its own offices' only.
    const auto users = districtAdmin.get("/api/users").array();
    REQUIRE(users->size() == 5); // quantri.nl, chutich.nl, chuyenvien.nl, vanthu.nl, vanthu.nlong
    for (std::size_t i = 0; i < users->size(); ++i) {
        const long office = users->getObject(static_cast<unsigned>(i))->getValue<long>("officeId");
        CHECK((office == district || office == commune));
    }

    // A secret draft: its subject is in no administrator's view of the audit trail.
    ApiClient specialist(server.port());
    specialist.signIn("chuyenvien.nl", "mật khẩu của chuyenvien.nl");
    Poco::JSON::Object draft;
    draft.set("typeCode", "CV");
    draft.set("subject", "V/v phương án nhân sự tuyệt mật");
    Poco::JSON::Array recipients;
    recipients.add("Ủy ban nhân dân tỉnh");
    draft.set("recipients", recipients);
    draft.set("body", "Nội dung.");
    Poco::JSON::Array distribution;
    distribution.add("Lưu: VT.");
    draft.set("distribution", distribution);
    draft.set("signerId", leader);
    draft.set("draftingUnit", "VP");
    draft.set("secrecy", "mat");
    const auto created = specialist.post("/api/documents", text(draft));
    INFO(created.body);
    REQUIRE(created.status == 201);

    const auto audit = districtAdmin.get("/api/audit?limit=200");
    REQUIRE(audit.status == 200);
    CHECK(audit.body.find("phương án nhân sự") == std::string::npos);
    CHECK(audit.body.find("văn bản mật") != std::string::npos);
    const auto entries = audit.object()->getArray("items");
    CHECK(audit.object()->getValue<long>("total") == static_cast<long>(entries->size()));
    bool refusalSeen = false;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const auto entry = entries->getObject(static_cast<unsigned>(i));
        const auto object = entry->getValue<std::string>("object");
        if (entry->getValue<std::string>("action") == "refused") {
            refusalSeen = true; // its own refusals, whatever they were about
            continue;
        }
        CHECK(object != "office/" + std::to_string(other));
        CHECK(object != "user/" + std::to_string(otherClerk));
    }
    CHECK(refusalSeen); // its refusals are audited, and it sees them
    const auto rootAudit = root.get("/api/audit?limit=200");
    CHECK(rootAudit.body.find("office/" + std::to_string(other)) != std::string::npos);
    CHECK(rootAudit.body.find("phương án nhân sự") == std::string::npos);

    // Only the installation's administrator names another one; and the command line.
    Poco::JSON::Object grant;
    grant.set("installationAdministrator", true);
    const auto granted =
        root.put("/api/users/" + std::to_string(me->getValue<long>("id")), text(grant));
    INFO(granted.body);
    REQUIRE(granted.status == 200);
    CHECK(granted.object()->getValue<bool>("installationAdministrator"));
    CHECK(districtAdmin.get("/api/me").status == 401); // new rights: signed in again
}
