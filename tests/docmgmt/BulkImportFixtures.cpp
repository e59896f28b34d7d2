#include "BulkImportFixtures.hpp"

#include "TestSupport.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::test {

namespace {

std::string renderSample(const std::string& name) {
    const templates::PdfRenderer renderer;
    return renderer.render(templates::parseDocumentJson(readFile(sourceDir() / "samples" / name)))
        .bytes;
}

} // namespace

void importFolder(const std::filesystem::path& folder) {
    writeFile(folder / "753.pdf", renderSample("party-commune-cv-753.json"));
    writeFile(folder / "2858.pdf", renderSample("party-province-cv-2858.json"));
    writeFile(folder / "hong.pdf", "%PDF-1.7\n1 0 obj\n<< /Type /Catalog\n%%EOF\n");
    writeFile(folder / "ghi-chu.txt", "không phải PDF\n");
    writeFile(
        folder / "metadata.csv",
        "\xEF\xBB\xBF"
        "direction,number,notation,date,issuer,type,subject,signer,file\r\n"
        "in,753,CV/ĐU,12/06/2024,Đảng ủy xã Bình Lư,Công văn,"
        "\"Về việc tổng kết, đánh giá công tác năm 2024\",Lò Văn Minh,753.pdf\r\n"
        "out,2858,CV/TU,2024-06-30,Tỉnh ủy Bắc Giang,Công văn,Về công tác cán bộ,,2858.pdf\r\n"
        "out,12,UBND-NV,31/02/2024,UBND huyện Văn Quan,Công văn,Ngày sai,,753.pdf\r\n"
        "in,13,UBND-VP,2024-03-01,UBND huyện Văn Quan,Thông báo,Thiếu tệp,,khong-co.pdf\r\n"
        "in,14,UBND-VP,2024-03-02,UBND huyện Văn Quan,Thông báo,PDF hỏng,,hong.pdf\r\n"
        "in,753,CV/ĐU,2024-06-12,Đảng ủy xã Bình Lư,Công văn,Trùng,,753.pdf\r\n"
        "in,15,UBND-VP,2024-03-03,UBND huyện Văn Quan,Thông báo,Tệp chữ,,ghi-chu.txt\r\n"
        "in,16,UBND-VP,2024-03-04,UBND huyện Văn Quan,Thông báo,Ngoài thư mục,,"
        "../753.pdf\r\n");
}

} // namespace vanthu::test
