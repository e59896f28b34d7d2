#pragma once
// An open POSIX file descriptor owned by its scope (docmgmt's files written whole: blobs, the
// installation's secret key).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace vanthu::docmgmt {

/// An open file descriptor, closed when it goes out of scope.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }
    /// Closes now, reporting a failure (a close can report a failed write-back).
    void close(const std::filesystem::path& path) {
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) {
            throw std::runtime_error("cannot close " + path.string() + ": " + std::strerror(errno));
        }
    }

private:
    int fd_;
};

} // namespace vanthu::docmgmt
