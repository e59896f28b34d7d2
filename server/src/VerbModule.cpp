// vanthu-verbs.so: every verb of the vanthu executable except 'verify', loaded with dlopen by
// src/VerbLoader.cpp when one of them runs. The only exported symbol is vanthu_run_verb.
#include "cli/Command.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

extern "C" __attribute__((visibility("default"))) int
vanthu_run_verb(const char* verb, const vanthu::cli::Arguments* args) {
    vanthu::templates::tuneAllocatorForPdf();
    for (const auto& command : vanthu::cli::commands()) {
        if (command.name == verb) {
            return command.run(*args);
        }
    }
    throw vanthu::cli::UsageError(std::string("unknown command \"") + verb + "\"");
}
