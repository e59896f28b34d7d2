#include "http/PeerDirectory.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

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

std::unique_ptr<PeerDirectory> PeerDirectory::load(const std::filesystem::path& file) {
    const std::string where = "tệp cấu hình máy chủ trao đổi " + file.string();
    const std::string text = readText(file);
    if (text.empty()) {
        throw std::runtime_error("không đọc được " + where);
    }
    Poco::JSON::Object::Ptr root;
    try {
        root = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception& e) {
        throw std::runtime_error(where + " không phải JSON hợp lệ: " + e.what());
    }
    auto directory = std::make_unique<PeerDirectory>();
    directory->self_ = field(root, "self", where, true);
    if (!validName(directory->self_)) {
        throw std::runtime_error(where + ": \"self\" chỉ gồm chữ, số, '-', '_', '.'");
    }
    const auto base = file.parent_path();
    const auto resolve = [&](const std::string& path) -> std::filesystem::path {
        if (path.empty()) {
            return {};
        }
        const std::filesystem::path p(path);
        return p.is_absolute() ? p : base / p;
    };
    Poco::JSON::Array::Ptr peers = root->getArray("peers");
    if (!peers) {
        throw std::runtime_error(where + ": thiếu danh sách \"peers\"");
    }
    for (std::size_t i = 0; i < peers->size(); ++i) {
        const auto object = peers->getObject(static_cast<unsigned>(i));
        const std::string at = where + ", peers[" + std::to_string(i) + "]";
        if (!object) {
            throw std::runtime_error(at + " phải là đối tượng");
        }
        Peer peer;
        peer.name = field(object, "name", at, true);
        peer.baseUrl = field(object, "url", at, true);
        peer.certificateFile = resolve(field(object, "certificate", at, true));
        peer.trustAnchorsFile = resolve(field(object, "trustAnchors", at, false));
        if (!validName(peer.name) || peer.name == directory->self_ ||
            directory->find(peer.name) != nullptr) {
            throw std::runtime_error(at + ": tên \"" + peer.name + "\" không hợp lệ hoặc trùng");
        }
        const Poco::URI uri(peer.baseUrl);
        if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty()) {
            throw std::runtime_error(at + ": \"url\" phải là địa chỉ http:// hoặc https://");
        }
        while (!peer.baseUrl.empty() && peer.baseUrl.back() == '/') {
            peer.baseUrl.pop_back();
        }
        directory->peers_.push_back(std::move(peer));
    }
    if (root->has("axis")) {
        const auto axis = root->getObject("axis");
        if (!axis) {
            throw std::runtime_error(where + ": \"axis\" phải là đối tượng");
        }
        directory->axis_ = axisRoute(axis, where + ", axis", resolve);
        if (directory->find(directory->axis_->name) != nullptr) {
            throw std::runtime_error(where + ": tên trục \"" + directory->axis_->name +
                                     "\" trùng tên một máy chủ");
        }
    }
    return directory;
}

const Peer* PeerDirectory::find(const std::string& name) const {
    for (const auto& peer : peers_) {
        if (peer.name == name) {
            return &peer;
        }
    }
    return nullptr;
}

std::shared_ptr<const CertificateSet> PeerDirectory::certificates(const Peer& peer) const {
    std::error_code error;
    const auto modified = std::filesystem::last_write_time(peer.certificateFile, error);
    if (error) {
        return std::make_shared<const CertificateSet>();
    }
    std::lock_guard lock(mutex_);
    for (auto& [name, cached] : cache_) {
        if (name == peer.name) {
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
    for (auto& [name, cached] : cache_) {
        if (name == peer.name) {
            cached = {modified, certificates};
            return certificates;
        }
    }
    cache_.push_back({peer.name, {modified, certificates}});
    return certificates;
}

std::string PeerDirectory::trustAnchorsPem() const {
    std::string pem;
    for (const auto& peer : peers_) {
        if (!peer.trustAnchorsFile.empty()) {
            pem += readText(peer.trustAnchorsFile);
            pem += "\n";
        }
    }
    return pem;
}

} // namespace vanthu::http
