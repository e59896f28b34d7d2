#include <catch2/catch.hpp>

#include "vanthu/templates/DocumentJson.hpp"

using namespace vanthu::templates;

namespace {

const std::string kLetter = R"({
  "system": "state", "type": "CV", "issuingBody": "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN",
  "number": 5, "notation": "UBND-NV", "place": "Văn Quan", "date": "2024-06-25",
  "subject": "triển khai Thông báo", "recipients": ["UBND các xã, thị trấn"],
  "body": "Thực hiện Thông báo.", "distribution": ["Như trên", "Lưu: VT, NV"],
  "signer": {"authority": "KT", "authorityOf": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
             "name": "Triệu Đức Dũng"}
})";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

std::string fieldOf(const std::string& json) {
    try {
        parseDocumentJson(json);
    } catch (const InvalidDocument& e) {
        CHECK(std::string(e.what()).find('\n') == std::string::npos);
        return e.field();
    }
    FAIL("accepted: " << json);
    return "";
}

} // namespace

TEST_CASE("A complete letter is read") {
    const auto doc = parseDocumentJson(kLetter);
    CHECK(doc.system == DocumentSystem::State);
    CHECK(doc.type.code == "CV");
    CHECK(doc.notation.line(doc.system) == "Số: 05/UBND-NV");
    CHECK(doc.date.written() == "ngày 25 tháng 6 năm 2024");
    CHECK(doc.signer.authority == Authority::ForHead);
    CHECK(doc.recipients.size() == 1);
    CHECK_FALSE(doc.isDraft());
    CHECK(doc.title() == "Công văn V/v triển khai Thông báo");
}

TEST_CASE("A letter without number or day is a draft") {
    auto json = replaced(kLetter, R"("number": 5,)", "");
    json = replaced(json, "2024-06-25", "2024-06");
    const auto doc = parseDocumentJson(json);
    CHECK(doc.isDraft());
    CHECK(doc.notation.text(doc.system) == "/UBND-NV");
}

TEST_CASE("NFD text is normalised to NFC") {
    // "Dũng" with U+0303 COMBINING TILDE after u.
    const auto doc = parseDocumentJson(replaced(kLetter, "Triệu Đức Dũng", "Triệu Đức Du\u0303ng"));
    CHECK(doc.signer.name == "Triệu Đức Dũng");
}

TEST_CASE("Each kind of invalid input names its field") {
    CHECK(fieldOf(replaced(kLetter, R"("place": "Văn Quan",)", "")) == "place");
    CHECK(fieldOf(replaced(kLetter, R"("type": "CV")", R"("type": "ZZ")")) == "type");
    CHECK(fieldOf(replaced(kLetter, "2024-06-25", "2024-13-01")) == "date");
    CHECK(fieldOf(replaced(kLetter, R"("number": 5)", R"("number": "năm")")) == "number");
    CHECK(fieldOf(replaced(kLetter, R"("number": 5)", R"("number": 0)")) == "number");
    CHECK(fieldOf(replaced(kLetter, R"("name": "Triệu Đức Dũng")", R"("name": "")")) ==
          "signer.name");
    CHECK(fieldOf(replaced(kLetter, R"("authority": "KT")", R"("authority": "XX")")) ==
          "signer.authority");
    CHECK(fieldOf(replaced(kLetter, R"("system": "state")", R"("system": "bank")")) == "system");
    CHECK(fieldOf(replaced(kLetter, R"("recipients": ["UBND các xã, thị trấn"])",
                           R"("recipients": "UBND")")) == "recipients");
    CHECK(fieldOf(replaced(kLetter, R"("place")", R"("plaec")")) == "plaec");
    CHECK(fieldOf(replaced(kLetter, R"("body": "Thực hiện Thông báo.")", R"("body": "**mở")")) ==
          "body");
    CHECK(fieldOf(replaced(kLetter, "{", "[")) == "");
    CHECK(fieldOf("{\"system\": \"state\",") == "");
    // Invalid UTF-8 is refused (by the JSON parser or by the NFC step).
    CHECK_THROWS_AS(parseDocumentJson(replaced(kLetter, "Văn Quan\"", "\xff\xfe\"")),
                    InvalidDocument);
}

TEST_CASE("Party documents refuse the State-only acting authority") {
    auto json = replaced(kLetter, R"("system": "state")", R"("system": "party")");
    CHECK(fieldOf(replaced(json, R"("authority": "KT")", R"("authority": "Q")")) ==
          "signer.authority");
}
