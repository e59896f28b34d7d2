#include "vanthu/tools/ScratchFolder.hpp"

#include <cstdlib>
#include <fstream>
#include <system_error>

namespace vanthu::tools {

ScratchFolder::ScratchFolder(std::string_view prefix) {
    std::error_code error;
    const auto base = std::filesystem::temp_directory_path(error);
    std::string pattern =
        ((error ? std::filesystem::path("/tmp") : base) / (std::string(prefix) + "-XXXXXX"))
            .string();
    // mkdtemp makes the folder with mode 0700 under a name nobody could have guessed.
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw ScratchFolderError("cannot make a scratch folder like " + pattern);
    }
    path_ = pattern;
}

ScratchFolder::~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

void ScratchFolder::write(const std::string& name, std::string_view bytes) const {
    std::ofstream out(path_ / name, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
        throw ScratchFolderError("cannot write " + (path_ / name).string());
    }
}

std::string ScratchFolder::read(const std::string& name, std::size_t limit) const {
    std::ifstream in(path_ / name, std::ios::binary);
    if (!in) {
        return {};
    }
    std::string bytes(limit + 1, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

} // namespace vanthu::tools
