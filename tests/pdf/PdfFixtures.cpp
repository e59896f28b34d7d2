#include "PdfFixtures.hpp"

#include <catch2/catch.hpp>

#include <cstdio>

#include "TestSupport.hpp"

namespace vanthu::test {

namespace {

std::string xrefEntry(std::size_t offset) {
    char line[21];
    std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", offset);
    return line;
}

} // namespace

std::string classicPdf(const std::vector<std::string>& objects) {
    std::string pdf = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f\r\n";
    for (const auto offset : offsets) {
        pdf += xrefEntry(offset);
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

std::string appendRevision(const std::string& pdf,
                           const std::vector<std::pair<int, std::string>>& objects, int size) {
    const std::size_t at = pdf.rfind("startxref");
    REQUIRE(at != std::string::npos);
    const std::string prev = pdf.substr(at + 10, pdf.find('\n', at + 10) - (at + 10));
    std::string out = pdf;
    std::string table;
    for (const auto& [num, body] : objects) {
        table += std::to_string(num) + " 1\n" + xrefEntry(out.size());
        out += std::to_string(num) + " 0 obj\n" + body + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 1\n0000000000 65535 f\r\n" + table + "trailer\n<< /Size " +
           std::to_string(size) + " /Root 1 0 R /Prev " + prev + " >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return out;
}

std::string formPdf() {
    return classicPdf({
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 6 0 R 7 0 R] /SigFlags 3 >> "
        ">>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R 6 0 R 7 0 R] >>",
        // 4: the parent field "Approval" of type /Sig, its kid 5 is the terminal field "Signer"
        "<< /T (Approval) /FT /Sig /Kids [5 0 R] >>",
        "<< /T (Signer) /Parent 4 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R "
        "/V 8 0 R >>",
        // 6: an empty seal field with a lock
        "<< /T (Seal) /FT /Sig /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R "
        "/Lock << /Type /SigFieldLock /Action /Include /Fields [(Number)] /P 2 >> >>",
        "<< /T (Number) /FT /Tx /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>",
        // 8: the signature dictionary (the values are not a real signature)
        "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
        "/ByteRange [0 10 20 30] /Contents <3082ABCD0000> /M (D:20240205093000+07'00') "
        "/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams "
        "<< /Type /TransformParams /P 2 /V /1.2 >> >>] >>",
    });
}

std::string throughQpdf(const std::string& pdf, const std::vector<std::string>& args) {
    TempDir dir;
    writeFile(dir / "in.pdf", pdf);
    std::vector<std::string> argv{"qpdf"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back((dir / "in.pdf").string());
    argv.push_back((dir / "out.pdf").string());
    const auto result = run(argv);
    INFO(result.out << result.err);
    // 3: qpdf succeeded with warnings
    REQUIRE((result.exitCode == 0 || result.exitCode == 3));
    return readFile(dir / "out.pdf");
}

} // namespace vanthu::test
