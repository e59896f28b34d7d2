#include "ExchangeFixture.hpp"

#include "TestSupport.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::test {

namespace {

std::unique_ptr<signing::Pkcs12Key>
keyOf(const signing::DemoPki& pki, const signing::DemoIdentity& identity, const std::string& name) {
    return signing::Pkcs12Key::fromBytes(pki.pkcs12(identity, name), pki.options().password);
}

} // namespace

const ExchangeKeys& exchangeKeys() {
    static const ExchangeKeys keys = [] {
        ExchangeKeys k{signing::DemoPki{}, nullptr, nullptr, nullptr};
        k.seal = keyOf(k.pki, k.pki.seal(), "seal");
        k.stranger = keyOf(k.pki, k.pki.signer1(), "signer1");
        signing::DemoPkiOptions ec;
        ec.ecdsa = true;
        const signing::DemoPki ecPki(ec);
        k.ecSeal = keyOf(ecPki, ecPki.seal(), "seal");
        return k;
    }();
    return keys;
}

const std::string& sealedLetterPdf() {
    static const std::string pdf = [] {
        const auto json = readFile(sourceDir() / "samples" / "party-commune-cv-753.json");
        const auto rendered =
            templates::PdfRenderer().render(templates::parseDocumentJson(json)).bytes;
        signing::SignOptions options;
        options.role = signing::SignatureRole::Seal;
        options.lockDocument = true;
        options.signingTime = 1707282000;
        return signing::PadesSigner(options).sign(rendered, *exchangeKeys().seal);
    }();
    return pdf;
}

exchange::Organ organ(const std::string& id, const std::string& name) {
    exchange::Organ o;
    o.organId = id;
    o.organName = name;
    return o;
}

exchange::EdxmlPackage fullPackage(const std::string& pdf) {
    exchange::EdxmlPackage p;
    p.from = {"000.00.12.H35",
              "ĐẢNG ỦY XÃ BÌNH LƯ",
              "ĐẢNG BỘ HUYỆN TAM ĐƯỜNG",
              "xã Bình Lư, huyện Tam Đường, tỉnh Lai Châu",
              "danguy.binhlu@example.vn",
              "0213 3875 123",
              "0213 3875 124",
              "https://binhlu.example.vn"};
    p.to = {test::organ("000.00.01.H35", "HUYỆN ỦY TAM ĐƯỜNG"),
            test::organ("000.00.02.H35", "UBND XÃ BÌNH LƯ")};
    p.code = {"753", "CV/ĐU"};
    p.promulgationInfo = {"Bình Lư", "2024/02/07"};
    p.documentType = {1, "18", "Công văn"};
    p.subject = "V/v tăng cường công tác phòng, chống cháy rừng mùa khô 2024 & <khẩn>";
    p.content = "Nội dung tóm tắt: \"các chi bộ\" triển khai ngay.";
    p.signerInfo = {"T/M ĐẢNG ỦY", "BÍ THƯ", "Lò Văn Pằn"};
    p.dueDate = "2024/03/01";
    p.toPlaces = {"Như trên,", "Lưu VP."};
    p.otherInfo = exchange::OtherInfo{2, "Toàn xã", "Lò Thị Mai", 10, 1, "false", {"Phụ lục I"}};
    p.responseFor = {{"000.00.01.H35", "120-CV/HU", "2024/01/15", "hu-td:120"}};
    p.steeringType = 1;
    p.documentId = "000.00.12.H35,2024/02/07,753/CV/ĐU";
    p.traceHeaders = {{"000.00.12.H35", "2024/02/07 09:30:00"}};
    p.bussiness = exchange::Bussiness{exchange::bussiness::kReplacement,
                                      "Thay thế văn bản ký nhầm",
                                      "000.00.12.H35,2024/02/01,750/CV/ĐU",
                                      "0",
                                      {{"000.00.01.H35", "1"}, {"000.00.02.H35", "2"}},
                                      {{"000.00.12.H35,2024/02/01,750/CV/ĐU", {"000.00.01.H35"}}}};
    p.attachments = {{"1c2d3e4f-0000-4000-8000-000000000001", "753-CV-DU.signed.pdf",
                      "application/pdf", "Văn bản đã ký số", pdf},
                     {"1c2d3e4f-0000-4000-8000-000000000002", "phu-luc.txt", "text/plain", "",
                      "Phụ lục\n\x01\xff"}};
    return p;
}

exchange::MessageStatus fullStatus() {
    exchange::MessageStatus s;
    s.responseFor = {"000.00.12.H35", "753-CV/ĐU", "2024/02/07",
                     "000.00.12.H35,2024/02/07,753/CV/ĐU"};
    s.from = test::organ("000.00.02.H35", "ỦY BAN NHÂN DÂN XÃ BÌNH LƯ");
    s.from.email = "ubnd.binhlu@example.vn";
    s.statusCode = exchange::status::kRegistered;
    s.description = "Đã vào sổ văn bản đến số 15, ngày 08/02/2024";
    s.timestamp = "2024/02/08 08:15:00";
    s.staffInfo = {"Văn phòng", "Trần Thị Lan", "0912 345 678", "lan@example.vn"};
    return s;
}

} // namespace vanthu::test
