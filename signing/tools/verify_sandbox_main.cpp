// vanthu-verify-sandbox: the process verifyInChildProcess verifies in
// (signing/src/VerifySandbox.cpp).
#include "vanthu/signing/SignatureVerifier.hpp"

int main(int argc, char** argv) {
    return vanthu::signing::runVerifySandbox(argc, argv);
}
