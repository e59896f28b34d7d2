// vanthu pki demo DIR [--password PW] [--ecdsa] [--ocsp-url URL]
#ifdef VANTHU_HAVE_SIGNING
#include <iostream>

#include "cli/Command.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/signing/DemoPki.hpp"

namespace vanthu::cli {

int runPki(const Arguments& args) {
    signing::DemoPkiOptions options;
    const SigningArguments parsed(args, {"--password", "--ocsp-url"}, {"--ecdsa"});
    if (parsed.positional().size() != 2 || parsed.positional()[0] != "demo") {
        throw UsageError("usage: vanthu pki demo DIR [--password PW] [--ecdsa] [--ocsp-url URL]");
    }
    options.ocspUrl = parsed.get("--ocsp-url");
    if (!options.ocspUrl.empty() && options.ocspUrl.rfind("http://", 0) != 0) {
        throw UsageError("--ocsp-url must be an http:// URL, e.g. http://127.0.0.1:3161/ocsp");
    }
    options.password = parsed.get("--password", signing::kDemoPassword);
    options.ecdsa = parsed.has("--ecdsa");
    if (options.password.empty()) {
        throw UsageError("the PKCS#12 password must not be empty");
    }
    const signing::DemoPki pki(options);
    for (const auto& path : pki.writeTo(parsed.positional()[1])) {
        std::cout << path.string() << "\n";
    }
    return 0;
}

} // namespace vanthu::cli
#endif
