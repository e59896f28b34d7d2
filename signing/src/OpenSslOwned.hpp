#pragma once
// More RAII for OpenSSL inside the signing library (beside the owners in OpenSsl.hpp): memory
// OpenSSL hands to the caller, borrowed certificate stacks, and the DER of an object, so that
// no source file frees anything by hand.
#include <cstddef>
#include <memory>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

/// A STACK_OF(X509) that borrows its certificates (PKCS7_get0_signers): only the stack is freed.
struct X509ViewStackDeleter {
    void operator()(STACK_OF(X509) * s) const noexcept { sk_X509_free(s); }
};
using X509ViewStackPtr = std::unique_ptr<STACK_OF(X509), X509ViewStackDeleter>;

/// Memory OpenSSL allocated for the caller (an i2d_* output, BN_bn2hex, ASN1_STRING_to_UTF8).
struct OpenSslMemoryDeleter {
    void operator()(void* p) const noexcept { OPENSSL_free(p); }
};
template <typename T> using OpenSslMemoryPtr = std::unique_ptr<T, OpenSslMemoryDeleter>;

/// Pushes a new reference to cert onto an owning stack (X509StackPtr); throws OpenSslError when
/// it cannot, with nothing leaked.
void pushShared(STACK_OF(X509) * stack, X509* cert);

/// The DER encoding of object by an i2d_* function (OpenSSL allocates the output, this frees
/// it); throws OpenSslError(what) when the object cannot be encoded.
template <typename T, typename Encode> Bytes derOf(Encode encode, T* object, const char* what) {
    unsigned char* raw = nullptr;
    const int length = encode(object, &raw);
    const OpenSslMemoryPtr<unsigned char> owned(raw);
    check(length > 0 && raw != nullptr, what);
    return Bytes(reinterpret_cast<const char*>(raw), static_cast<std::size_t>(length));
}

} // namespace vanthu::signing
