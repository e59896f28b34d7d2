// vanthu sign IN.pdf -o OUT.pdf --p12 KEY.p12 [--password-file F] [--role signer|seal]
//   [--level B-B|B-T|B-LT|B-LTA] [--tsa URL] [--image PNG] [--field NAME] [--reason TEXT]
//   [--location TEXT] [--crl FILE]... [--attachment "05/UBND-NV"] [--pss]
#ifdef VANTHU_HAVE_SIGNING
#include <iostream>
#include <memory>

#include "cli/Command.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/Pkcs11Key.hpp"
#include "vanthu/signing/TimeStampClient.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kUsage =
    "usage: vanthu sign IN.pdf -o OUT.pdf (--p12 KEY.p12 [--password-file F] | --pkcs11-module "
    "PATH --token LABEL --key LABEL --pin-file F) [--role signer|seal] [--level "
    "B-B|B-T|B-LT|B-LTA] [--tsa URL] [--image PNG] [--field NAME] [--reason TEXT] [--location "
    "TEXT] [--crl FILE]... [--attachment NUMBER-AND-NOTATION] [--pss]\n"
    "       vanthu sign prepare IN.pdf -o PREPARED.pdf --cert CHAIN.pem --digest-out D.bin "
    "[--tbs-out TBS.der] [same appearance options]\n"
    "       vanthu sign complete PREPARED.pdf -o OUT.pdf --cert CHAIN.pem --signature SIG.bin "
    "[--level ...] [--tsa URL] [--crl FILE]... [--pss]";

const std::vector<std::string> kValueOptions = {
    "-o",          "--p12",   "--password-file", "--role",     "--level",      "--tsa",
    "--image",     "--field", "--reason",        "--location", "--crl",        "--pkcs11-module",
    "--token",     "--key",   "--pin-file",      "--cert",     "--digest-out", "--tbs-out",
    "--signature", "--text",  "--attachment"};

std::string firstLine(const std::string& path) {
    std::string text = signing::readBinaryFile(path);
    const auto end = text.find_first_of("\r\n");
    return end == std::string::npos ? text : text.substr(0, end);
}

signing::SignOptions optionsFrom(const SigningArguments& parsed,
                                 std::unique_ptr<signing::TimeStampSource>& tsa) {
    signing::SignOptions options;
    const std::string role = parsed.get("--role", "signer");
    if (role == "signer") {
        options.role = signing::SignatureRole::Signer;
    } else if (role == "seal") {
        options.role = signing::SignatureRole::Seal;
        options.lockDocument = true;
    } else {
        throw UsageError("--role must be signer or seal");
    }
    try {
        options.level = signing::parsePadesLevel(parsed.get("--level", "B-B"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    options.fieldName = parsed.get("--field");
    options.reason = parsed.get("--reason");
    options.location = parsed.get("--location");
    if (parsed.has("--image")) {
        options.imagePng = signing::readBinaryFile(parsed.get("--image"));
    }
    for (const auto& text : parsed.all("--text")) {
        options.appearanceText.push_back(text);
    }
    if (parsed.has("--attachment")) {
        // An attachment in a separate file: top right of page 1, no image, the number and
        // notation and the signing time (NĐ 30/2020, Phụ lục I).
        if (parsed.has("--image") || parsed.has("--text")) {
            throw UsageError("--attachment shows the number and the signing time: no --image or "
                             "--text with it");
        }
        options.attachmentNotation = parsed.get("--attachment");
        if (options.attachmentNotation.empty()) {
            throw UsageError("--attachment needs the number and notation, e.g. \"05/UBND-NV\"");
        }
    }
    if (parsed.has("--tsa")) {
        tsa = std::make_unique<signing::TimeStampClient>(parsed.get("--tsa"));
        options.timeStamps = tsa.get();
    }
    if (options.level != signing::PadesLevel::BB && !options.timeStamps) {
        throw UsageError("PAdES " + signing::toString(options.level) +
                         " needs a time-stamp authority: add --tsa URL");
    }
    if (parsed.has("--pss")) {
        options.padding = signing::RsaPadding::Pss; // RSA keys only (ECDSA keys are refused)
    }
    for (const auto& path : parsed.all("--crl")) {
        options.crls.push_back(
            signing::toDer(signing::crlFromPemOrDer(signing::readBinaryFile(path)).get()));
    }
    return options;
}

std::unique_ptr<signing::SigningKey> certificatesFrom(const std::string& path) {
    return std::make_unique<signing::ExternalKey>(
        signing::certificatesFromPem(signing::readBinaryFile(path)));
}

} // namespace

int runSign(const Arguments& args) {
    const SigningArguments parsed(args, kValueOptions, {"--pss"});
    const auto& words = parsed.positional();
    std::unique_ptr<signing::TimeStampSource> tsa;
    if (!words.empty() && words[0] == "prepare") {
        if (words.size() != 2 || !parsed.has("-o") || !parsed.has("--cert") ||
            !parsed.has("--digest-out")) {
            throw UsageError(kUsage);
        }
        signing::SignOptions options = optionsFrom(parsed, tsa);
        const auto key = certificatesFrom(parsed.get("--cert"));
        const auto prepared = signing::PadesSigner(std::move(options))
                                  .prepare(signing::readBinaryFile(words[1]), *key);
        signing::writeBinaryFile(parsed.get("-o"), prepared.pdf);
        signing::writeBinaryFile(parsed.get("--digest-out"), prepared.digest);
        if (parsed.has("--tbs-out")) {
            signing::writeBinaryFile(parsed.get("--tbs-out"), prepared.signedAttributes);
        }
        return 0;
    }
    if (!words.empty() && words[0] == "complete") {
        if (words.size() != 2 || !parsed.has("-o") || !parsed.has("--cert") ||
            !parsed.has("--signature")) {
            throw UsageError(kUsage);
        }
        signing::SignOptions options = optionsFrom(parsed, tsa);
        const auto key = certificatesFrom(parsed.get("--cert"));
        const auto pdf = signing::PadesSigner(std::move(options))
                             .complete(signing::readBinaryFile(words[1]), *key,
                                       signing::readBinaryFile(parsed.get("--signature")));
        signing::writeBinaryFile(parsed.get("-o"), pdf);
        return 0;
    }
    if (words.size() != 1 || !parsed.has("-o")) {
        throw UsageError(kUsage);
    }
    std::unique_ptr<signing::SigningKey> key;
    if (parsed.has("--p12")) {
        const std::string password = parsed.has("--password-file")
                                         ? firstLine(parsed.get("--password-file"))
                                         : std::string(signing::kDemoPassword);
        key = signing::Pkcs12Key::fromFile(parsed.get("--p12"), password);
    } else if (parsed.has("--pkcs11-module")) {
        if (!parsed.has("--token") || !parsed.has("--key") || !parsed.has("--pin-file")) {
            throw UsageError("PKCS#11 signing needs --token LABEL --key LABEL --pin-file F");
        }
        key = std::make_unique<signing::Pkcs11Key>(parsed.get("--pkcs11-module"),
                                                   parsed.get("--token"), parsed.get("--key"),
                                                   firstLine(parsed.get("--pin-file")));
    } else {
        throw UsageError("give the signing key: --p12 KEY.p12 or --pkcs11-module PATH ...");
    }
    signing::SignOptions options = optionsFrom(parsed, tsa);
    const auto pdf =
        signing::PadesSigner(std::move(options)).sign(signing::readBinaryFile(words[0]), *key);
    signing::writeBinaryFile(parsed.get("-o"), pdf);
    return 0;
}

} // namespace vanthu::cli
#endif
