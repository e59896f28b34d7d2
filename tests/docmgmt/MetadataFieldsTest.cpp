// Metadata fields an office adds (NĐ 30 Phụ lục VI III.7c; docs/archive.md, "Fields an office
// adds"): defined by the office's administrator, checked by type, filled on a document, kept
// through a restart (migration step 25, both engines) and written in the archive manifest.
#include <catch2/catch.hpp>

#include "CaseFileFixtures.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/MetadataFields.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;
using vanthu::test::TempDir;

namespace {

std::vector<std::string> namesOf(const std::vector<MetadataField>& fields) {
    std::vector<std::string> out;
    for (const auto& field : fields) {
        out.push_back(field.name);
    }
    return out;
}

} // namespace

TEST_CASE("Metadata fields: an administrator adds them to the office, checked by type, filled on "
          "a letter, kept, and written in the archive manifest",
          "[casefiles][metadata]") {
    DemoWorld world;
    const auto now = world.now;
    const Clock clock = [now] { return now->load(); };
    MetadataFields fields(*world.storage, *world.audit, clock);
    const auto admin = world.actor("quantri.vq");
    const auto clerk = world.actor("vanthu.vq");
    const Id office = clerk.user.officeId;

    const auto area = fields.define(admin, office, {"Lĩnh vực", "list", true, {"Đất đai", "Y tế"}});
    fields.define(admin, office, {"Số hồ sơ một cửa", "number", false, {}});
    fields.define(admin, office, {"Ngày hẹn trả", "date", false, {}});
    fields.define(admin, office, {"Ghi chú nội bộ", "text", false, {}});
    CHECK(area.type == MetadataType::List);
    CHECK(namesOf(fields.fields(office)) == std::vector<std::string>{"Lĩnh vực", "Số hồ sơ một cửa",
                                                                     "Ngày hẹn trả",
                                                                     "Ghi chú nội bộ"});
    CHECK(world.audit->about("office/" + std::to_string(office)).back().action ==
          "define-metadata-field");

    // who and what may be defined
    CHECK_THROWS_AS(fields.define(clerk, office, {"Khác", "text", false, {}}), Forbidden);
    CHECK_THROWS_AS(fields.define(admin, office, {"Lĩnh vực", "text", false, {}}), Conflict);
    CHECK_THROWS_AS(fields.define(admin, office, {" ", "text", false, {}}), InvalidInput);
    CHECK_THROWS_AS(fields.define(admin, office, {"Màu", "colour", false, {}}), InvalidInput);
    CHECK_THROWS_AS(fields.define(admin, office, {"Loại", "list", false, {}}), InvalidInput);
    CHECK_THROWS_AS(fields.define(admin, office, {"Loại", "list", false, {"A", "A"}}),
                    InvalidInput);
    CHECK_THROWS_AS(fields.define(admin, office, {"Số", "number", false, {"1"}}), InvalidInput);
    CHECK_THROWS_AS(fields.define(admin, office, {std::string(101, 'x'), "text", false, {}}),
                    InvalidInput);
    // an office's administrator does not define fields of another office
    const auto other = world.user("vanthu.bl").officeId;
    REQUIRE_FALSE(admin.user.installationAdministrator); // quantri.bg is
    CHECK_THROWS_AS(fields.define(admin, other, {"Khác", "text", false, {}}), Forbidden);

    const Id letter = vanthu::test::issuedLetter(world, "Về việc cấp giấy chứng nhận");
    // values checked by type; the required field must be given
    const auto set = [&](std::map<std::string, std::string> given) {
        return fields.setValues(clerk, office, kOutgoingKind, letter, given);
    };
    CHECK_THROWS_AS(set({{"Số hồ sơ một cửa", "12"}}), InvalidInput); // Lĩnh vực is required
    CHECK_THROWS_AS(set({{"Lĩnh vực", "Giáo dục"}}), InvalidInput);   // not one of the list
    CHECK_THROWS_AS(set({{"Lĩnh vực", "Y tế"}, {"Số hồ sơ một cửa", "12a"}}), InvalidInput);
    CHECK_THROWS_AS(set({{"Lĩnh vực", "Y tế"}, {"Ngày hẹn trả", "31/12/2026"}}), InvalidInput);
    CHECK_THROWS_AS(set({{"Lĩnh vực", "Y tế"}, {"Không có", "x"}}), InvalidInput);
    CHECK_THROWS_AS(set({{"Lĩnh vực", "Y tế"}, {"Ghi chú nội bộ", std::string(501, 'x')}}),
                    InvalidInput);
    CHECK(fields.missingRequired(office, kOutgoingKind, letter) ==
          std::vector<std::string>{"Lĩnh vực"});
    const auto values = set({{"Lĩnh vực", "Đất đai"},
                             {"Số hồ sơ một cửa", "2026"},
                             {"Ngày hẹn trả", "2026-12-31"},
                             {"Ghi chú nội bộ", "<b>&“trích”</b>"}});
    REQUIRE(values.size() == 4);
    CHECK(fields.missingRequired(office, kOutgoingKind, letter).empty());
    CHECK(world.audit->about("outgoing/" + std::to_string(letter)).back().action == "set-metadata");

    // a field with values is not removed; one without is
    CHECK_THROWS_AS(fields.remove(admin, area.id), Conflict);
    const auto spare = fields.define(admin, office, {"Tạm", "text", false, {}});
    fields.remove(admin, spare.id);
    CHECK(fields.fields(office).size() == 4);

    world.reopen();
    MetadataFields again(*world.storage, *world.audit, clock);
    const auto kept = again.values(kOutgoingKind, letter);
    REQUIRE(kept.size() == 4);
    CHECK(kept[0].name == "Lĩnh vực");
    CHECK(kept[0].value == "Đất đai");
    CHECK(kept[2].type == MetadataType::Date);

    // written in the archive manifest, which follows the schema (checked by xmllint too)
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clock);
    const auto entry = vanthu::test::listEntry(world, files, "HS-07");
    const auto file = files.open(clerk, entry.id);
    files.addDocument(clerk, file.id, kOutgoingKind, letter);
    const auto closed = files.close(clerk, file.id);
    const auto xml = files.exportMetadataXml(clerk, closed.id);
    CHECK(xml.find("<Field name=\"Lĩnh vực\" type=\"list\">Đất đai</Field>") != std::string::npos);
    CHECK(xml.find("<Field name=\"Ghi chú nội bộ\" type=\"text\">&lt;b&gt;&amp;“trích”&lt;/b&gt;"
                   "</Field>") != std::string::npos);
    TempDir out;
    const auto zip = out / "HS-07.zip";
    vanthu::test::writeFile(zip, files.exportPackage(clerk, closed.id));
    REQUIRE(vanthu::test::run({"unzip", "-q", zip.string(), "-d", (out / "p").string()}).exitCode ==
            0);
    const auto manifest = vanthu::test::readFile(out / "p" / kManifestName);
    CHECK(manifest.find("<Field name=\"Số hồ sơ một cửa\" type=\"number\">2026</Field>") !=
          std::string::npos);
    const auto schema = vanthu::test::sourceDir() / "docmgmt/schema/archive-manifest.xsd";
    const auto lint = vanthu::test::run(
        {"xmllint", "--noout", "--schema", schema.string(), (out / "p" / kManifestName).string()});
    INFO(lint.err);
    CHECK(lint.exitCode == 0);
    CHECK(verifyArchivePackage(zip).status == ArchiveVerification::Status::Valid);
}

TEST_CASE("Metadata fields: the tables of migration 24 keep fields and values, one name per "
          "office",
          "[storage][metadata]") {
    TempDir dir;
    const auto storage = vanthu::test::openStorage(SqlStorage::databaseFileIn(dir.path()));
    Office office;
    office.code = "000.00.00.H01";
    office.name = "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN";
    office.issuerCode = "UBND";
    office.place = "Văn Quan";
    const Id officeId = storage->addOffice(office);
    User admin;
    admin.officeId = officeId;
    admin.username = "quantri";
    admin.fullName = "Quản Trị";
    admin.role = Role::Administrator;
    const Id adminId = storage->addUser(admin, "h");

    MetadataField field;
    field.officeId = officeId;
    field.name = "Lĩnh vực";
    field.type = MetadataType::List;
    field.required = true;
    field.options = {"Đất đai", "Y tế"};
    field.createdBy = adminId;
    field.createdAt = "2026-06-15T09:00:00+07:00";
    field.id = storage->addMetadataField(field);
    CHECK_THROWS_AS(storage->addMetadataField(field), Conflict);
    const auto found = storage->findMetadataField(field.id);
    REQUIRE(found);
    CHECK(found->options == std::vector<std::string>{"Đất đai", "Y tế"});
    CHECK(found->required);
    CHECK(found->type == MetadataType::List);
    CHECK_FALSE(storage->metadataFieldInUse(field.id));

    storage->replaceMetadataValues(kIncomingKind, 7, {{field.id, "", MetadataType::List, "Y tế"}});
    storage->replaceMetadataValues(kIncomingKind, 7,
                                   {{field.id, "", MetadataType::List, "Đất đai"}});
    const auto values = storage->metadataValues(kIncomingKind, 7);
    REQUIRE(values.size() == 1);
    CHECK(values[0].name == "Lĩnh vực");
    CHECK(values[0].value == "Đất đai");
    CHECK(storage->metadataValues(kOutgoingKind, 7).empty());
    CHECK(storage->metadataFieldInUse(field.id));
    // a value of a field that does not exist is refused by the database
    CHECK_THROWS(
        storage->replaceMetadataValues(kIncomingKind, 8, {{999, "", MetadataType::Text, "x"}}));
}

TEST_CASE("Metadata fields: a document's values saved from an older version are refused, naming "
          "who saved them",
          "[metadata][storage]") {
    DemoWorld world;
    MetadataFields fields(*world.storage, *world.audit);
    const auto admin = world.actor("quantri.vq");
    const auto clerk = world.actor("vanthu.vq");
    const Id office = clerk.user.officeId;
    fields.define(admin, office, {"Ghi chú", "text", false, {}});
    const Id letter = world.signedLetter("siêu dữ liệu ở hai cửa sổ");
    CHECK(fields.valuesVersion(kOutgoingKind, letter) == 0);
    fields.setValues(clerk, office, kOutgoingKind, letter, {{"Ghi chú", "thứ nhất"}}, 0);
    CHECK(fields.valuesVersion(kOutgoingKind, letter) == 1);
    try {
        fields.setValues(clerk, office, kOutgoingKind, letter, {{"Ghi chú", "thứ hai"}}, 0);
        FAIL("values from version 0 were taken over version 1");
    } catch (const StaleVersion& e) {
        CHECK(e.currentVersion() == 1);
        CHECK(e.changedBy() == clerk.user.fullName);
        CHECK_FALSE(e.changedAt().empty());
    }
    CHECK(fields.values(kOutgoingKind, letter).at(0).value == "thứ nhất");
    fields.setValues(clerk, office, kOutgoingKind, letter, {{"Ghi chú", "thứ hai"}}, 1);
    CHECK(fields.valuesVersion(kOutgoingKind, letter) == 2);
}
