// vanthu: records and correspondence for Vietnamese Party and State offices.
#include <exception>
#include <iostream>
#include <string_view>

#include "cli/Command.hpp"

namespace {

void printUsage(std::ostream& out) {
    out << "usage: vanthu COMMAND [ARGS]\n\ncommands:\n";
    for (const auto& command : vanthu::cli::commands()) {
        out << "  " << command.synopsis << "\n";
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        printUsage(std::cerr);
        return 2;
    }
    const std::string_view verb = argv[1];
    if (verb == "--help" || verb == "-h" || verb == "help") {
        printUsage(std::cout);
        return 0;
    }
    for (const auto& command : vanthu::cli::commands()) {
        if (command.name != verb) {
            continue;
        }
        try {
            return command.run(vanthu::cli::Arguments(argv + 2, argv + argc));
        } catch (const vanthu::cli::UsageError& e) {
            std::cerr << "vanthu: " << e.what() << "\n";
            return 2;
        } catch (const std::exception& e) {
            std::cerr << "vanthu: " << e.what() << "\n";
            return 2;
        }
    }
    std::cerr << "vanthu: unknown command \"" << verb << "\" (vanthu --help lists them)\n";
    return 2;
}
