#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vanthu::tools {

/// The scratch folder could not be made, written or read.
class ScratchFolderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A fresh folder under the system's temporary folder that only its owner may enter, removed
/// with everything in it when the object goes out of scope. Files are named relative to it.
class ScratchFolder {
public:
    /// Makes the folder; `prefix` starts its name ("vanthu-word" → /tmp/vanthu-word-Ab12Cd).
    explicit ScratchFolder(std::string_view prefix = "vanthu");
    ~ScratchFolder();
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    const std::filesystem::path& path() const { return path_; }

    /// Writes `bytes` to the file `name` in the folder; throws ScratchFolderError.
    void write(const std::string& name, std::string_view bytes) const;

    /// The first `limit` + 1 bytes of the file `name` (so a caller sees that it is over its
    /// limit without reading it all); "" when the file does not exist.
    std::string read(const std::string& name, std::size_t limit) const;

private:
    std::filesystem::path path_;
};

} // namespace vanthu::tools
