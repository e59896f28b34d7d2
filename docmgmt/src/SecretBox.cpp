#include "vanthu/docmgmt/SecretBox.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/signing/Base64.hpp"

#include "FileDescriptor.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::string_view kPrefix = "v1:";
constexpr std::size_t kMaxSecret = 4096;

struct CipherContextFree {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

std::string readKey(const fs::path& file) {
    FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) {
        throw SecretError("Không đọc được tệp khóa bí mật " + file.string() +
                          " của thư mục dữ liệu.");
    }
    std::string key(SecretBox::kKeyBytes + 1, '\0');
    const ssize_t got = ::read(fd.get(), key.data(), key.size());
    if (got != static_cast<ssize_t>(SecretBox::kKeyBytes)) {
        throw SecretError("Tệp khóa bí mật " + file.string() + " bị hỏng (không đủ 32 byte).");
    }
    key.resize(SecretBox::kKeyBytes);
    return key;
}

void writeNewKey(const fs::path& file) {
    std::error_code ignored;
    fs::create_directories(file.parent_path(), ignored);
    fs::permissions(file.parent_path(), fs::perms::owner_all, ignored);
    std::string key(SecretBox::kKeyBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) !=
        1) {
        throw SecretError("Không tạo được khóa bí mật (không có số ngẫu nhiên).");
    }
    FileDescriptor fd(
        ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0) {
        if (errno == EEXIST) {
            return; // another process made it first: use theirs
        }
        throw SecretError("Không tạo được tệp khóa bí mật " + file.string() + ".");
    }
    const bool written =
        ::write(fd.get(), key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
        ::fsync(fd.get()) == 0;
    if (!written) {
        ::unlink(file.c_str());
        throw SecretError("Không ghi được tệp khóa bí mật " + file.string() + ".");
    }
}

CipherContext startGcm(const std::string& key, const unsigned char* nonce, bool encrypt) {
    CipherContext ctx(EVP_CIPHER_CTX_new());
    const auto* cipher = EVP_aes_256_gcm();
    const bool ok =
        ctx &&
        EVP_CipherInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr, encrypt ? 1 : 0) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
        EVP_CipherInit_ex(ctx.get(), nullptr, nullptr,
                          reinterpret_cast<const unsigned char*>(key.data()), nonce,
                          encrypt ? 1 : 0) == 1;
    if (!ok) {
        throw SecretError("Không khởi tạo được AES-256-GCM.");
    }
    return ctx;
}

void addContext(EVP_CIPHER_CTX* ctx, std::string_view context) {
    int ignored = 0;
    if (!context.empty() && EVP_CipherUpdate(ctx, nullptr, &ignored,
                                             reinterpret_cast<const unsigned char*>(context.data()),
                                             static_cast<int>(context.size())) != 1) {
        throw SecretError("Không mã hóa được bí mật.");
    }
}

} // namespace

SecretBox::SecretBox(std::string key) : key_(std::move(key)) {}

SecretBox SecretBox::openOrCreate(const fs::path& keyFile) {
    std::error_code error;
    if (!fs::exists(keyFile, error)) {
        writeNewKey(keyFile);
    }
    return open(keyFile);
}

SecretBox SecretBox::open(const fs::path& keyFile) {
    return SecretBox(readKey(keyFile));
}

std::string SecretBox::seal(std::string_view secret, std::string_view context) const {
    if (secret.size() > kMaxSecret) {
        throw SecretError("Bí mật dài quá " + std::to_string(kMaxSecret) + " byte.");
    }
    std::string out(kNonceBytes + secret.size() + kTagBytes, '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(out.data());
    if (RAND_bytes(bytes, kNonceBytes) != 1) {
        throw SecretError("Không tạo được số ngẫu nhiên để mã hóa.");
    }
    auto ctx = startGcm(key_, bytes, true);
    addContext(ctx.get(), context);
    int length = 0;
    int final = 0;
    const bool ok = EVP_CipherUpdate(ctx.get(), bytes + kNonceBytes, &length,
                                     reinterpret_cast<const unsigned char*>(secret.data()),
                                     static_cast<int>(secret.size())) == 1 &&
                    EVP_CipherFinal_ex(ctx.get(), bytes + kNonceBytes + length, &final) == 1 &&
                    EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                                        bytes + kNonceBytes + secret.size()) == 1;
    if (!ok) {
        throw SecretError("Không mã hóa được bí mật.");
    }
    return std::string(kPrefix) + signing::toBase64(out);
}

std::string SecretBox::open(std::string_view sealed, std::string_view context) const {
    const auto fail = [] {
        return SecretError("Bí mật đã lưu không mở được bằng khóa của thư mục dữ liệu (tệp "
                           "khóa bị thay, hoặc dữ liệu bị sửa).");
    };
    if (sealed.substr(0, kPrefix.size()) != kPrefix) {
        throw fail();
    }
    const auto raw = signing::fromBase64(sealed.substr(kPrefix.size()));
    if (!raw || raw->size() < kNonceBytes + kTagBytes) {
        throw fail();
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw->data());
    const std::size_t size = raw->size() - kNonceBytes - kTagBytes;
    auto ctx = startGcm(key_, bytes, false);
    addContext(ctx.get(), context);
    std::string secret(size, '\0');
    int length = 0;
    int final = 0;
    std::string tag(raw->substr(kNonceBytes + size));
    const bool ok =
        EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char*>(secret.data()), &length,
                         bytes + kNonceBytes, static_cast<int>(size)) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
        EVP_CipherFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(secret.data()) + length,
                           &final) == 1;
    if (!ok) {
        throw fail();
    }
    return secret;
}

std::string SecretBox::fingerprint() const {
    return sha256Hex(std::string("vanthu secret.key fingerprint v1") + '\0' + key_);
}

} // namespace vanthu::docmgmt
