#include "ExchangeNode.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/Net/ServerSocket.h>

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "http/ExchangeCertificates.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::test {

unsigned short freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

ExchangeNode::ExchangeNode(const std::string& name, docmgmt::DemoProfile profile,
                           unsigned short port)
    : name_(name), port_(port) {
    backend_ =
        std::make_unique<http::DocmgmtBackend>(dir_.path(), testInstallation(freshTestDatabase()));
    docmgmt::DemoDataOptions options;
    options.profile = profile;
    options.ecdsa = true;
    for (const auto& account : backend_->createDemoData(options).accounts) {
        passwords_[account.username] = account.password;
    }
    http::writeExchangeCertificates(backend_->storage(), "vanthu",
                                    dir_.path() / "pki" / "exchange-certificates.pem");
}

ExchangeNode::~ExchangeNode() {
    stop();
}

void ExchangeNode::start(const ExchangeNode& other, const std::string& axisSection) {
    axis_.reset();
    const auto file = dir_.path() / "peers.json";
    writeFile(file, "{\"self\": \"" + name_ + "\", \"peers\": [{\"name\": \"" + other.name() +
                        "\", \"url\": \"http://127.0.0.1:" + std::to_string(other.port()) +
                        "\", \"certificate\": \"" +
                        (other.dataDir() / "pki" / "exchange-certificates.pem").string() +
                        "\", \"trustAnchors\": \"" + (other.dataDir() / "pki" / "ca.pem").string() +
                        "\"}]" + (axisSection.empty() ? "" : ", \"axis\": " + axisSection) + "}");
    launch(file);
}

void ExchangeNode::startWithoutPeers() {
    axis_.reset();
    const auto file = dir_.path() / "peers.json";
    writeFile(file, "{\"self\": \"" + name_ + "\", \"peers\": []}");
    launch(file);
}

void ExchangeNode::launch(const std::filesystem::path& file) {
    peers_ = http::PeerDirectory::load(file);
    http::ServerConfig config;
    config.port = port_;
    config.maxThreads = 4;
    config.loginMaxFailures = 1000;
    inbox_ = std::make_unique<http::ExchangeInbox>(*peers_, backend_->storage(), backend_->blobs(),
                                                   backend_->trustAnchors(), config.maxBodyBytes);
    config.exchangeInbox = inbox_.get();
    config.exchangePeers = peers_.get();
    http::OutboxSettings settings;
    settings.firstRetry = std::chrono::seconds(1);
    settings.maxRetry = std::chrono::seconds(1);
    settings.timeout = std::chrono::seconds(10);
    settings.keys = backend_->keys(); // as `vanthu serve`: imported seals, checked before use
    worker_ = std::make_unique<http::OutboxWorker>(*peers_, backend_->storage(), backend_->blobs(),
                                                   settings);
    if (const auto* route = peers_->axis()) {
        axis_ = std::make_unique<http::AxisLink>(*route, *inbox_, backend_->storage(),
                                                 backend_->blobs(), std::chrono::seconds(1));
        worker_->routeThroughAxis(axis_.get());
        config.axis = axis_.get();
    }
    server_ = std::make_unique<http::Server>(config, *backend_);
}

void ExchangeNode::stop() {
    if (server_) {
        server_->stop(std::chrono::seconds(1));
        server_.reset();
    }
}

docmgmt::IncomingFlow& ExchangeNode::incoming() {
    if (!incoming_) {
        audit_ = std::make_unique<docmgmt::AuditTrail>(backend_->storage());
        docmgmt::IncomingSettings settings;
        settings.verification.sandboxed = false;
        incoming_ = std::make_unique<docmgmt::IncomingFlow>(backend_->storage(), backend_->blobs(),
                                                            *audit_, *backend_->flow(), settings);
    }
    return *incoming_;
}

ApiClient ExchangeNode::as(const std::string& username) const {
    ApiClient client(port_);
    client.signIn(username, passwords_.at(username));
    return client;
}

docmgmt::Actor ExchangeNode::actor(const std::string& username) {
    for (const auto& user : backend_->users(std::nullopt)) {
        if (user.username == username) {
            return docmgmt::Actor{user, "127.0.0.1"};
        }
    }
    throw std::runtime_error("no user " + username);
}

docmgmt::Office ExchangeNode::office(const std::string& code) {
    for (const auto& office : backend_->offices()) {
        if (office.code == code) {
            return office;
        }
    }
    throw std::runtime_error("no office " + code);
}

std::vector<docmgmt::IncomingDocument> ExchangeNode::incomingOf(const std::string& code) {
    return backend_->storage().incomingDocuments(office(code).id);
}

namespace {

std::filesystem::path secretFile(const TempDir& dir, const std::string& name,
                                 const std::string& secret) {
    const auto file = dir / name;
    writeFile(file, secret + "\n");
    ::chmod(file.c_str(), 0600);
    return file;
}

std::string axisSection(const MockAxis& axis, const std::string& systemId,
                        const std::filesystem::path& secret, const std::string& offices) {
    return "{\"endpoint\": \"" + axis.url() + "\", \"systemId\": \"" + systemId +
           "\", \"secretFile\": \"" + secret.string() +
           "\", \"pollSeconds\": 1, \"directoryHours\": 0, \"offices\": [" + offices + "]}";
}

} // namespace

TwoServers::TwoServers() {
    state.start(party);
    party.start(state);
}

AxisServers::AxisServers()
    : axis({{kPartySystem, "bi-mat-dang", {{kProvince, "Tỉnh ủy Bắc Giang"}}},
            {kStateSystem,
             "bi-mat-chinh-quyen",
             {{kDistrict, "UBND huyện Văn Quan"}, {kCommune, "UBND xã Nghi Dương"}}},
            {kGovernmentSystem, kGovernmentSecret, {{kGovernmentOffice, "Văn phòng Chính phủ"}}}}) {
    state.start(party,
                axisSection(axis, kStateSystem, secretFile(secrets, "state", "bi-mat-chinh-quyen"),
                            "\"" + std::string(kProvince) + "\""));
    startParty("bi-mat-dang");
}

void AxisServers::startParty(const std::string& secret) {
    party.stop();
    party.start(state, axisSection(axis, kPartySystem, secretFile(secrets, "party", secret),
                                   "\"" + std::string(kDistrict) + "\", \"" + kCommune + "\""));
}

void expectOk(const ApiResponse& response) {
    INFO(response.body);
    REQUIRE((response.status == 200 || response.status == 201));
}

std::string partyLetterJson(http::Id signerId, const std::string& subject,
                            const std::vector<std::string>& recipientOffices) {
    Poco::JSON::Object draft;
    draft.set("typeCode", "CV");
    draft.set("subject", subject);
    Poco::JSON::Array recipients;
    recipients.add("Ủy ban nhân dân huyện Văn Quan,");
    draft.set("recipients", recipients);
    draft.set("body", "Ban Thường vụ Tỉnh ủy đề nghị Ủy ban nhân dân huyện báo cáo kết quả xây "
                      "dựng chính quyền thân thiện trước ngày 30 tháng 6.");
    Poco::JSON::Array distribution;
    distribution.add("Như trên,");
    distribution.add("Lưu Văn phòng Tỉnh ủy.");
    draft.set("distribution", distribution);
    draft.set("signerId", signerId);
    draft.set("authority", "T/M");
    draft.set("authorityOf", "BAN THƯỜNG VỤ");
    Poco::JSON::Array offices;
    for (const auto& code : recipientOffices) {
        offices.add(code);
    }
    draft.set("recipientOffices", offices);
    draft.set("dueDate", "2030-06-30");
    return jsonText(draft);
}

http::Id issuePartyLetter(ExchangeNode& party, const std::string& subject,
                          const std::vector<std::string>& offices) {
    auto author = party.as("chuyenvien.bg");
    auto leader = party.as("phobithu.bg");
    const auto created = author.post(
        "/api/documents", partyLetterJson(party.actor("phobithu.bg").user.id, subject, offices));
    expectOk(created);
    const auto id = created.object()->getValue<http::Id>("id");
    const auto base = "/api/documents/" + std::to_string(id);
    expectOk(author.post(base + "/submit"));
    expectOk(leader.post(base + "/approve"));
    expectOk(leader.post(base + "/sign"));
    expectOk(party.as("vanthu.bg").post(base + "/issue"));
    return id;
}

std::vector<docmgmt::IncomingDocument> districtCopies(ExchangeNode& state,
                                                      const std::string& subject) {
    std::vector<docmgmt::IncomingDocument> found;
    for (auto& doc : state.incomingOf(kDistrict)) {
        if (doc.subject == subject) {
            found.push_back(doc);
        }
    }
    return found;
}

docmgmt::DispatchRecord districtRecord(ExchangeNode& party, http::Id documentId) {
    for (const auto& record :
         party.backend().flow()->recipients(party.actor("vanthu.bg"), documentId)) {
        if (record.recipientCode == kDistrict) {
            return record;
        }
    }
    FAIL("the district is not a recipient");
    return {};
}

} // namespace vanthu::test
