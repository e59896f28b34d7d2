// vanthu admin seal import|show ..., vanthu admin leader-cert add|remove|show ... and vanthu
// admin trust add|remove|list ... --data DIR: the keys and the trust list of an installation
// (docmgmt::KeyRing, docmgmt::TrustList; docs/deployment.md). Every change is audited (user
// "cli:<login>", address "local"). Passwords and PINs are read from files (their first line),
// never from the command line. Exit codes as `vanthu admin`: 0 done, 1 the records refuse, 2 bad
// usage or a bad value (a certificate that may not sign: expired, without digitalSignature).
// vanthu admin secret-key replace --data DIR --confirm: a new DIR/pki/secret.key for an
// installation whose key is lost (docmgmt::Installation::replaceSecretKey; docs/deployment.md).
// vanthu admin peers list|add|edit|remove --data DIR --peers FILE: the exchange peers, kept in
// the peers file of `vanthu serve --peers` (http::PeerDirectory; docs/exchange.md); a running
// server sees the change at its next package.
#ifdef VANTHU_HAVE_DOCMGMT
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/AdminSupport.hpp"
#include "cli/Command.hpp"
#include "cli/SigningArguments.hpp"
#include "http/AxisAgencies.hpp"
#include "http/PeerDirectory.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/KeyRing.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/TrustList.hpp"
#include "vanthu/exchange/AxisClient.hpp"
#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kHelp = "vanthu admin không đối số cho xem cách dùng";
constexpr std::size_t kMaxFileBytes = 16u << 20;

/// The options of one command and the installation they name.
struct KeySession {
    KeySession(const Arguments& args, std::vector<std::string> values,
               const std::vector<std::string>& flags = {})
        : parsed(args, (values.push_back("--data"), values), flags),
          installation((require("--data"), parsed.get("--data"))),
          administration(installation.storage(), installation.audit()),
          actor(docmgmt::Administration::commandLineActor()) {
        if (!parsed.positional().empty()) {
            throw UsageError("thừa \"" + parsed.positional().front() + "\" (" + kHelp + ")");
        }
    }
    std::string require(const std::string& option) const {
        if (!parsed.has(option)) {
            throw UsageError("thiếu " + option + " (" + kHelp + ")");
        }
        return parsed.get(option);
    }
    SigningArguments parsed;
    docmgmt::Installation installation;
    docmgmt::Administration administration;
    docmgmt::Actor actor;
};

/// A file's bytes (at most 16 MiB), or a UsageError naming it.
std::string readInput(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UsageError("không đọc được tệp " + path);
    }
    std::string bytes;
    bytes.resize(kMaxFileBytes + 1);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxFileBytes) {
        throw UsageError("tệp " + path + " lớn quá 16 MiB");
    }
    return bytes;
}

/// A password or PIN file's first line (without its line end).
std::string readSecretFile(const std::string& path) {
    std::string text = readInput(path);
    const auto end = text.find_first_of("\r\n");
    text = end == std::string::npos ? text : text.substr(0, end);
    if (text.empty()) {
        throw UsageError("tệp " + path + " không có mật khẩu ở dòng đầu");
    }
    return text;
}

void printSeal(const docmgmt::Office& office, const docmgmt::KeyRecord& seal) {
    const auto certificates = signing::certificatesFromPem(seal.certificatePem);
    X509* certificate = certificates.front().get();
    std::cout << office.code << "\t" << seal.kind << "\t"
              << (seal.kind == "pkcs11" ? seal.location + " " + seal.token + " " + seal.label
                                        : seal.location)
              << "\t" << signing::commonName(certificate) << "\thết hạn "
              << signing::vietnameseDate(X509_get0_notAfter(certificate)) << "\n";
}

void printEntry(const docmgmt::TrustEntry& entry) {
    std::cout << entry.kind << "\t" << entry.id << "\t" << entry.subject;
    if (!entry.validUntil.empty()) {
        std::cout << "\t" << (entry.kind == "crl" ? "cập nhật trước " : "hết hạn ")
                  << entry.validUntil;
    }
    if (entry.kind == "ca") {
        std::cout << "\t" << (entry.selfSigned ? "gốc" : "trung gian");
    }
    std::cout << "\n";
}

} // namespace

int sealCommand(const std::string& action, const Arguments& args) {
    if (action == "import") {
        KeySession s(args, {"--office", "--p12", "--password-file", "--pkcs11-module", "--token",
                            "--label", "--pin-file"});
        const auto office = s.administration.officeByCode(s.require("--office"));
        auto& keys = s.installation.keys();
        docmgmt::KeyRecord seal;
        if (s.parsed.has("--p12") == s.parsed.has("--pkcs11-module")) {
            throw UsageError("cần đúng một trong --p12 FILE hoặc --pkcs11-module MODULE (" +
                             std::string(kHelp) + ")");
        }
        if (s.parsed.has("--p12")) {
            const auto password = readSecretFile(s.require("--password-file"));
            seal =
                keys.importSealPkcs12(s.actor, office, readInput(s.parsed.get("--p12")), password);
        } else {
            const auto pin = readSecretFile(s.require("--pin-file"));
            seal = keys.useSealToken(s.actor, office, s.parsed.get("--pkcs11-module"),
                                     s.require("--token"), s.require("--label"), pin);
        }
        std::cout << "đã nhập con dấu của " << office.code << " " << office.name << ": ";
        printSeal(office, seal);
        return 0;
    }
    if (action == "show") {
        KeySession s(args, {"--office"});
        const auto office = s.administration.officeByCode(s.require("--office"));
        const auto seal = s.installation.keys().sealOf(office.id);
        if (!seal) {
            std::cout << office.code << "\tchưa nhập con dấu"
                      << (office.sealKey.empty() ? "" : " (tệp đặt tay: " + office.sealKey + ")")
                      << "\n";
            return 0;
        }
        printSeal(office, *seal);
        return 0;
    }
    throw UsageError("vanthu admin seal import|show (" + std::string(kHelp) + ")");
}

int secretKeyCommand(const std::string& action, const Arguments& args) {
    const std::string usage =
        "vanthu admin secret-key replace --data DIR --confirm (" + std::string(kHelp) + ")";
    if (action != "replace") {
        throw UsageError(usage);
    }
    SigningArguments parsed(args, {"--data"}, {"--confirm"});
    if (!parsed.has("--data") || !parsed.positional().empty()) {
        throw UsageError(usage);
    }
    if (!parsed.has("--confirm")) {
        throw UsageError("thay khóa niêm phong làm mất mọi mật khẩu con dấu, mã PIN, mật khẩu "
                         "máy chủ cấp dấu thời gian và SMTP đã lưu; chỉ làm khi không còn bản nào "
                         "của pki/secret.key cũ, và thêm --confirm");
    }
    auto options = docmgmt::InstallationOptions();
    options.checkSecretKey = false; // the key is what is lost
    docmgmt::Installation installation(parsed.get("--data"), options);
    const auto replaced =
        installation.replaceSecretKey(docmgmt::Administration::commandLineActor());
    std::cout << "đã tạo khóa niêm phong mới "
              << (docmgmt::Installation::pkiFolderIn(parsed.get("--data")) / "secret.key").string()
              << "\n";
    if (!replaced.oldKeyKept.empty()) {
        std::cout << "tệp khóa cũ giữ lại ở " << replaced.oldKeyKept.string() << "\n";
    }
    for (const auto& owner : replaced.sealsRemoved) {
        std::cout << "con dấu đã gỡ, cần nhập lại (vanthu admin seal import): " << owner << "\n";
    }
    for (const auto id : replaced.tsaPasswordsRemoved) {
        std::cout << "mật khẩu máy chủ cấp dấu thời gian đã gỡ, cần nhập lại: office/" << id
                  << "\n";
    }
    if (replaced.smtpPasswordRemoved) {
        std::cout << "tên đăng nhập và mật khẩu SMTP đã gỡ, cần nhập lại (trang #/smtp)\n";
    }
    std::cout << "máy chủ khác dùng chung cơ sở dữ liệu cần bản sao của khóa mới\n";
    return 0;
}

int leaderCertCommand(const std::string& action, const Arguments& args) {
    if (action == "add") {
        KeySession s(args, {"--user", "--cert"});
        const auto user = s.administration.userByName(s.require("--user"));
        const auto record = s.installation.keys().registerLeaderCertificate(
            s.actor, user, readInput(s.require("--cert")));
        const auto certificates = signing::certificatesFromPem(record.certificatePem);
        std::cout << "đã đăng ký chứng thư " << signing::commonName(certificates.front().get())
                  << " cho " << user.username << "\n";
        return 0;
    }
    if (action == "remove") {
        KeySession s(args, {"--user"});
        const auto user = s.administration.userByName(s.require("--user"));
        s.installation.keys().removeLeaderCertificate(s.actor, user);
        std::cout << "đã bỏ chứng thư đã đăng ký của " << user.username << "\n";
        return 0;
    }
    if (action == "show") {
        KeySession s(args, {"--user"});
        const auto user = s.administration.userByName(s.require("--user"));
        const auto record = s.installation.keys().leaderCertificateOf(user.id);
        if (!record) {
            std::cout << user.username << "\tchưa đăng ký chứng thư\n";
            return 0;
        }
        const auto certificates = signing::certificatesFromPem(record->certificatePem);
        std::cout << user.username << "\t" << signing::commonName(certificates.front().get())
                  << "\thết hạn "
                  << signing::vietnameseDate(X509_get0_notAfter(certificates.front().get()))
                  << "\n";
        return 0;
    }
    throw UsageError("vanthu admin leader-cert add|remove|show (" + std::string(kHelp) + ")");
}

int trustCommand(const std::string& action, const Arguments& args) {
    if (action == "add" || action == "remove") {
        KeySession s(args, {"--cert", "--crl", "--ocsp"});
        const int given = (s.parsed.has("--cert") ? 1 : 0) + (s.parsed.has("--crl") ? 1 : 0) +
                          (s.parsed.has("--ocsp") ? 1 : 0);
        if (given != 1) {
            throw UsageError("cần đúng một trong --cert CA.pem, --crl FILE, --ocsp URL (" +
                             std::string(kHelp) + ")");
        }
        auto& trust = s.installation.trust();
        const bool add = action == "add";
        std::vector<docmgmt::TrustEntry> entries;
        if (s.parsed.has("--cert")) {
            const auto pem = readInput(s.parsed.get("--cert"));
            entries =
                add ? trust.addCertificates(s.actor, pem) : trust.removeCertificates(s.actor, pem);
        } else if (s.parsed.has("--crl")) {
            const auto crl = readInput(s.parsed.get("--crl"));
            entries.push_back(add ? trust.addCrl(s.actor, crl) : trust.removeCrl(s.actor, crl));
        } else {
            const auto url = s.parsed.get("--ocsp");
            entries.push_back(add ? trust.addOcsp(s.actor, url) : trust.removeOcsp(s.actor, url));
        }
        for (const auto& entry : entries) {
            std::cout << (add ? "đã thêm vào danh sách tin cậy: "
                              : "đã bỏ khỏi danh sách tin "
                                "cậy: ");
            printEntry(entry);
        }
        return 0;
    }
    if (action == "list") {
        KeySession s(args, {});
        for (const auto& entry : s.installation.trust().entries()) {
            printEntry(entry);
        }
        return 0;
    }
    throw UsageError("vanthu admin trust add|remove|list (" + std::string(kHelp) + ")");
}

namespace {

/// The peers file of --peers; with --self, made when there is none yet.
std::unique_ptr<http::PeerDirectory> openPeers(const KeySession& s) {
    const std::filesystem::path file = s.require("--peers");
    if (!std::filesystem::exists(file)) {
        if (!s.parsed.has("--self")) {
            throw UsageError("chưa có tệp " + file.string() +
                             ": thêm --self TÊN (tên của máy chủ này với các máy chủ khác) để "
                             "tạo");
        }
        http::PeerDirectory::create(file, s.parsed.get("--self"));
    }
    try {
        return http::PeerDirectory::load(file);
    } catch (const std::runtime_error& e) {
        throw UsageError(e.what());
    }
}

void recordPeerChange(KeySession& s, const std::string& action, const std::string& name,
                      const std::string& detail) {
    s.installation.storage().transaction([&] {
        s.installation.audit().record({std::nullopt, s.actor.user.username, action,
                                       "exchange-peer/" + name, s.actor.address, detail});
    });
}

void printPeer(const http::PeerDirectory& directory, const http::Peer& peer) {
    std::cout << peer.name << "\t" << peer.baseUrl << "\t" << peer.certificateFile.string();
    const auto certificates = directory.certificates(peer);
    if (certificates->empty()) {
        std::cout << "\t(chưa đọc được chứng thư)";
    }
    for (const auto& certificate : *certificates) {
        const auto summary = http::summarise(certificate.get());
        std::cout << "\t" << summary.subject << " (hết hạn " << summary.validUntil << ", SHA-256 "
                  << summary.sha256.substr(0, 16) << "…)";
    }
    if (!peer.trustAnchorsFile.empty()) {
        std::cout << "\tCA chữ ký PDF: " << peer.trustAnchorsFile.string();
    }
    std::cout << "\n";
}

} // namespace

int peersCommand(const std::string& action, const Arguments& args) {
    if (action == "list") {
        KeySession s(args, {"--peers"});
        const auto directory = openPeers(s);
        std::cout << "máy chủ này: " << directory->self() << "\n";
        for (const auto& peer : directory->peers()) {
            printPeer(*directory, peer);
        }
        return 0;
    }
    if (action == "add" || action == "edit") {
        KeySession s(args, {"--peers", "--self", "--name", "--url", "--cert", "--trust-anchors"},
                     {"--no-trust-anchors"});
        const bool adding = action == "add";
        const auto name = s.require("--name");
        if (!adding && s.parsed.has("--self")) {
            throw UsageError("--self chỉ dùng khi thêm (" + std::string(kHelp) + ")");
        }
        if (s.parsed.has("--trust-anchors") && s.parsed.has("--no-trust-anchors")) {
            throw UsageError("--trust-anchors hoặc --no-trust-anchors, không cả hai");
        }
        // The files first: nothing is made when one cannot be read.
        http::PeerInput input;
        input.name = name;
        input.changedBy = s.actor.user.username; // "cli:<login>": who ran the command
        if (adding) {
            input.url = s.require("--url");
        }
        if (adding || s.parsed.has("--cert")) {
            input.certificatePem = readInput(s.require("--cert"));
        }
        if (s.parsed.has("--trust-anchors")) {
            input.trustAnchorsPem = readInput(s.parsed.get("--trust-anchors"));
        } else if (s.parsed.has("--no-trust-anchors")) {
            input.trustAnchorsPem = "";
        }
        const auto directory = openPeers(s);
        if (!adding) {
            const auto current = directory->find(name);
            if (!current) {
                throw docmgmt::NotFound("Không có máy chủ trao đổi tên \"" + name + "\".");
            }
            input.url = s.parsed.get("--url", current->baseUrl);
        }
        const auto peer = adding ? directory->add(input) : directory->change(input);
        recordPeerChange(s, adding ? "exchange-peer-add" : "exchange-peer-change", peer.name,
                         http::auditDetail(peer, *directory->certificates(peer)));
        std::cout << (adding ? "đã thêm máy chủ trao đổi: " : "đã sửa máy chủ trao đổi: ");
        printPeer(*directory, peer);
        return 0;
    }
    if (action == "remove") {
        KeySession s(args, {"--peers", "--name"});
        const auto directory = openPeers(s);
        const auto removed = directory->remove(s.require("--name"));
        recordPeerChange(s, "exchange-peer-remove", removed.name,
                         removed.name + " " + removed.baseUrl);
        std::cout << "đã bỏ máy chủ trao đổi " << removed.name << " " << removed.baseUrl << "\n";
        return 0;
    }
    throw UsageError("vanthu admin peers list|add|edit|remove (" + std::string(kHelp) + ")");
}

namespace {

/// The axis of the peers file's "axis" section, as `vanthu serve` would reach it.
exchange::AxisClient axisClientOf(const KeySession& s) {
    const auto directory = openPeers(s);
    const auto* route = directory->axis();
    if (route == nullptr) {
        throw UsageError("tệp " + s.require("--peers") +
                         " không có mục \"axis\" (trục liên thông)");
    }
    return exchange::AxisClient(route->settings);
}

/// An axis call: its refusal or failure is one line and exit 1.
template <typename Work> auto onAxis(Work work) {
    try {
        return work();
    } catch (const exchange::AxisError& e) {
        throw docmgmt::Conflict(e.what());
    }
}

} // namespace

int axisCommand(const std::string& action, const Arguments& args) {
    if (action == "waiting") {
        KeySession s(args, {"--peers"});
        auto client = axisClientOf(s);
        const auto documents =
            onAxis([&] { return client.countReceived(exchange::AxisMessageType::Document); });
        const auto statuses =
            onAxis([&] { return client.countReceived(exchange::AxisMessageType::Status); });
        std::cout << "văn bản chờ nhận: " << documents << "\ttrạng thái chờ nhận: " << statuses
                  << "\n";
        return 0;
    }
    if (action == "units") {
        KeySession s(args, {"--peers"});
        auto client = axisClientOf(s);
        for (const auto& unit : onAxis([&] { return client.synchronizeUnits(); })) {
            std::cout << unit.agency.code << "\t" << unit.agency.name << "\ttrung tâm "
                      << unit.centerCode << (unit.deleted ? "\tđã hủy đăng ký" : "") << "\n";
        }
        return 0;
    }
    if (action == "register") {
        KeySession s(args,
                     {"--peers", "--code", "--name", "--parent", "--mail", "--mobile", "--fax"});
        auto client = axisClientOf(s);
        http::SubUnitInput input{s.require("--code"),          s.parsed.get("--name", ""),
                                 s.parsed.get("--parent", ""), s.parsed.get("--mail", ""),
                                 s.parsed.get("--mobile", ""), s.parsed.get("--fax", "")};
        const auto registration = http::subUnitRegistration(s.installation.storage().offices(),
                                                            client.settings().systemId, input);
        onAxis([&] {
            client.registerAgency(registration);
            return 0;
        });
        s.installation.storage().transaction([&] {
            s.installation.audit().record({std::nullopt, s.actor.user.username,
                                           "axis-agency-register",
                                           "axis-agency/" + registration.code, s.actor.address,
                                           http::subUnitDetail(registration)});
        });
        std::cout << "đã đăng ký với trục liên thông: " << http::subUnitDetail(registration)
                  << "\n";
        return 0;
    }
    if (action == "unregister") {
        KeySession s(args, {"--peers", "--code"});
        auto client = axisClientOf(s);
        const auto code = s.require("--code");
        http::checkSubUnitCode(code);
        onAxis([&] {
            client.deleteAgency(code);
            return 0;
        });
        s.installation.storage().transaction([&] {
            s.installation.audit().record({std::nullopt, s.actor.user.username,
                                           "axis-agency-delete", "axis-agency/" + code,
                                           s.actor.address, code});
        });
        std::cout << "đã hủy đăng ký với trục liên thông: " << code << "\n";
        return 0;
    }
    throw UsageError("vanthu admin axis waiting|units|register|unregister (" + std::string(kHelp) +
                     ")");
}

} // namespace vanthu::cli
#endif
