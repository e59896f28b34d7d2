#include <catch2/catch.hpp>

#include "CaseFileFixtures.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/Pkcs11Key.hpp"
#include "vanthu/signing/SigningKey.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::closedCaseFile;
using vanthu::test::DemoWorld;
using vanthu::test::readFile;
using vanthu::test::run;
using vanthu::test::TempDir;
using vanthu::test::writeFile;
namespace fs = std::filesystem;

namespace {

Clock clockOf(const DemoWorld& world) {
    const auto now = world.now;
    return [now] { return now->load(); };
}

ArchiveVerifyOptions trusting(const fs::path& caPem) {
    ArchiveVerifyOptions options;
    options.trustAnchors = vanthu::signing::certificatesFromPem(readFile(caPem));
    return options;
}

bool mentions(const ArchiveVerification& result, const std::string& text) {
    for (const auto& problem : result.problems) {
        if (problem.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

/// Replaces manifest.xml and rewrites its line in checksums.sha256 (a forger who rewrote both).
void rewriteManifest(const fs::path& dir, const std::string& manifest) {
    const std::string old = readFile(dir / kManifestName);
    writeFile(dir / kManifestName, manifest);
    writeFile(dir / kChecksumsName,
              replaced(readFile(dir / kChecksumsName), sha256Hex(old), sha256Hex(manifest)));
}

/// The manifest without its seal (ds:Signature).
std::string unsealed(const std::string& manifest) {
    const auto start = manifest.find("<ds:Signature");
    const std::string end = "</ds:Signature>";
    const auto stop = manifest.find(end);
    REQUIRE(start != std::string::npos);
    REQUIRE(stop != std::string::npos);
    return std::string(manifest).erase(start, stop + end.size() - start);
}

/// Whether xmlsec1 (an independent XML-DSig implementation) is installed.
bool haveXmlsec1() {
    return run({"sh", "-c", "command -v xmlsec1"}).exitCode == 0;
}

/// Rewrites the manifest's and checksums' record of a changed PDF so that only deeper checks
/// can notice (a forger who rewrote both files).
void recordChangedPdf(const fs::path& dir, const std::string& oldPdf, const std::string& newPdf) {
    const std::string manifest =
        replaced(readFile(dir / kManifestName), sha256Hex(oldPdf), sha256Hex(newPdf));
    writeFile(dir / kChecksumsName,
              replaced(readFile(dir / kChecksumsName), sha256Hex(oldPdf), sha256Hex(newPdf)));
    rewriteManifest(dir, manifest);
}

} // namespace

TEST_CASE("Archive package round trip: export, unzip, schema, checksums, signatures", "[archive]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto file = closedCaseFile(world, files);
    const auto clerk = world.actor("vanthu.vq");
    const auto options = trusting(vanthu::test::demoPkiDir() / "ca.pem");

    TempDir out;
    const fs::path zip = out / "HS-01.zip";
    writeFile(zip, files.exportPackage(clerk, file.id));
    CHECK(world.audit->about("casefile/" + std::to_string(file.id)).back().action == "export");

    // independent checkers: unzip, xmllint with the schema in the repository, sha256sum
    REQUIRE(run({"unzip", "-tq", zip.string()}).exitCode == 0);
    const fs::path dir = out / "unpacked";
    REQUIRE(run({"unzip", "-q", zip.string(), "-d", dir.string()}).exitCode == 0);
    const auto schema = vanthu::test::sourceDir() / "docmgmt/schema/archive-manifest.xsd";
    const auto lint =
        run({"xmllint", "--noout", "--schema", schema.string(), (dir / kManifestName).string()});
    CHECK(lint.exitCode == 0);
    INFO(lint.err);
    CHECK(run({"sh", "-c", "cd '" + dir.string() + "' && sha256sum -c --quiet checksums.sha256"})
              .exitCode == 0);
    // the PDFs byte for byte
    const auto docs = files.documents(clerk, file.id);
    REQUIRE(docs.size() == 2);
    CHECK(readFile(dir / "documents/001.pdf") == world.blobs->get(docs[0].pdfBlob));
    CHECK(readFile(dir / "documents/002.pdf") == world.blobs->get(docs[1].pdfBlob));
    const std::string manifest = readFile(dir / kManifestName);
    CHECK(manifest.find("<FileCode>HS-01</FileCode>") != std::string::npos);
    CHECK(manifest.find("<DocTotal>2</DocTotal>") != std::string::npos);
    CHECK(manifest.find("<Maintenance>10 năm</Maintenance>") != std::string::npos);
    CHECK(manifest.find("signatures=\"2\"") != std::string::npos);
    // sealed: one enveloped XML signature at the end of the root, checked by xmlsec1 too
    CHECK(manifest.find("<ds:Signature") != std::string::npos);
    CHECK(manifest.find("</ds:Signature></ArchivePackage>") != std::string::npos);
    // xmlsec1 (installed by scripts/bootstrap) checks the seal independently.
    REQUIRE(haveXmlsec1());
    const auto xmlsec =
        run({"xmlsec1", "--verify", "--trusted-pem",
             (vanthu::test::demoPkiDir() / "ca.pem").string(), (dir / kManifestName).string()});
    INFO(xmlsec.err);
    CHECK(xmlsec.exitCode == 0);

    for (const auto& package : {zip, dir}) {
        const auto result = verifyArchivePackage(package, options);
        INFO(package << (result.problems.empty() ? "" : ": " + result.problems.front()));
        CHECK(result.status == ArchiveVerification::Status::Valid);
        CHECK(result.fileCode == "HS-01");
        CHECK(result.documents == 2);
        CHECK(result.pages == file.pageTotal);
        CHECK(result.signatures == 4);                           // the leader's and the seal, twice
        CHECK(result.sealedBy.find("CN=") != std::string::npos); // the office's seal
        CHECK(result.sealedBy.find("(Demo)") != std::string::npos);
    }
    // without trust anchors the signatures must still be intact
    CHECK(verifyArchivePackage(dir).status == ArchiveVerification::Status::Valid);

    SECTION("an open file is not exported") {
        const auto open = files.open(clerk, vanthu::test::listEntry(world, files, "HS-09").id);
        CHECK_THROWS_AS(files.exportPackage(clerk, open.id), Conflict);
        CHECK_THROWS_AS(files.exportPackage(world.actor("chuyenvien.vq"), file.id), Forbidden);
    }

    SECTION("tampering is found") {
        const auto invalid = [&](const std::string& reason) {
            const auto result = verifyArchivePackage(dir, options);
            INFO(reason);
            CHECK(result.status == ArchiveVerification::Status::Invalid);
            CHECK(result.exitCode() == 1);
            for (const auto& problem : result.problems) {
                UNSCOPED_INFO(problem);
            }
            CHECK(mentions(result, reason));
        };
        const fs::path pdf = dir / "documents/001.pdf";
        const std::string original = readFile(pdf);
        SECTION("a changed PDF byte") {
            std::string changed = original;
            changed[changed.size() / 2] ^= 0x01;
            writeFile(pdf, changed);
            invalid("documents/001.pdf does not match its SHA-256");
        }
        SECTION("a changed manifest") {
            writeFile(dir / kManifestName,
                      replaced(readFile(dir / kManifestName), "10 năm", "5 năm"));
            invalid("manifest.xml does not match its SHA-256");
        }
        SECTION("a missing file") {
            fs::remove(dir / "documents/002.pdf");
            invalid("documents/002.pdf is missing");
        }
        SECTION("an extra file") {
            writeFile(dir / "documents/003.pdf", original);
            invalid("extra file documents/003.pdf");
        }
        SECTION("a PDF whose signature no longer verifies, checksums rewritten") {
            std::string changed = original;
            const auto stream = changed.find("stream\n");
            REQUIRE(stream != std::string::npos);
            changed[stream + 20] ^= 0x01; // inside the first revision, under every signature
            writeFile(pdf, changed);
            recordChangedPdf(dir, original, changed);
            invalid("does not verify");
        }
        SECTION("a manifest with a DOCTYPE (external entity), checksums rewritten") {
            rewriteManifest(dir, replaced(readFile(dir / kManifestName), "<ArchivePackage",
                                          "<!DOCTYPE ArchivePackage [<!ENTITY x SYSTEM "
                                          "\"file:///etc/passwd\">]>\n<ArchivePackage"));
            invalid("DOCTYPE");
        }
        SECTION("a manifest that breaks the schema, checksums rewritten") {
            rewriteManifest(dir, replaced(readFile(dir / kManifestName), "<DocTotal>2</DocTotal>",
                                          "<DocTotal>two</DocTotal>"));
            invalid("manifest.xml line");
        }
        SECTION("a manifest edited consistently, checksums rewritten: the seal breaks") {
            rewriteManifest(dir, replaced(readFile(dir / kManifestName), "10 năm", "5 năm"));
            invalid("manifest.xml does not match the office seal on it");
            REQUIRE(haveXmlsec1());
            CHECK(run({"xmlsec1", "--verify", "--trusted-pem",
                       (vanthu::test::demoPkiDir() / "ca.pem").string(),
                       (dir / kManifestName).string()})
                      .exitCode != 0);
        }
        SECTION("a PDF swapped, manifest and checksums rewritten: the seal breaks first") {
            // what the seal is for: a forger who rewrites every record of a PDF (an unsigned scan
            // would pass every other check)
            const std::string other = readFile(dir / "documents/002.pdf");
            writeFile(pdf, other);
            recordChangedPdf(dir, original, other);
            const auto result = verifyArchivePackage(dir);
            REQUIRE_FALSE(result.problems.empty());
            CHECK(result.problems.front().find("does not match the office seal") !=
                  std::string::npos);
        }
        SECTION("the seal removed, checksums rewritten") {
            rewriteManifest(dir, unsealed(readFile(dir / kManifestName)));
            invalid("manifest.xml is not sealed");
            // the unsealed manifest still follows the schema: only the seal is missing
            const auto schema = vanthu::test::sourceDir() / "docmgmt/schema/archive-manifest.xsd";
            CHECK(run({"xmllint", "--noout", "--schema", schema.string(),
                       (dir / kManifestName).string()})
                      .exitCode == 0);
        }
    }

    SECTION("a package sealed with another CA's key") {
        vanthu::signing::DemoPkiOptions pkiOptions;
        pkiOptions.ecdsa = true; // quick to make
        const vanthu::signing::DemoPki other(pkiOptions);
        const auto seal = vanthu::signing::Pkcs12Key::fromBytes(
            other.pkcs12(other.seal(), "other-seal"), pkiOptions.password);
        PackageContents contents;
        contents.file = files.caseFile(clerk, file.id).file;
        contents.organId = "DEMO.UB.VQ";
        contents.organName = "Ủy ban";
        contents.exportedAt = "2026-06-16T09:30:00+07:00";
        for (const auto& doc : docs) {
            contents.documents.push_back({doc, world.blobs->get(doc.pdfBlob), {}, {}});
        }
        contents.seal = seal.get();
        const fs::path forged = out / "forged.zip";
        writeFile(forged, writeArchivePackage(contents));
        // intact, but not the office's: not trusted under the office's CA
        const auto intact = verifyArchivePackage(forged);
        INFO((intact.problems.empty() ? "" : intact.problems.front()));
        CHECK(intact.status == ArchiveVerification::Status::Valid);
        CHECK(intact.sealedBy ==
              vanthu::signing::nameToString(X509_get_subject_name(seal->certificate())));
        const auto trusted = verifyArchivePackage(forged, options);
        CHECK(trusted.status == ArchiveVerification::Status::Invalid);
        CHECK(mentions(trusted, "is not trusted"));
        // and trusted under its own CA
        ArchiveVerifyOptions otherTrust;
        otherTrust.trustAnchors.push_back(
            vanthu::signing::X509Ptr(X509_dup(other.root().certificate.get())));
        const auto own = verifyArchivePackage(forged, otherTrust);
        CHECK(mentions(own, "is not trusted") == false);
    }

    SECTION("a package sealed by the office's key on a PKCS#11 token (SoftHSM2)") {
        vanthu::signing::DemoPkiOptions pkiOptions;
        pkiOptions.ecdsa = true; // quick to make
        const vanthu::signing::DemoPki tokenPki(pkiOptions);
        const vanthu::test::SoftHsmToken token("CON DAU", "246813579", "seal",
                                               tokenPki.pkcs12(tokenPki.seal(), "seal"),
                                               pkiOptions.password);
        const vanthu::signing::Pkcs11Key seal(vanthu::test::SoftHsmToken::kModule, "CON DAU",
                                              "seal", "246813579");
        PackageContents contents;
        contents.file = files.caseFile(clerk, file.id).file;
        contents.organId = "DEMO.UB.VQ";
        contents.organName = "Ủy ban";
        contents.exportedAt = "2026-06-16T09:30:00+07:00";
        for (const auto& doc : docs) {
            contents.documents.push_back({doc, world.blobs->get(doc.pdfBlob), {}, {}});
        }
        contents.seal = &seal;
        const fs::path onToken = out / "token.zip";
        writeFile(onToken, writeArchivePackage(contents));
        ArchiveVerifyOptions tokenTrust;
        tokenTrust.trustAnchors.push_back(
            vanthu::signing::X509Ptr(X509_dup(tokenPki.root().certificate.get())));
        tokenTrust.trustAnchors.push_back(
            vanthu::signing::X509Ptr(X509_dup(tokenPki.issuingCa().certificate.get())));
        const auto verified = verifyArchivePackage(onToken, tokenTrust);
        INFO((verified.problems.empty() ? "" : verified.problems.front()));
        CHECK(verified.sealedBy ==
              vanthu::signing::nameToString(X509_get_subject_name(seal.certificate())));
        CHECK(mentions(verified, "is not trusted") == false);
        CHECK(mentions(verified, "does not match the office seal") == false);
        // xmlsec1 checks the token's seal on the manifest independently.
        REQUIRE(haveXmlsec1());
        const fs::path unpacked = out / "token";
        fs::create_directories(unpacked);
        REQUIRE(run({"unzip", "-q", onToken.string(), "-d", unpacked.string()}).exitCode == 0);
        writeFile(out / "token-root.pem",
                  vanthu::signing::toPem(tokenPki.root().certificate.get()));
        writeFile(out / "token-ca.pem",
                  vanthu::signing::toPem(tokenPki.issuingCa().certificate.get()));
        const auto xmlsec =
            run({"xmlsec1", "--verify", "--trusted-pem", (out / "token-root.pem").string(),
                 "--untrusted-pem", (out / "token-ca.pem").string(),
                 (unpacked / kManifestName).string()});
        INFO(xmlsec.err);
        CHECK(xmlsec.exitCode == 0);
    }

    SECTION("no seal key, no package") {
        PackageContents contents;
        contents.file = files.caseFile(clerk, file.id).file;
        CHECK_THROWS_AS(writeArchivePackage(contents), std::invalid_argument);
    }

    SECTION("a changed byte inside the ZIP file") {
        std::string bytes = readFile(zip);
        const auto at = bytes.find("/Type");
        REQUIRE(at != std::string::npos);
        bytes[at + 1] = 'X';
        writeFile(zip, bytes);
        const auto result = verifyArchivePackage(zip, options);
        CHECK(result.status == ArchiveVerification::Status::Invalid);
    }

    SECTION("something that is not a package") {
        writeFile(out / "note.txt", "not a zip");
        CHECK(verifyArchivePackage(out / "note.txt").exitCode() == 2);
        CHECK(verifyArchivePackage(out / "nothing-here.zip").exitCode() == 2);
    }
}
