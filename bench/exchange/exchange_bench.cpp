// bench_exchange: edXML packages per second built and signed, parsed and verified (a one-page
// seed letter, rendered and sealed), and the time from issue on a Party server to registered on
// a State server (two servers in this process on loopback, the real endpoint and outbox
// code). Medians over repeated runs. Usage: bench_exchange [--runs N] [--packages N]
// [--letters N] [--rsa]
#include <Poco/Net/ServerSocket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "http/DocmgmtBackend.hpp"
#include "http/ExchangeCertificates.hpp"
#include "http/ExchangeInbox.hpp"
#include "http/OutboxWorker.hpp"
#include "http/PeerDirectory.hpp"
#include "http/Server.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"
#include "vanthu/exchange/PackageReader.hpp"
#include "vanthu/exchange/PackageWriter.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

using namespace vanthu;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double seconds(Clock::time_point from) {
    return std::chrono::duration<double>(Clock::now() - from).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// The seed letter party-commune-cv-753 cut to its first paragraph: one page.
std::string onePageLetter(const signing::Pkcs12Key& seal) {
    auto json = readFile(fs::path(VANTHU_SOURCE_DIR) / "samples" / "party-commune-cv-753.json");
    const auto body = json.find("\"body\": \"");
    const auto cut = json.find("\\n\\n", body);
    const auto end = json.find("\",\n", body);
    if (body != std::string::npos && cut != std::string::npos && cut < end) {
        json.erase(cut, end - cut);
    }
    const auto rendered = templates::PdfRenderer().render(templates::parseDocumentJson(json));
    if (rendered.pageCount != 1) {
        std::cerr << "bench_exchange: the letter has " << rendered.pageCount << " pages\n";
    }
    signing::SignOptions options;
    options.role = signing::SignatureRole::Seal;
    options.lockDocument = true;
    return signing::PadesSigner(options).sign(rendered.bytes, seal);
}

exchange::EdxmlPackage letterPackage(const std::string& pdf) {
    exchange::EdxmlPackage p;
    p.from.organId = "000.00.12.H35";
    p.from.organName = "ĐẢNG ỦY XÃ BÌNH LƯ";
    exchange::Organ to;
    to.organId = "000.00.01.H35";
    to.organName = "HUYỆN ỦY TAM ĐƯỜNG";
    p.to = {to};
    p.code = {"753", "CV/ĐU"};
    p.promulgationInfo = {"Bình Lư", "2024/02/07"};
    p.documentType = {1, "", "Công văn"};
    p.subject = "V/v tăng cường công tác phòng, chống cháy rừng";
    p.signerInfo = {"T/M ĐẢNG ỦY", "BÍ THƯ", "Lò Văn Pằn"};
    p.documentId = "bench:1";
    p.traceHeaders = {{"000.00.12.H35", "2024/02/07 09:30:00"}};
    p.attachments = {{"document.pdf", "753-CV-DU.pdf", "application/pdf", "", pdf}};
    return p;
}

/// Packages per second of f over `count` calls, median of `runs`.
template <typename F> double perSecond(int runs, int count, F f) {
    std::vector<double> rates;
    for (int r = 0; r < runs; ++r) {
        const auto start = Clock::now();
        for (int i = 0; i < count; ++i) {
            f();
        }
        rates.push_back(count / seconds(start));
    }
    return median(rates);
}

unsigned short freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

/// One demo server with its exchange parts (as `vanthu serve --demo --demo-profile --peers`).
struct Node {
    std::string name;
    unsigned short port;
    fs::path dir;
    std::unique_ptr<http::DocmgmtBackend> backend;
    std::unique_ptr<http::PeerDirectory> peers;
    std::unique_ptr<http::ExchangeInbox> inbox;
    std::unique_ptr<http::OutboxWorker> outbox;
    std::unique_ptr<http::Server> server;
    std::unique_ptr<docmgmt::AuditTrail> audit;
    std::unique_ptr<docmgmt::IncomingFlow> incoming;

    Node(std::string n, docmgmt::DemoProfile profile, bool ecdsa, const fs::path& root)
        : name(std::move(n)), port(freePort()), dir(root / name) {
        fs::create_directories(dir);
        backend = std::make_unique<http::DocmgmtBackend>(dir);
        docmgmt::DemoDataOptions demo;
        demo.profile = profile;
        demo.ecdsa = ecdsa;
        backend->createDemoData(demo);
        http::writeExchangeCertificates(backend->storage(), "vanthu",
                                        dir / "pki" / "exchange-certificates.pem");
    }
    void start(const Node& other) {
        std::ofstream(dir / "peers.json")
            << "{\"self\": \"" << name << "\", \"peers\": [{\"name\": \"" << other.name
            << "\", \"url\": \"http://127.0.0.1:" << other.port << "\", \"certificate\": \""
            << (other.dir / "pki" / "exchange-certificates.pem").string()
            << "\", \"trustAnchors\": \"" << (other.dir / "pki" / "ca.pem").string() << "\"}]}";
        peers = http::PeerDirectory::load(dir / "peers.json");
        http::ServerConfig config;
        config.port = port;
        inbox = std::make_unique<http::ExchangeInbox>(*peers, backend->storage(), backend->blobs(),
                                                      backend->trustAnchors(), config.maxBodyBytes);
        config.exchangeInbox = inbox.get();
        config.exchangePeers = peers.get();
        outbox = std::make_unique<http::OutboxWorker>(*peers, backend->storage(), backend->blobs(),
                                                      http::OutboxSettings{});
        server = std::make_unique<http::Server>(config, *backend);
        audit = std::make_unique<docmgmt::AuditTrail>(backend->storage());
        incoming =
            std::make_unique<docmgmt::IncomingFlow>(backend->storage(), backend->blobs(), *audit,
                                                    *backend->flow(), docmgmt::IncomingSettings{});
    }
    docmgmt::Actor actor(const std::string& username) {
        for (const auto& user : backend->users(std::nullopt)) {
            if (user.username == username) {
                return {user, "127.0.0.1"};
            }
        }
        throw std::runtime_error("no user " + username);
    }
};

struct EndToEnd {
    double issue = 0, delivery = 0, registration = 0, total = 0;
};

/// A letter of Tỉnh ủy Bắc Giang to UBND huyện Văn Quan: issued on party, delivered, registered
/// on state.
EndToEnd oneLetter(Node& party, Node& state, int index) {
    auto& flow = *party.backend->flow();
    docmgmt::DraftInput draft;
    draft.typeCode = "CV";
    draft.subject = "báo cáo kết quả, lần " + std::to_string(index);
    draft.recipients = {"Ủy ban nhân dân huyện Văn Quan,"};
    draft.body = "Ban Thường vụ Tỉnh ủy đề nghị Ủy ban nhân dân huyện báo cáo kết quả.";
    draft.distribution = {"Như trên,", "Lưu Văn phòng Tỉnh ủy."};
    draft.signerId = party.actor("phobithu.bg").user.id;
    draft.authority = "T/M";
    draft.authorityOf = "BAN THƯỜNG VỤ";
    draft.recipientOffices = {"DEMO.UB.VQ"};
    const auto author = party.actor("chuyenvien.bg");
    const auto leader = party.actor("phobithu.bg");
    auto doc = flow.createDraft(author, draft);
    flow.submit(author, doc.id);
    flow.approve(leader, doc.id);
    flow.sign(leader, doc.id);
    EndToEnd t;
    const auto start = Clock::now();
    flow.issue(party.actor("vanthu.bg"), doc.id);
    t.issue = seconds(start);
    const auto delivering = Clock::now();
    if (party.outbox->deliverDue() != 1) {
        throw std::runtime_error("the package was not delivered");
    }
    t.delivery = seconds(delivering);
    const auto registering = Clock::now();
    const auto clerk = state.actor("vanthu.vq");
    docmgmt::IncomingFilter filter;
    filter.state = docmgmt::IncomingState::Arrived;
    for (const auto& arrived : state.incoming->list(clerk, filter)) {
        if (arrived.subject == draft.subject) {
            state.incoming->registerArrival(clerk, arrived.id);
        }
    }
    t.registration = seconds(registering);
    t.total = seconds(start);
    state.outbox->deliverDue(); // statuses back, outside the measured time
    return t;
}

} // namespace

int main(int argc, char** argv) {
    int runs = 5, packages = 40, letters = 7;
    bool rsa = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            runs = std::stoi(argv[++i]);
        } else if (arg == "--packages" && i + 1 < argc) {
            packages = std::stoi(argv[++i]);
        } else if (arg == "--letters" && i + 1 < argc) {
            letters = std::stoi(argv[++i]);
        } else if (arg == "--rsa") {
            rsa = true;
        } else {
            std::cerr << "usage: bench_exchange [--runs N] [--packages N] [--letters N] [--rsa]\n";
            return 2;
        }
    }
    templates::tuneAllocatorForPdf();
    // RSA 2048 seal, as the office keys are in production.
    const signing::DemoPki pki;
    const auto seal =
        signing::Pkcs12Key::fromBytes(pki.pkcs12(pki.seal(), "seal"), pki.options().password);
    const auto pdf = onePageLetter(*seal);
    const auto package = letterPackage(pdf);
    const auto xml = exchange::writePackage(package, seal.get());
    std::printf("package: %zu bytes (PDF %zu bytes, one page, sealed)\n", xml.size(), pdf.size());
    exchange::ParsedPackage::parse(xml); // the schema is compiled once, outside the figures
    const double built =
        perSecond(runs, packages, [&] { exchange::writePackage(package, seal.get()); });
    const double read = perSecond(runs, packages, [&] {
        exchange::ParsedPackage::parse(xml).verifySignature({seal->certificate()});
    });
    const double parsedOnly =
        perSecond(runs, packages, [&] { exchange::ParsedPackage::parse(xml); });
    std::printf("built+signed (RSA-2048): %.1f packages/s (median of %d runs of %d)\n", built, runs,
                packages);
    std::printf("parsed+validated+verified: %.1f packages/s\n", read);
    std::printf("parsed+validated only: %.1f packages/s\n", parsedOnly);

    const auto root =
        fs::temp_directory_path() / ("vanthu-bench-exchange-" + std::to_string(getpid()));
    {
        const auto setup = Clock::now();
        Node party("party", docmgmt::DemoProfile::Party, !rsa, root);
        Node state("state", docmgmt::DemoProfile::State, !rsa, root);
        state.start(party);
        party.start(state);
        std::printf("two demo servers (%s keys) ready in %.1f s\n",
                    rsa ? "RSA-2048" : "ECDSA P-256", seconds(setup));
        std::vector<double> issue, delivery, registration, total;
        oneLetter(party, state, 0); // warm-up
        for (int i = 1; i <= letters; ++i) {
            const auto t = oneLetter(party, state, i);
            issue.push_back(t.issue * 1000);
            delivery.push_back(t.delivery * 1000);
            registration.push_back(t.registration * 1000);
            total.push_back(t.total * 1000);
        }
        std::printf("issue → registered on the other server: %.0f ms median of %d letters "
                    "(issue %.0f ms, delivery %.0f ms, registration %.0f ms)\n",
                    median(total), letters, median(issue), median(delivery), median(registration));
        party.server->stop(std::chrono::seconds(1));
        state.server->stop(std::chrono::seconds(1));
    }
    fs::remove_all(root);
    return 0;
}
