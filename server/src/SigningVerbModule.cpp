// vanthu-signing.so: the verbs pki, sign, tsa and agent, which need only the signing library
// (PoDoFo for appearances, Poco Net for the time-stamp and OCSP clients and servers, libp11),
// loaded with dlopen by src/VerbLoader.cpp. The only exported symbol is vanthu_run_verb.
#include <string>
#include <string_view>
#include <utility>

#include "cli/Command.hpp"

extern "C" __attribute__((visibility("default"))) int
vanthu_run_verb(const char* verb, const vanthu::cli::Arguments* args) {
    using vanthu::cli::Arguments;
    static const std::pair<std::string_view, int (*)(const Arguments&)> verbs[] = {
        {"pki", vanthu::cli::runPki},
        {"sign", vanthu::cli::runSign},
        {"tsa", vanthu::cli::runTsa},
        {"agent", vanthu::cli::runAgent},
    };
    for (const auto& [name, run] : verbs) {
        if (name == verb) {
            return run(*args);
        }
    }
    throw vanthu::cli::UsageError(std::string("unknown command \"") + verb + "\"");
}
