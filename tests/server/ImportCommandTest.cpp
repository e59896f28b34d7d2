#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"

using namespace vanthu;
using test::DocmgmtServer;

namespace {

std::string officeCodeOf(DocmgmtServer& server, const std::string& username) {
    const auto user = server.backend().findUser(server.userId(username));
    for (const auto& office : server.backend().offices()) {
        if (office.id == user->officeId) {
            return office.code;
        }
    }
    FAIL("no office for " << username);
    return {};
}

} // namespace

TEST_CASE("vanthu import: progress on stderr, a report of rows not imported, idempotent",
          "[import]") {
    auto& server = DocmgmtServer::shared();
    test::TempDir folder;
    for (const auto& [sample, pdf] :
         {std::pair<std::string, std::string>{"party-district-cv-1307.json", "1307.pdf"},
          {"party-urgent-notice.json", "tb.pdf"}}) {
        REQUIRE(test::runVanthu({"render", (test::sourceDir() / "samples" / sample).string(), "-o",
                                 (folder / pdf).string()})
                    .exitCode == 0);
    }
    test::writeFile(folder / "scan.pdf", "%PDF-1.4\nnot really\n");
    const std::string header = "file,direction,number,notation,date,issuer,type,subject,signer\n";
    const std::string good =
        "1307.pdf,in,1307,CV/HU,05/03/2024,Huyện ủy Bình Sơn,Công văn,Về việc học tập,Lê Văn A\n"
        "tb.pdf,in,27,TB/TU,2024-03-06,Tỉnh ủy Bắc Giang,Thông báo,Thông báo khẩn,\n";
    test::writeFile(folder / "all.csv",
                    header + good +
                        "scan.pdf,in,28,TB/TU,2024-03-07,Tỉnh ủy Bắc Giang,Thông báo,Bản quét,\n"
                        "gone.pdf,out,29,UBND-VP,2024-13-01,UBND,Công văn,Tháng 13,\n");
    test::writeFile(folder / "good.csv", header + good);
    const std::string office = officeCodeOf(server, "vanthu.bl");
    const auto import = [&](const std::string& csv) {
        return test::runVanthu({"import", "--data", server.dataDir().string(), "--office", office,
                                "--csv", (folder / csv).string(), "--user", "vanthu.bl",
                                folder.path().string()});
    };

    const auto first = import("all.csv");
    INFO(first.err);
    CHECK(first.exitCode == 1);
    CHECK(first.out.find("imported 2, already there 0, rejected 2 of 4 rows") == 0);
    CHECK(first.err.find("import: 4/4 rows\n") != std::string::npos);
    const std::string report = test::readFile(folder / "all.not-imported.csv");
    CHECK(report.find("4,scan.pdf,rejected,\"scan.pdf is not a PDF") != std::string::npos);
    CHECK(report.find("5,gone.pdf,rejected,\"bad date \"\"2024-13-01\"\"") != std::string::npos);

    const auto again = import("good.csv");
    CHECK(again.exitCode == 0);
    CHECK(again.out.find("imported 0, already there 2, rejected 0 of 2 rows") == 0);
    CHECK(test::readFile(folder / "good.not-imported.csv").find("duplicate") != std::string::npos);

    const auto wrongOffice =
        test::runVanthu({"import", "--data", server.dataDir().string(), "--office", "000.NONE",
                         "--csv", (folder / "good.csv").string(), folder.path().string()});
    CHECK(wrongOffice.exitCode == 2);
    CHECK(test::runVanthu({"audit", "verify", "--data", server.dataDir().string()}).exitCode == 0);
}
