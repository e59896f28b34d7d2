// The lengths of Phần II (NĐ 30/2020 Phụ lục VI) checked where a field is entered
// (FieldLimits.hpp), and the property that makes them worth having: nothing accepted at entry can
// later break the case file's archive package (issue 15 item 5, issue 19 item 3).
#include <catch2/catch.hpp>

#include "BulkImportFixtures.hpp"
#include "CaseFileFixtures.hpp"
#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/BulkImport.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/FieldLimits.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::readFile;
using vanthu::test::RoutingWorld;
using vanthu::test::run;
using vanthu::test::TempDir;
using vanthu::test::writeFile;
namespace fs = std::filesystem;

namespace {

Clock clockOf(const RoutingWorld& world) {
    const auto now = world.now;
    return [now] { return now->load(); };
}

/// Exactly `count` characters of Vietnamese words with their marks (NFC), not ending in a space.
std::string maximal(std::size_t count, const std::string& words = "Đường ưu tiên bảo đảm ") {
    std::vector<std::string> characters;
    for (std::size_t i = 0; i < words.size();) {
        std::size_t length = 1;
        while (i + length < words.size() &&
               (static_cast<unsigned char>(words[i + length]) & 0xC0) == 0x80) {
            ++length;
        }
        characters.push_back(words.substr(i, length));
        i += length;
    }
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string& c = characters[i % characters.size()];
        out += (i + 1 == count && c == " ") ? "ạ" : c;
    }
    REQUIRE(characterCount(out) == count);
    return out;
}

/// Runs entry, which must throw FieldTooLong naming `field`, the label and the limit.
template <typename Entry>
void refusedNaming(Entry entry, const FieldLimit& limit, const std::string& field) {
    try {
        entry();
        FAIL("accepted a " << field << " over " << limit.max);
    } catch (const FieldTooLong& e) {
        INFO(e.what());
        CHECK(e.field() == field);
        CHECK(std::string(e.what()).find(limit.label) != std::string::npos);
        std::string max = std::to_string(limit.max);
        if (max.size() > 3) {
            max.insert(max.size() - 3, ".");
        }
        CHECK(std::string(e.what()).find(max) != std::string::npos);
    }
}

} // namespace

TEST_CASE("Field limits: a field over its Phần II length is refused at entry, naming the field "
          "and the limit",
          "[limits]") {
    RoutingWorld world;
    const auto author = world.actor("chuyenvien.vq");
    const auto clerk = world.actor("vanthu.vq");

    // The subject of issue 15: 714 characters used to pass drafting, signing and issuing.
    const auto draft = [&](auto change) {
        return [&, change] {
            auto input = world.letterInput("kiểm tra độ dài");
            change(input);
            world.flow->createDraft(author, input);
        };
    };
    refusedNaming(draft([](DraftInput& d) { d.subject = maximal(714); }), limits::kSubject,
                  "subject");
    refusedNaming(draft([](DraftInput& d) { d.subject = maximal(501); }), limits::kSubject,
                  "subject");
    refusedNaming(draft([](DraftInput& d) { d.authorityOf = maximal(101); }), limits::kAuthorityOf,
                  "authorityOf");
    refusedNaming(draft([](DraftInput& d) { d.draftingUnit = "NVĐTXDCBKHT"; }),
                  limits::kDraftingUnit, "draftingUnit");
    refusedNaming(draft([](DraftInput& d) { d.language = maximal(31); }), limits::kLanguage,
                  "language");
    refusedNaming(draft([](DraftInput& d) { d.description = maximal(501); }), limits::kDescription,
                  "description");
    refusedNaming(draft([](DraftInput& d) { d.issuedAmount = 1000; }), limits::kIssuedAmount,
                  "issuedAmount");
    CHECK_THROWS_AS(draft([](DraftInput& d) { d.dueDate = "31/12/2026"; })(), InvalidInput);

    const auto paper = [&](auto change) {
        return [&, change] {
            auto letter = world.paperLetter("kiểm tra độ dài");
            change(letter);
            world.incoming->enterPaper(clerk, letter);
        };
    };
    refusedNaming(paper([](ArrivingDocument& a) { a.subject = maximal(501); }), limits::kSubject,
                  "subject");
    refusedNaming(paper([](ArrivingDocument& a) { a.senderName = maximal(201); }),
                  limits::kOrganName, "senderName");
    refusedNaming(paper([](ArrivingDocument& a) { a.number = "123456789012"; }),
                  limits::kCodeNumber, "number");
    refusedNaming(paper([](ArrivingDocument& a) { a.notation = maximal(31); }),
                  limits::kCodeNotation, "notation");
    refusedNaming(paper([](ArrivingDocument& a) { a.typeName = maximal(101); }), limits::kTypeName,
                  "typeName");
    refusedNaming(paper([](ArrivingDocument& a) { a.signerName = maximal(51); }),
                  limits::kSignerName, "signerName");
    refusedNaming(paper([](ArrivingDocument& a) { a.signerPosition = maximal(101); }),
                  limits::kSignerPosition, "signerPosition");
    refusedNaming(paper([](ArrivingDocument& a) { a.description = maximal(501); }),
                  limits::kDescription, "description");
    refusedNaming(paper([](ArrivingDocument& a) { a.issuedAmount = 1000; }), limits::kIssuedAmount,
                  "issuedAmount");
    // nothing of it was stored
    CHECK(world.incomingOf("vanthu.vq").empty());
}

TEST_CASE("Field limits: every field at its maximal length goes from draft to issue, into a "
          "case file, and out as an archive package that validates",
          "[limits][archive]") {
    RoutingWorld world;
    const auto clerk = world.actor("vanthu.vq");
    // The office's name and the signer's name and title are written into every manifest.
    auto office = *world.storage->findOffice(world.user("vanthu.vq").officeId);
    office.name = "Ủy ban nhân dân " + maximal(200 - 16, "huyện Văn Quan tỉnh Lạng Sơn ");
    world.storage->updateOffice(office);
    auto signer = world.user("phochutich.vq");
    signer.fullName = maximal(50, "Nguyễn Thị Ánh Tuyết ");
    signer.title = maximal(100, "PHÓ CHỦ TỊCH THƯỜNG TRỰC ");
    world.storage->updateUser(signer);

    auto input = world.letterInput(maximal(500));
    input.authorityOf = maximal(100, "CHỦ TỊCH ỦY BAN NHÂN DÂN ");
    input.draftingUnit = "NVĐTXDCBKH";
    input.language = maximal(30, "Tiếng Việt và tiếng Anh ");
    input.description = maximal(500, "Bản gốc lưu tại văn thư cơ quan; ");
    input.issuedAmount = 999;
    input.dueDate = "2026-12-31";
    const auto draft = world.flow->createDraft(world.actor("chuyenvien.vq"), input);
    world.flow->submit(world.actor("chuyenvien.vq"), draft.id);
    world.flow->approve(world.actor("chutich.vq"), draft.id);
    world.flow->sign(world.actor("phochutich.vq"), draft.id);
    world.flow->issue(clerk, draft.id);

    auto letter = world.paperLetter(maximal(500, "Về việc góp ý dự thảo "));
    letter.senderName = maximal(200, "Sở Nội vụ tỉnh Lạng Sơn ");
    letter.number = "12345678901";
    letter.notation = "12345678901/SNV-" + maximal(14, "CCHCTCBCVTLT");
    letter.typeName = maximal(100, "Công văn hướng dẫn ");
    letter.signerName = maximal(50, "Hoàng Thị Thu Hương ");
    letter.signerPosition = maximal(100, "PHÓ GIÁM ĐỐC ");
    letter.language = maximal(30, "Tiếng Việt ");
    letter.description = maximal(500, "Kèm theo phụ lục ");
    letter.issuedAmount = 999;
    letter.dueDate = "2026-12-30";
    const auto incoming = world.incoming->enterPaper(clerk, letter);
    world.incoming->registerArrival(clerk, incoming.id);
    const auto stored = world.incoming->document(clerk, incoming.id);
    CHECK(stored.issuedAmount == 999);
    CHECK(stored.pageAmount >= 1);
    CHECK(stored.language == letter.language);
    CHECK(stored.description == letter.description);

    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    FileListEntry entry;
    entry.year = 2026;
    entry.code = maximal(20, "HS-ĐT-XDCB-");
    entry.title = maximal(500, "Hồ sơ về đầu tư xây dựng cơ bản ");
    entry.retention = "vĩnh viễn";
    entry.responsibleId = world.user("vanthu.vq").id;
    entry = files.addListEntry(clerk, entry);
    const auto file = files.open(clerk, entry.id, maximal(500, "Chú giải của hồ sơ "));
    files.addDocument(clerk, file.id, kOutgoingKind, draft.id);
    files.addDocument(clerk, file.id, kIncomingKind, incoming.id);
    files.close(clerk, file.id);

    TempDir out;
    const fs::path zip = out / "package.zip";
    writeFile(zip, files.exportPackage(clerk, file.id));
    const fs::path dir = out / "unpacked";
    REQUIRE(run({"unzip", "-q", zip.string(), "-d", dir.string()}).exitCode == 0);
    const auto schema = vanthu::test::sourceDir() / "docmgmt/schema/archive-manifest.xsd";
    const auto lint =
        run({"xmllint", "--noout", "--schema", schema.string(), (dir / kManifestName).string()});
    INFO(lint.err);
    CHECK(lint.exitCode == 0);
    const std::string manifest = readFile(dir / kManifestName);
    CHECK(manifest.find("<Subject>" + input.subject + "</Subject>") != std::string::npos);
    CHECK(manifest.find("<IssuedAmount>999</IssuedAmount>") != std::string::npos);
    CHECK(manifest.find("<DueDate>2026-12-31</DueDate>") != std::string::npos);
    CHECK(manifest.find("<Description>" + input.description + "</Description>") !=
          std::string::npos);
    CHECK(manifest.find("<Language>" + input.language + "</Language>") != std::string::npos);
    CHECK(manifest.find("<Language>" + letter.language + "</Language>") != std::string::npos);
    CHECK(manifest.find("<FullName>" + signer.fullName + "</FullName>") != std::string::npos);
}

TEST_CASE("Field limits: the bulk import reports a row over a Phần II length in Vietnamese, "
          "naming the field and the limit",
          "[limits][import]") {
    RoutingWorld world;
    TempDir folder;
    vanthu::test::importFolder(folder.path());
    // Rows 2–4 each have one field over its limit; row 5 gives the optional Phần II columns,
    // row 6 an IssuedAmount of 1,000; row 7 a description over 500.
    const std::string good = "Đảng ủy xã Bình Lư,Công văn,Về việc thử,Lò Văn Minh,753.pdf";
    writeFile(folder / "metadata.csv",
              "direction,number,notation,date,issuer,type,subject,signer,file,issued_amount,"
              "language,description\r\n"
              "in,1,CV/ĐU,2024-06-12,Đảng ủy xã Bình Lư,Công văn," +
                  maximal(501) + ",Lò Văn Minh,753.pdf,,,\r\n" + "in,2,CV/ĐU,2024-06-12," +
                  maximal(201) + ",Công văn,Về việc thử,Lò Văn Minh,753.pdf,,,\r\n" +
                  "in,3,CV/ĐU,2024-06-12,Đảng ủy xã Bình Lư,Công văn,Về việc thử," + maximal(51) +
                  ",753.pdf,,,\r\n" + "in,4,CV/ĐU,2024-06-12," + good +
                  ",12,Tiếng Việt,Bản chụp lưu tại văn thư\r\n" + "in,5,CV/ĐU,2024-06-12," + good +
                  ",1000,,\r\n" + "in,6,CV/ĐU,2024-06-12," + good + ",,," + maximal(501) + "\r\n");
    BulkImport import(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto report =
        import.run(world.officeOf("vanthu.bl"), folder / "metadata.csv", folder.path(), {}, {});
    CHECK(report.imported == 1);
    CHECK(report.rejected == 5);
    const auto reason = [&](int row) {
        for (const auto& r : report.rows) {
            if (r.row == row) {
                return r.reason;
            }
        }
        return std::string("(no such row)");
    };
    CHECK(reason(2).find("Trích yếu nội dung (cột subject) dài 501 ký tự, vượt giới hạn 500") !=
          std::string::npos);
    CHECK(reason(3).find("Tên cơ quan ban hành (cột issuer) dài 201 ký tự, vượt giới hạn 200") !=
          std::string::npos);
    CHECK(reason(4).find("Họ tên người ký (cột signer) dài 51 ký tự, vượt giới hạn 50") !=
          std::string::npos);
    CHECK(reason(6).find("Số lượng bản phát hành (cột issued_amount) phải là số từ 1 đến 999") !=
          std::string::npos);
    CHECK(reason(7).find("Ghi chú (cột description) dài 501 ký tự, vượt giới hạn 500") !=
          std::string::npos);
    const auto imported = world.storage->importedDocuments(world.officeOf("vanthu.bl").id);
    REQUIRE(imported.size() == 1);
    CHECK(imported[0].issuedAmount == 12);
    CHECK(imported[0].language == "Tiếng Việt");
    CHECK(imported[0].description == "Bản chụp lưu tại văn thư");
}
