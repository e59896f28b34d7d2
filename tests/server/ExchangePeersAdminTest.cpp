// Exchange peers administered (issue 13 item 3; docs/exchange.md, "Peers administered"): the
// Party server starts with a peers file that names no peer; its installation administrator adds
// the State server through /api/exchange/peers, and at once the outbox sends to it and the inbox
// takes its signed packages, while a package signed by another key is refused. Changing the
// certificate refuses the State server's next package until it is put back; removing the peer
// refuses its packages. Refusals (a clerk, an office's administrator) are 403 and audited, bad
// input is refused naming the field and nothing is written. `vanthu admin peers` changes the
// same file, and the running server sees the change without a restart.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "ExchangeNode.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/exchange/PackageWriter.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/SigningKey.hpp"

using namespace vanthu;
using namespace vanthu::test;

namespace {

std::string readAll(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string peerJson(const std::string& name, const std::string& url,
                     const std::string& certificatePem, const std::string& trustAnchorsPem = "") {
    Poco::JSON::Object json;
    if (!name.empty()) {
        json.set("name", name);
    }
    json.set("url", url);
    if (!certificatePem.empty()) {
        json.set("certificatePem", certificatePem);
    }
    if (!trustAnchorsPem.empty()) {
        json.set("trustAnchorsPem", trustAnchorsPem);
    }
    return jsonText(json);
}

std::string errorField(const ApiResponse& response) {
    try {
        return response.object()->getObject("error")->getValue<std::string>("field");
    } catch (const std::exception&) {
        return "(no field: " + response.body.substr(0, 200) + ")";
    }
}

/// A status "done" for a letter of the province, as the district would send it.
exchange::MessageStatus doneStatus() {
    exchange::MessageStatus status;
    status.responseFor = {kProvince, "1-CV/TU", "2030/01/01", "x"};
    status.from.organId = kDistrict;
    status.from.organName = "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN";
    status.statusCode = "06";
    status.timestamp = "2030/01/01 00:00:00";
    return status;
}

ApiResponse postPackage(ExchangeNode& to, const std::string& xml, const std::string& from) {
    ApiClient client(to.port());
    client.setHeader("X-Vanthu-Peer", from);
    return client.request("POST", "/api/exchange/packages", xml, "application/xml");
}

/// Delivers what is due until `count` items went (the outbox waits a second between tries).
void deliverWithin(ExchangeNode& node, int count) {
    int delivered = 0;
    for (int round = 0; round < 40 && delivered < count; ++round) {
        delivered += node.outbox().deliverDue();
        if (delivered < count) {
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
    }
    REQUIRE(delivered == count);
}

std::vector<std::string> actionsOn(ExchangeNode& node, const std::string& object) {
    std::vector<std::string> actions;
    for (const auto& record : node.backend().storage().auditFor(object)) {
        actions.push_back(record.action + " " + record.username);
    }
    return actions;
}

} // namespace

TEST_CASE("exchange peers: added by the administrator in the API, a peer's packages are taken "
          "and sent at once and another key's refused, changes and refusals audited, bad input "
          "named",
          "[exchange][peers]") {
    ExchangeNode party{"party", docmgmt::DemoProfile::Party, freePort()};
    ExchangeNode state{"state", docmgmt::DemoProfile::State, freePort()};
    state.start(party);
    party.startWithoutPeers();
    const auto statePem = readAll(state.dataDir() / "pki" / "exchange-certificates.pem");
    const auto stateCa = readAll(state.dataDir() / "pki" / "ca.pem");
    const auto stateUrl = "http://127.0.0.1:" + std::to_string(state.port());
    const auto districtSeal =
        signing::Pkcs12Key::fromFile(state.office(kDistrict).sealKey, "vanthu");
    const auto districtStatus = exchange::writePackage(doneStatus(), districtSeal.get());
    signing::DemoPkiOptions otherOptions;
    otherOptions.ecdsa = true;
    const signing::DemoPki otherPki(otherOptions);
    const auto otherKey = signing::Pkcs12Key::fromBytes(otherPki.pkcs12(otherPki.seal(), "seal"),
                                                        otherOptions.password);
    const auto otherPem = signing::toPem(otherKey->certificate());

    // No peer yet: the State server's packages are refused, the letter waits in the outbox.
    CHECK(postPackage(party, districtStatus, "state").status == 403);
    const std::string subject = "đề nghị báo cáo sau khi kết nối máy chủ trao đổi";
    const auto documentId = issuePartyLetter(party, subject);
    CHECK(party.outbox().deliverDue() == 0);

    auto admin = party.as("quantri.bg");
    const auto body = peerJson("state", stateUrl, statePem, stateCa);

    // Only the installation's administrator: a clerk and an office's administrator are refused,
    // and the refusals are in the audit trail.
    CHECK(party.as("vanthu.bg").post("/api/exchange/peers", body).status == 403);
    CHECK(party.as("vanthu.bg").get("/api/exchange/peers").status == 403);
    CHECK(party.as("quantri.bs").post("/api/exchange/peers", body).status == 403);
    CHECK(party.as("quantri.bs").request("DELETE", "/api/exchange/peers/state").status == 403);
    CHECK(actionsOn(party, "exchange-peers") == std::vector<std::string>{"refused vanthu.bg"});
    CHECK(actionsOn(party, "exchange-peer/new") == std::vector<std::string>{"refused quantri.bs"});
    CHECK(actionsOn(party, "exchange-peer/state") ==
          std::vector<std::string>{"refused quantri.bs"});

    // Bad input: refused naming the field, nothing written.
    const auto refused = [&](const std::string& json, const std::string& field) {
        const auto response = admin.post("/api/exchange/peers", json);
        INFO(response.body);
        CHECK(response.status == 422);
        CHECK(errorField(response) == field);
    };
    refused(peerJson("state", "ftp://127.0.0.1/", statePem), "url");
    refused(peerJson("state", "127.0.0.1:8082", statePem), "url");
    refused(peerJson("state", "http://", statePem), "url");
    refused(peerJson("state", "http://user:pw@127.0.0.1", statePem), "url");
    refused(peerJson("state", stateUrl, "không phải chứng thư"), "certificatePem");
    refused(peerJson("state", stateUrl, ""), "certificatePem");
    refused(peerJson("state", stateUrl,
                     statePem + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
            "certificatePem");
    refused(peerJson("state", stateUrl, statePem, "-----BEGIN CERTIFICATE-----\n"),
            "trustAnchorsPem");
    refused(peerJson("tên có dấu", stateUrl, statePem), "name");
    refused(peerJson("../state", stateUrl, statePem), "name");
    CHECK(admin.post("/api/exchange/peers", peerJson("party", stateUrl, statePem)).status == 409);
    CHECK(party.peers().peers().empty());
    CHECK_FALSE(std::filesystem::exists(party.dataDir() / "peers"));

    // Added: in the file, its certificates beside it, audited.
    const auto added = admin.post("/api/exchange/peers", body);
    INFO(added.body);
    REQUIRE(added.status == 201);
    CHECK(added.object()->getValue<std::string>("url") == stateUrl);
    CHECK(added.object()->getArray("certificates")->size() >= 1); // the seals of its offices
    CHECK(added.object()->getArray("trustAnchors")->size() >= 1);
    CHECK(readAll(party.peersFile()).find(stateUrl) != std::string::npos);
    CHECK(std::filesystem::exists(party.dataDir() / "peers" / "state.pem"));
    CHECK(std::filesystem::exists(party.dataDir() / "peers" / "state-trust-anchors.pem"));
    CHECK(admin.post("/api/exchange/peers", body).status == 409);
    const auto listed = admin.get("/api/exchange/peers");
    expectOk(listed);
    CHECK(listed.object()->getValue<std::string>("self") == "party");
    REQUIRE(listed.object()->getArray("peers")->size() == 1);

    // At once, no restart: the outbox sends the waiting letter, the State server's status 01 is
    // taken (signed by a certificate just added), a package signed by another key is refused.
    deliverWithin(party, 1);
    REQUIRE(districtCopies(state, subject).size() == 1);
    CHECK(districtCopies(state, subject).front().signatureStatus == docmgmt::kSignaturesValid);
    deliverWithin(state, 1);
    CHECK(districtRecord(party, documentId).statusCode == "01");
    const auto forged =
        postPackage(party, exchange::writePackage(doneStatus(), otherKey.get()), "state");
    CHECK(forged.status == 403);
    CHECK(forged.errorCode() == "forbidden");

    // A changed certificate counts at once: the State server's next status is refused until the
    // right one is put back.
    const auto changed =
        admin.put("/api/exchange/peers/state", peerJson("", stateUrl + "/", otherPem));
    INFO(changed.body);
    REQUIRE(changed.status == 200);
    CHECK(changed.object()->getValue<std::string>("url") == stateUrl);
    state.incoming().registerArrival(state.actor("vanthu.vq"),
                                     districtCopies(state, subject).front().id);
    CHECK(state.outbox().deliverDue() == 0);
    CHECK(districtRecord(party, documentId).statusCode == "01");
    expectOk(admin.put("/api/exchange/peers/state", peerJson("", stateUrl, statePem)));
    deliverWithin(state, 1);
    CHECK(districtRecord(party, documentId).statusCode == "03");
    CHECK(admin.put("/api/exchange/peers/nobody", peerJson("", stateUrl, statePem)).status == 404);
    CHECK(admin.put("/api/exchange/peers/state", peerJson("", "gopher://x", "")).status == 422);

    // Removed: its packages refused again, its files gone.
    CHECK(admin.request("DELETE", "/api/exchange/peers/state").status == 204);
    CHECK(postPackage(party, districtStatus, "state").status == 403);
    CHECK(party.peers().peers().empty());
    CHECK_FALSE(std::filesystem::exists(party.dataDir() / "peers" / "state.pem"));
    CHECK(admin.request("DELETE", "/api/exchange/peers/state").status == 404);
    CHECK(actionsOn(party, "exchange-peer/state") ==
          std::vector<std::string>{"refused quantri.bs", "exchange-peer-add quantri.bg",
                                   "exchange-peer-change quantri.bg",
                                   "exchange-peer-change quantri.bg",
                                   "exchange-peer-remove quantri.bg"});

    // `vanthu admin peers` changes the same file; the running server takes the State server's
    // packages again without a restart.
    const auto certificateFile = (state.dataDir() / "pki" / "exchange-certificates.pem").string();
    const std::vector<std::string> add = {"admin",
                                          "peers",
                                          "add",
                                          "--data",
                                          party.dataDir().string(),
                                          "--peers",
                                          party.peersFile().string(),
                                          "--name",
                                          "state",
                                          "--url",
                                          stateUrl,
                                          "--cert",
                                          certificateFile};
    const auto cli = runVanthu(add);
    INFO(cli.err);
    REQUIRE(cli.exitCode == 0);
    CHECK(cli.out.find("đã thêm máy chủ trao đổi: state") == 0);
    const auto again = admin.get("/api/exchange/peers");
    REQUIRE(again.object()->getArray("peers")->size() == 1);
    const auto registered = issuePartyLetter(party, subject + " (lần hai)");
    deliverWithin(party, 1);
    deliverWithin(state, 1);
    CHECK(districtRecord(party, registered).statusCode == "01");
}

TEST_CASE("vanthu admin peers: list, add, edit and remove in the peers file, audited, with bad "
          "input refused in one line",
          "[exchange][peers][cli]") {
    ExchangeNode party{"party", docmgmt::DemoProfile::Party, freePort()};
    const auto data = party.dataDir().string();
    const auto file = (party.dataDir() / "exchange" / "peers.json").string();
    const auto certificate = (party.dataDir() / "pki" / "exchange-certificates.pem").string();
    const auto badFile = (party.dataDir() / "bad.pem").string();
    writeFile(badFile, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    const auto peers = [&](std::vector<std::string> args) {
        std::vector<std::string> all = {"admin", "peers"};
        all.insert(all.end(), args.begin(), args.end());
        all.insert(all.end(), {"--data", data, "--peers", file});
        return runVanthu(all);
    };

    // No file yet: --self makes it.
    const auto noSelf = peers(
        {"add", "--name", "state", "--url", "https://vanthu.example.vn", "--cert", certificate});
    CHECK(noSelf.exitCode == 2);
    CHECK(noSelf.err.find("--self") != std::string::npos);
    const auto made = peers({"add", "--self", "party", "--name", "state", "--url",
                             "https://vanthu.example.vn/", "--cert", certificate});
    INFO(made.err);
    REQUIRE(made.exitCode == 0);
    const auto directory = http::PeerDirectory::load(file);
    CHECK(directory->self() == "party");
    REQUIRE(directory->find("state"));
    CHECK(directory->find("state")->baseUrl == "https://vanthu.example.vn");
    CHECK(directory->certificates(*directory->find("state"))->size() >= 1);

    const auto listed = peers({"list"});
    CHECK(listed.exitCode == 0);
    CHECK(listed.out.find("máy chủ này: party\nstate\thttps://vanthu.example.vn\t") == 0);

    const auto badCert =
        peers({"add", "--name", "tinh", "--url", "https://a.example.vn", "--cert", badFile});
    CHECK(badCert.exitCode == 2);
    CHECK(std::count(badCert.err.begin(), badCert.err.end(), '\n') == 1);
    CHECK(badCert.err.find("X.509") != std::string::npos);
    const auto badUrl = peers({"edit", "--name", "state", "--url", "file:///etc/passwd"});
    CHECK(badUrl.exitCode == 2);
    CHECK(peers({"add", "--name", "state", "--url", "https://a.example.vn", "--cert", certificate})
              .exitCode == 1);

    const auto edited = peers({"edit", "--name", "state", "--url", "http://127.0.0.1:9"});
    INFO(edited.err);
    CHECK(edited.exitCode == 0);
    const auto changed = http::PeerDirectory::load(file)->find("state");
    CHECK(changed->baseUrl == "http://127.0.0.1:9");
    CHECK(changed->version == 2);
    // Who changed it: the login running the command, as the audit trail names it.
    CHECK(changed->changedBy == docmgmt::Administration::commandLineActor().user.username);
    CHECK(changed->changedBy.rfind("cli:", 0) == 0);
    CHECK_FALSE(changed->changedAt.empty());
    CHECK(peers({"remove", "--name", "state"}).exitCode == 0);
    CHECK(peers({"remove", "--name", "state"}).exitCode == 1);
    CHECK(http::PeerDirectory::load(file)->peers().empty());

    std::vector<std::string> actions;
    for (const auto& record : party.backend().storage().auditFor("exchange-peer/state")) {
        CHECK(record.username.rfind("cli:", 0) == 0);
        actions.push_back(record.action);
    }
    CHECK(actions == std::vector<std::string>{"exchange-peer-add", "exchange-peer-change",
                                              "exchange-peer-remove"});
}

TEST_CASE("exchange peers: four threads read the peers while a peer is added, changed and "
          "removed 40 times, and each sees a whole list",
          "[exchange][peers]") {
    TempDir dir;
    const auto file = dir / "peers.json";
    http::PeerDirectory::create(file, "party");
    const auto directory = http::PeerDirectory::load(file);
    signing::DemoPkiOptions options;
    options.ecdsa = true;
    const signing::DemoPki pki(options);
    const auto key =
        signing::Pkcs12Key::fromBytes(pki.pkcs12(pki.seal(), "seal"), options.password);
    const auto pem = signing::toPem(key->certificate());

    std::atomic<bool> stop{false};
    std::atomic<int> reads{0}, wrong{0}, signers{0};
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i) {
        readers.emplace_back([&] {
            while (!stop) {
                const auto peers = directory->peers();
                const auto found = directory->find("state");
                if (peers.size() > 1 || (!peers.empty() && peers.front().name != "state") ||
                    (found && found->baseUrl.rfind("https://", 0) != 0)) {
                    ++wrong;
                }
                for (const auto& peer : peers) {
                    signers += static_cast<int>(directory->certificates(peer)->size());
                }
                ++reads;
            }
        });
    }
    for (int round = 0; round < 40; ++round) {
        http::PeerInput input{"state", "https://vanthu-state.example.vn", pem, std::nullopt, {},
                              {}};
        directory->add(input);
        input.url = "https://vanthu-state-" + std::to_string(round) + ".example.vn";
        directory->change(input);
        directory->remove("state");
    }
    stop = true;
    for (auto& reader : readers) {
        reader.join();
    }
    CHECK(wrong == 0);
    CHECK(reads > 0);
    CHECK(directory->peers().empty());
    CHECK(http::PeerDirectory::load(file)->peers().empty());
    CHECK(std::filesystem::is_empty(dir / "peers")); // nothing left behind
}

TEST_CASE("exchange peers: the peers file is made 0600 whatever the umask, a rewrite keeps its "
          "mode, and a symbolic link to it stays a link",
          "[exchange][peers]") {
    TempDir dir;
    signing::DemoPkiOptions options;
    const signing::DemoPki pki(options);
    const auto key =
        signing::Pkcs12Key::fromBytes(pki.pkcs12(pki.seal(), "seal"), options.password);
    const auto pem = signing::toPem(key->certificate());
    const auto modeOf = [](const std::filesystem::path& file) {
        struct stat status {};
        REQUIRE(::stat(file.c_str(), &status) == 0);
        return status.st_mode & 07777;
    };
    const mode_t umaskBefore = ::umask(0022); // a umask that would make it 0644
    const auto file = dir / "peers.json";
    http::PeerDirectory::create(file, "party");
    ::umask(umaskBefore);
    CHECK(modeOf(file) == 0600);
    {
        const auto directory = http::PeerDirectory::load(file);
        directory->add({"state", "https://vanthu-state.example.vn", pem, std::nullopt, {}, {}});
        CHECK(modeOf(file) == 0600);
        // The administrator chose another mode: kept by the next rewrite.
        std::filesystem::permissions(file, static_cast<std::filesystem::perms>(0640));
        directory->change(
            {"state", "https://vanthu-state-2.example.vn", std::nullopt, std::nullopt, {}, {}});
        CHECK(modeOf(file) == 0640);
        CHECK(readAll(file).find("vanthu-state-2.example.vn") != std::string::npos);
    }

    // The server is given a link (e.g. /etc/vanthu/peers.json → the data folder's file): the
    // file it leads to is rewritten in place, with its mode, and the link stays.
    std::filesystem::create_directories(dir / "real");
    const auto real = dir / "real" / "peers.json";
    http::PeerDirectory::create(real, "party");
    std::filesystem::permissions(real, static_cast<std::filesystem::perms>(0640));
    const auto link = dir / "link.json";
    std::filesystem::create_symlink(real, link);
    {
        const auto directory = http::PeerDirectory::load(link);
        directory->add({"state", "https://vanthu-state.example.vn", pem, std::nullopt, {}, {}});
        directory->change(
            {"state", "https://vanthu-state-3.example.vn", std::nullopt, std::nullopt, {}, {}});
    }
    CHECK(std::filesystem::is_symlink(link));
    CHECK(std::filesystem::read_symlink(link) == real);
    CHECK(modeOf(real) == 0640);
    CHECK(readAll(real).find("vanthu-state-3.example.vn") != std::string::npos);
    CHECK(http::PeerDirectory::load(link)->find("state")->baseUrl ==
          "https://vanthu-state-3.example.vn");
    // Nothing but the two files and the certificates is left in either folder.
    for (const auto& entry : std::filesystem::directory_iterator(dir / "real")) {
        CHECK(entry.path().filename().string().rfind(".peers.json.tmp", 0) != 0);
    }

    // A link that leads nowhere is refused with a sentence; nothing is made at its target.
    const auto dangling = dir / "dangling.json";
    std::filesystem::create_symlink(dir / "nowhere" / "peers.json", dangling);
    CHECK_THROWS_WITH(http::PeerDirectory::create(dangling, "party"),
                      Catch::Contains("symbolic link to a file that does not exist"));
    CHECK_FALSE(std::filesystem::exists(dir / "nowhere"));
}
