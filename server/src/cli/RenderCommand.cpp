// vanthu render INPUT.json -o OUTPUT.pdf [--body FILE.docx|FILE.odt] | vanthu render --list-types
// --body: the body is taken from a Word or LibreOffice file (templates::importWordBody, through
// pandoc) instead of the JSON's; what the markup cannot hold is listed on stderr.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/Command.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"
#include "vanthu/templates/WordImport.hpp"

namespace vanthu::cli {
namespace {

void listTypes() {
    for (const auto& type : templates::documentTypes()) {
        std::cout << type.code << "\t" << type.name << "\t"
                  << (type.stateUse && type.partyUse ? "state, party"
                                                     : (type.stateUse ? "state" : "party"))
                  << "\n";
    }
}

std::string readInput(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UsageError(path + ": cannot read the file");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace

int runRender(const Arguments& args) {
    std::string input, output, bodyFile;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--list-types") {
            listTypes();
            return 0;
        }
        if (args[i] == "-o" || args[i] == "--output") {
            if (i + 1 == args.size()) {
                throw UsageError("render: -o needs the output file name");
            }
            output = args[++i];
        } else if (args[i] == "--body") {
            if (i + 1 == args.size()) {
                throw UsageError("render: --body needs a .docx or .odt file");
            }
            bodyFile = args[++i];
        } else if (!args[i].empty() && args[i][0] == '-') {
            throw UsageError("render: unknown option " + args[i]);
        } else if (input.empty()) {
            input = args[i];
        } else {
            throw UsageError("render: one input file only");
        }
    }
    if (input.empty() || output.empty()) {
        throw UsageError(
            "usage: vanthu render INPUT.json -o OUTPUT.pdf [--body FILE.docx|FILE.odt] | "
            "vanthu render --list-types");
    }
    templates::OfficialDocument document;
    try {
        document = templates::parseDocumentJson(readInput(input));
    } catch (const templates::InvalidDocument& e) {
        throw UsageError(input + ": " + e.what());
    }
    if (!bodyFile.empty()) {
        try {
            const auto body = templates::importWordBody(readInput(bodyFile));
            for (const auto& warning : body.warnings) {
                std::cerr << "vanthu: " << bodyFile << ": " << warning << "\n";
            }
            document.body = templates::parseBodyMarkup(body.markup);
        } catch (const templates::WordImportError& e) {
            throw UsageError(bodyFile + ": " + e.what());
        }
    }
    const templates::PdfRenderer renderer;
    const auto pdf = renderer.render(document);
    templates::writeFileAtomically(output, pdf.bytes);
    return 0;
}

} // namespace vanthu::cli
