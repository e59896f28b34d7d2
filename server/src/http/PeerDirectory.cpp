#include "http/PeerDirectory.hpp"

#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"
#include "vanthu/signing/SignerCertificate.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::http {

namespace {

std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return {};
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string field(const Poco::JSON::Object::Ptr& object, const std::string& name,
                  const std::string& where, bool required) {
    if (!object->has(name) || object->get(name).isEmpty()) {
        if (required) {
            throw std::runtime_error(where + ": thiếu trường \"" + name + "\"");
        }
        return {};
    }
    const auto value = object->get(name);
    if (!value.isString()) {
        throw std::runtime_error(where + ": trường \"" + name + "\" phải là chuỗi");
    }
    return value.extract<std::string>();
}

bool validName(const std::string& name) {
    if (name.empty() || name.size() > 64) {
        return false;
    }
    for (const char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
            return false;
        }
    }
    return true;
}

/// The "axis" section: {"name", "endpoint", "systemId", "secretFile", "pollSeconds",
/// "directoryHours", "offices"}; the secret is read from its file (owner-only) now.
AxisRoute axisRoute(const Poco::JSON::Object::Ptr& object, const std::string& where,
                    const std::function<std::filesystem::path(const std::string&)>& resolve) {
    AxisRoute route;
    const auto name = field(object, "name", where, false);
    if (!name.empty()) {
        route.name = name;
    }
    if (!validName(route.name)) {
        throw std::runtime_error(where + ": \"name\" chỉ gồm chữ, số, '-', '_', '.'");
    }
    route.settings.endpoint = field(object, "endpoint", where, true);
    route.settings.systemId = field(object, "systemId", where, true);
    route.secretFile = resolve(field(object, "secretFile", where, true));
    if (object->has("pollSeconds")) {
        int seconds = 0;
        try {
            seconds = object->getValue<int>("pollSeconds");
        } catch (const std::exception&) {
        }
        if (seconds <= 0 || seconds > 86400) {
            throw std::runtime_error(where + ": \"pollSeconds\" phải là số giây từ 1 đến 86400");
        }
        route.settings.pollInterval = std::chrono::seconds(seconds);
    }
    if (object->has("directoryHours")) {
        int hours = -1;
        try {
            hours = object->getValue<int>("directoryHours");
        } catch (const std::exception&) {
        }
        if (hours < 0 || hours > 24 * 90) {
            throw std::runtime_error(where +
                                     ": \"directoryHours\" phải là số giờ từ 0 (không tự đồng "
                                     "bộ) đến 2160");
        }
        route.directoryEvery = std::chrono::hours(hours);
    }
    if (const auto offices = object->getArray("offices")) {
        for (std::size_t i = 0; i < offices->size(); ++i) {
            const auto code = offices->get(static_cast<unsigned>(i));
            if (!code.isString() || code.extract<std::string>().empty()) {
                throw std::runtime_error(where + ": \"offices\" là danh sách mã cơ quan");
            }
            route.offices.push_back(code.extract<std::string>());
        }
    }
    try {
        route.settings.secret = exchange::readAxisSecret(route.secretFile);
        exchange::AxisClient check(route.settings); // endpoint and fields usable
    } catch (const exchange::AxisConfigError& e) {
        throw std::runtime_error(where + ": " + e.what());
    }
    return route;
}

} // namespace

namespace {

constexpr std::size_t kMaxPemBytes = 1u << 20;
constexpr std::size_t kMaxCertificates = 64;
constexpr std::size_t kMaxUrl = 2048;

Poco::JSON::Object::Ptr parseRoot(const std::string& text, const std::string& where) {
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(/*preserveObjectOrder=*/true));
        return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception& e) {
        throw std::runtime_error(where + " không phải JSON hợp lệ: " + e.what());
    }
}

std::string describeFile(const std::filesystem::path& file) {
    return "tệp cấu hình máy chủ trao đổi " + file.string();
}

std::filesystem::path resolveIn(const std::filesystem::path& base, const std::string& path) {
    if (path.empty()) {
        return {};
    }
    const std::filesystem::path p(path);
    return p.is_absolute() ? p : base / p;
}

/// The counter of a peer's entry: "version", 1 when absent (an entry written by hand).
int versionOf(const Poco::JSON::Object::Ptr& entry) {
    if (!entry->has("version")) {
        return 1;
    }
    const auto value = entry->get("version");
    return value.isInteger() ? value.convert<int>() : 1;
}

/// The "peers" array of a peers file, checked.
std::vector<Peer> parsePeers(const Poco::JSON::Object::Ptr& root, const std::filesystem::path& base,
                             const std::string& where, const std::string& self) {
    Poco::JSON::Array::Ptr peers = root->getArray("peers");
    if (!peers) {
        throw std::runtime_error(where + ": thiếu danh sách \"peers\"");
    }
    std::vector<Peer> result;
    for (std::size_t i = 0; i < peers->size(); ++i) {
        const auto object = peers->getObject(static_cast<unsigned>(i));
        const std::string at = where + ", peers[" + std::to_string(i) + "]";
        if (!object) {
            throw std::runtime_error(at + " phải là đối tượng");
        }
        Peer peer;
        peer.name = field(object, "name", at, true);
        peer.baseUrl = field(object, "url", at, true);
        peer.certificateFile = resolveIn(base, field(object, "certificate", at, true));
        peer.trustAnchorsFile = resolveIn(base, field(object, "trustAnchors", at, false));
        peer.version = versionOf(object);
        peer.changedBy = field(object, "changedBy", at, false);
        peer.changedAt = field(object, "changedAt", at, false);
        const bool taken = std::any_of(result.begin(), result.end(),
                                       [&](const Peer& p) { return p.name == peer.name; });
        if (!validName(peer.name) || peer.name == self || taken) {
            throw std::runtime_error(at + ": tên \"" + peer.name + "\" không hợp lệ hoặc trùng");
        }
        const Poco::URI uri(peer.baseUrl);
        if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty()) {
            throw std::runtime_error(at + ": \"url\" phải là địa chỉ http:// hoặc https://");
        }
        while (!peer.baseUrl.empty() && peer.baseUrl.back() == '/') {
            peer.baseUrl.pop_back();
        }
        result.push_back(std::move(peer));
    }
    return result;
}

/// Every certificate of a PEM text given by an administrator, or InvalidInput naming the field.
CertificateSet pemCertificates(const std::string& pem, const std::string& fieldName,
                               const std::string& what) {
    if (pem.size() > kMaxPemBytes) {
        throw docmgmt::InvalidInput(fieldName, what + " dài quá 1 MiB.");
    }
    static const std::string begin = "-----BEGIN CERTIFICATE-----";
    std::size_t count = 0;
    for (auto at = pem.find(begin); at != std::string::npos; at = pem.find(begin, at + 1)) {
        ++count;
    }
    if (count == 0) {
        throw docmgmt::InvalidInput(fieldName, what + " phải là chứng thư X.509 dạng PEM (bắt đầu "
                                                      "bằng -----BEGIN CERTIFICATE-----).");
    }
    if (count > kMaxCertificates) {
        throw docmgmt::InvalidInput(fieldName, what + " có quá 64 chứng thư.");
    }
    CertificateSet certificates;
    try {
        certificates = signing::certificatesFromPem(pem);
    } catch (const std::exception&) {
    }
    if (certificates.size() != count) {
        throw docmgmt::InvalidInput(fieldName, what + " có chứng thư không đọc được (không phải "
                                                      "X.509 PEM hợp lệ).");
    }
    return certificates;
}

std::string pemOf(const CertificateSet& certificates) {
    std::string pem;
    for (const auto& certificate : certificates) {
        pem += signing::toPem(certificate.get());
    }
    return pem;
}

/// Where an administrator's certificates for a peer are written, relative to the peers file.
std::string managedCertificate(const std::string& name) {
    return "peers/" + name + ".pem";
}
std::string managedTrustAnchors(const std::string& name) {
    return "peers/" + name + "-trust-anchors.pem";
}

Poco::JSON::Object::Ptr entryNamed(const Poco::JSON::Array::Ptr& peers, const std::string& name,
                                   std::size_t* index = nullptr) {
    for (std::size_t i = 0; i < peers->size(); ++i) {
        const auto object = peers->getObject(static_cast<unsigned>(i));
        if (object && object->has("name") && object->get("name").isString() &&
            object->get("name").extract<std::string>() == name) {
            if (index != nullptr) {
                *index = i;
            }
            return object;
        }
    }
    return nullptr;
}

/// Written whole through a rename; an existing file keeps its mode and a symbolic link stays a
/// link (the file it leads to is rewritten); a new file gets newFileMode, or 0644 less the umask.
void writeText(const std::filesystem::path& file, const std::string& text,
               std::optional<mode_t> newFileMode = std::nullopt) {
    std::filesystem::create_directories(file.parent_path());
    templates::writeFileAtomically(file.string(), text, newFileMode);
}

/// The peers file: private to the server's user when it is made (it says whom the server trusts).
constexpr mode_t kPeersFileMode = 0600;

} // namespace

std::unique_ptr<PeerDirectory> PeerDirectory::load(const std::filesystem::path& file) {
    const std::string where = describeFile(file);
    const std::string text = readText(file);
    if (text.empty()) {
        throw std::runtime_error("không đọc được " + where);
    }
    const auto root = parseRoot(text, where);
    auto directory = std::make_unique<PeerDirectory>();
    directory->file_ = std::filesystem::absolute(file);
    directory->self_ = field(root, "self", where, true);
    if (!validName(directory->self_)) {
        throw std::runtime_error(where + ": \"self\" chỉ gồm chữ, số, '-', '_', '.'");
    }
    const auto base = directory->file_.parent_path();
    auto loaded = std::make_shared<Loaded>();
    std::error_code error;
    loaded->modified = std::filesystem::last_write_time(directory->file_, error);
    loaded->peers = parsePeers(root, base, where, directory->self_);
    if (root->has("axis")) {
        const auto axis = root->getObject("axis");
        if (!axis) {
            throw std::runtime_error(where + ": \"axis\" phải là đối tượng");
        }
        directory->axis_ = axisRoute(
            axis, where + ", axis", [&](const std::string& path) { return resolveIn(base, path); });
        for (const auto& peer : loaded->peers) {
            if (peer.name == directory->axis_->name) {
                throw std::runtime_error(where + ": tên trục \"" + directory->axis_->name +
                                         "\" trùng tên một máy chủ");
            }
        }
    }
    directory->loaded_ = std::move(loaded);
    return directory;
}

void PeerDirectory::create(const std::filesystem::path& file, const std::string& self) {
    if (!validName(self)) {
        throw docmgmt::InvalidInput("self", "Tên của máy chủ này chỉ gồm chữ, số, '-', '_', '.' "
                                            "(tối đa 64 ký tự).");
    }
    if (std::filesystem::exists(file)) {
        throw docmgmt::Conflict("Tệp " + file.string() + " đã có.");
    }
    Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
    root.set("self", self);
    root.set("peers", Poco::JSON::Array::Ptr(new Poco::JSON::Array()));
    std::ostringstream out;
    root.stringify(out, 2);
    out << "\n";
    writeText(std::filesystem::absolute(file), out.str(), kPeersFileMode);
}

std::shared_ptr<const PeerDirectory::Loaded> PeerDirectory::current() const {
    std::lock_guard lock(mutex_);
    if (file_.empty()) {
        if (!loaded_) {
            loaded_ = std::make_shared<Loaded>();
        }
        return loaded_;
    }
    std::error_code error;
    const auto modified = std::filesystem::last_write_time(file_, error);
    if (error || modified == loaded_->modified) {
        return loaded_;
    }
    // Changed outside this process (`vanthu admin peers`, an editor): read again. A file that
    // does not read keeps the peers known until now, said once in the log.
    auto next = std::make_shared<Loaded>();
    next->modified = modified;
    try {
        const auto where = describeFile(file_);
        next->peers =
            parsePeers(parseRoot(readText(file_), where), file_.parent_path(), where, self_);
    } catch (const std::exception& e) {
        std::cerr << "vanthu: " << e.what() << "; vẫn dùng danh sách máy chủ trao đổi trước đó"
                  << std::endl;
        next->peers = loaded_->peers;
    }
    loaded_ = std::move(next);
    return loaded_;
}

std::vector<Peer> PeerDirectory::peers() const {
    return current()->peers;
}

std::optional<Peer> PeerDirectory::find(const std::string& name) const {
    const auto loaded = current();
    for (const auto& peer : loaded->peers) {
        if (peer.name == name) {
            return peer;
        }
    }
    return std::nullopt;
}

void PeerDirectory::checkInput(const PeerInput& input, bool adding) const {
    if (!validName(input.name)) {
        throw docmgmt::InvalidInput("name", "Tên máy chủ chỉ gồm chữ, số, '-', '_', '.' (tối đa "
                                            "64 ký tự).");
    }
    if (adding && (input.name == self_ || (axis_ && input.name == axis_->name))) {
        throw docmgmt::Conflict("Tên \"" + input.name +
                                "\" là tên của máy chủ này hoặc của trục liên thông.");
    }
    bool good = input.url.size() <= kMaxUrl;
    if (good) {
        try {
            const Poco::URI uri(input.url);
            good = (uri.getScheme() == "http" || uri.getScheme() == "https") &&
                   !uri.getHost().empty() && uri.getUserInfo().empty() && uri.getQuery().empty() &&
                   uri.getFragment().empty();
        } catch (const Poco::Exception&) {
            good = false;
        }
    }
    if (!good) {
        throw docmgmt::InvalidInput("url", "Địa chỉ phải là http:// hoặc https:// với tên máy "
                                           "(không có tên đăng nhập, truy vấn; tối đa 2048 ký "
                                           "tự), ví dụ https://vanthu.tinh.gov.vn.");
    }
    if (adding && !input.certificatePem) {
        throw docmgmt::InvalidInput("certificatePem",
                                    "Cần chứng thư (PEM) mà gói tin của máy chủ này phải được ký "
                                    "bằng.");
    }
    if (input.certificatePem) {
        pemCertificates(*input.certificatePem, "certificatePem", "Chứng thư ký gói tin");
    }
    if (input.trustAnchorsPem && !input.trustAnchorsPem->empty()) {
        pemCertificates(*input.trustAnchorsPem, "trustAnchorsPem", "Chứng thư CA của chữ ký PDF");
    }
}

template <typename Change> void PeerDirectory::rewrite(Change&& change) {
    if (file_.empty()) {
        throw docmgmt::Conflict("Máy chủ chạy không có tệp máy chủ trao đổi (--peers): không "
                                "sửa được danh sách.");
    }
    std::lock_guard lock(writing_);
    const auto where = describeFile(file_);
    const auto root = parseRoot(readText(file_), where);
    auto peers = root->getArray("peers");
    if (!peers) {
        throw std::runtime_error(where + ": thiếu danh sách \"peers\"");
    }
    change(peers);
    auto next = std::make_shared<Loaded>();
    next->peers = parsePeers(root, file_.parent_path(), where, self_); // never write a bad file
    std::ostringstream out;
    root->stringify(out, 2);
    out << "\n";
    writeText(file_, out.str());
    std::error_code error;
    next->modified = std::filesystem::last_write_time(file_, error);
    std::lock_guard readers(mutex_);
    loaded_ = std::move(next);
    cache_.clear(); // certificate files may have been replaced within the clock's resolution
}

Peer PeerDirectory::add(const PeerInput& input) {
    checkInput(input, /*adding=*/true);
    const auto base = file_.parent_path();
    rewrite([&](Poco::JSON::Array::Ptr peers) {
        if (entryNamed(peers, input.name)) {
            throw docmgmt::Conflict("Đã có máy chủ trao đổi tên \"" + input.name + "\".");
        }
        Poco::JSON::Object::Ptr entry(new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER));
        entry->set("name", input.name);
        entry->set("url", input.url);
        writeText(base / managedCertificate(input.name),
                  pemOf(pemCertificates(*input.certificatePem, "certificatePem", "")));
        entry->set("certificate", managedCertificate(input.name));
        if (input.trustAnchorsPem && !input.trustAnchorsPem->empty()) {
            writeText(base / managedTrustAnchors(input.name),
                      pemOf(pemCertificates(*input.trustAnchorsPem, "trustAnchorsPem", "")));
            entry->set("trustAnchors", managedTrustAnchors(input.name));
        }
        peers->add(entry);
    });
    return *find(input.name);
}

Peer PeerDirectory::change(const PeerInput& input) {
    checkInput(input, /*adding=*/false);
    const auto base = file_.parent_path();
    std::filesystem::path dropped;
    rewrite([&](Poco::JSON::Array::Ptr peers) {
        auto entry = entryNamed(peers, input.name);
        if (!entry) {
            throw docmgmt::NotFound("Không có máy chủ trao đổi tên \"" + input.name + "\".");
        }
        const int version = versionOf(entry);
        if (input.baseVersion && *input.baseVersion != version) {
            throw docmgmt::StaleVersion::of("Máy chủ trao đổi “" + input.name + "”", version,
                                            *input.baseVersion,
                                            field(entry, "changedBy", input.name, false),
                                            field(entry, "changedAt", input.name, false));
        }
        entry->set("version", version + 1);
        entry->set("changedBy", input.changedBy);
        entry->set("changedAt", docmgmt::vietnamTimestamp(std::time(nullptr)));
        entry->set("url", input.url);
        if (input.certificatePem) {
            writeText(base / managedCertificate(input.name),
                      pemOf(pemCertificates(*input.certificatePem, "certificatePem", "")));
            entry->set("certificate", managedCertificate(input.name));
        }
        if (input.trustAnchorsPem && input.trustAnchorsPem->empty()) {
            if (entry->has("trustAnchors") && entry->get("trustAnchors").isString() &&
                entry->get("trustAnchors").extract<std::string>() ==
                    managedTrustAnchors(input.name)) {
                dropped = base / managedTrustAnchors(input.name);
            }
            entry->remove("trustAnchors");
        } else if (input.trustAnchorsPem) {
            writeText(base / managedTrustAnchors(input.name),
                      pemOf(pemCertificates(*input.trustAnchorsPem, "trustAnchorsPem", "")));
            entry->set("trustAnchors", managedTrustAnchors(input.name));
        }
    });
    if (!dropped.empty()) {
        std::error_code ignored;
        std::filesystem::remove(dropped, ignored);
    }
    return *find(input.name);
}

Peer PeerDirectory::remove(const std::string& name) {
    const auto removed = find(name);
    if (!removed) {
        throw docmgmt::NotFound("Không có máy chủ trao đổi tên \"" + name + "\".");
    }
    rewrite([&](Poco::JSON::Array::Ptr peers) {
        std::size_t index = 0;
        if (!entryNamed(peers, name, &index)) {
            throw docmgmt::NotFound("Không có máy chủ trao đổi tên \"" + name + "\".");
        }
        peers->remove(static_cast<unsigned>(index));
    });
    // Only the files written for it here; a file named by hand stays.
    const auto base = file_.parent_path();
    for (const auto& managed : {managedCertificate(name), managedTrustAnchors(name)}) {
        std::error_code ignored;
        std::filesystem::remove(base / managed, ignored);
    }
    return *removed;
}

std::shared_ptr<const CertificateSet> PeerDirectory::certificates(const Peer& peer) const {
    std::error_code error;
    const auto modified = std::filesystem::last_write_time(peer.certificateFile, error);
    if (error) {
        return std::make_shared<const CertificateSet>();
    }
    const std::string key = peer.certificateFile.string();
    std::lock_guard lock(mutex_);
    for (auto& [file, cached] : cache_) {
        if (file == key) {
            if (cached.modified == modified) {
                return cached.certificates;
            }
            break;
        }
    }
    auto certificates = std::make_shared<CertificateSet>();
    try {
        *certificates = signing::certificatesFromPem(readText(peer.certificateFile));
    } catch (const std::exception&) {
        return std::make_shared<const CertificateSet>(); // not (yet) a PEM file
    }
    for (auto& [file, cached] : cache_) {
        if (file == key) {
            cached = {modified, certificates};
            return certificates;
        }
    }
    cache_.push_back({key, {modified, certificates}});
    return certificates;
}

CertificateSet PeerDirectory::trustAnchors(const Peer& peer) const {
    if (peer.trustAnchorsFile.empty()) {
        return {};
    }
    try {
        return signing::certificatesFromPem(readText(peer.trustAnchorsFile));
    } catch (const std::exception&) {
        return {};
    }
}

std::string PeerDirectory::trustAnchorsPem() const {
    std::string pem;
    for (const auto& peer : peers()) {
        if (!peer.trustAnchorsFile.empty()) {
            pem += readText(peer.trustAnchorsFile);
            pem += "\n";
        }
    }
    return pem;
}

CertificateSummary summarise(const X509* certificate) {
    CertificateSummary summary;
    summary.subject = signing::nameToString(X509_get_subject_name(certificate));
    summary.issuer = signing::nameToString(X509_get_issuer_name(certificate));
    summary.validUntil = signing::vietnameseDate(X509_get0_notAfter(certificate));
    summary.sha256 = signing::toHex(signing::sha256(signing::toDer(certificate)));
    return summary;
}

std::string auditDetail(const Peer& peer, const CertificateSet& certificates) {
    std::string detail = peer.name + " " + peer.baseUrl + "; chứng thư ký gói tin:";
    for (const auto& certificate : certificates) {
        const auto summary = summarise(certificate.get());
        detail += " " + summary.subject + " (SHA-256 " + summary.sha256 + ", hết hạn " +
                  summary.validUntil + ");";
    }
    if (!peer.trustAnchorsFile.empty()) {
        detail += " CA của chữ ký PDF: " + peer.trustAnchorsFile.filename().string();
    }
    return detail;
}

} // namespace vanthu::http
