#include "Prescan.hpp"

#include <string>

namespace vanthu::exchange::detail {

namespace {

RefusedPackage overLimit(const std::string& what) {
    return RefusedPackage(Refusal::TooLarge, "Gói tin vượt giới hạn: " + what + ".");
}

RefusedPackage unterminated(const char* what) {
    return RefusedPackage(Refusal::Malformed,
                          std::string("Gói tin không phải XML hợp lệ: ") + what + " không đóng.");
}

bool space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/// The element whose text may be long (base64 payload).
bool payloadElement(std::string_view qualifiedName) {
    const auto colon = qualifiedName.rfind(':');
    const auto local =
        colon == std::string_view::npos ? qualifiedName : qualifiedName.substr(colon + 1);
    return local == "ContentTransferEncoded";
}

class Scanner {
public:
    Scanner(std::string_view xml, const ReadLimits& limits) : xml_(xml), limits_(limits) {}

    void run() {
        while (at_ < xml_.size()) {
            if (xml_[at_] != '<') {
                text();
            } else if (starts("<!--")) {
                skipPast("-->", "một chú thích (comment)");
            } else if (starts("<![CDATA[")) {
                const auto begin = at_;
                skipPast("]]>", "một đoạn CDATA");
                countText(at_ - begin);
            } else if (starts("<?") || starts("<!")) {
                skipPast(">", "một chỉ thị xử lý");
            } else if (starts("</")) {
                skipPast(">", "một thẻ đóng");
                if (depth_ > 0) {
                    --depth_;
                }
                textRun_ = 0;
                inPayload_ = false;
            } else {
                startTag();
            }
        }
    }

private:
    bool starts(std::string_view what) const { return xml_.substr(at_, what.size()) == what; }

    void skipPast(std::string_view end, const char* what) {
        const auto found = xml_.find(end, at_);
        if (found == std::string_view::npos) {
            throw unterminated(what);
        }
        at_ = found + end.size();
    }

    void text() {
        const auto next = xml_.find('<', at_);
        const auto end = next == std::string_view::npos ? xml_.size() : next;
        countText(end - at_);
        at_ = end;
    }

    void countText(std::size_t bytes) {
        textRun_ += bytes;
        if (!inPayload_ && textRun_ > limits_.maxTextBytes) {
            throw overLimit("một đoạn văn bản dài hơn " +
                            std::to_string(limits_.maxTextBytes >> 10) + " KiB");
        }
    }

    void startTag() {
        ++at_;
        const auto nameBegin = at_;
        while (at_ < xml_.size() && !space(xml_[at_]) && xml_[at_] != '>' && xml_[at_] != '/') {
            ++at_;
        }
        const auto name = xml_.substr(nameBegin, at_ - nameBegin);
        std::size_t attributes = 0;
        bool selfClosing = false;
        for (;;) {
            while (at_ < xml_.size() && space(xml_[at_])) {
                ++at_;
            }
            if (at_ >= xml_.size()) {
                throw unterminated("một thẻ mở");
            }
            if (xml_[at_] == '>') {
                ++at_;
                break;
            }
            if (xml_[at_] == '/') {
                selfClosing = true;
                ++at_;
                continue;
            }
            // An attribute: its name up to '=', then a quoted value.
            while (at_ < xml_.size() && xml_[at_] != '=' && xml_[at_] != '>') {
                ++at_;
            }
            if (at_ >= xml_.size() || xml_[at_] == '>') {
                continue; // malformed; the parser says so
            }
            ++at_;
            while (at_ < xml_.size() && space(xml_[at_])) {
                ++at_;
            }
            if (at_ >= xml_.size()) {
                throw unterminated("một thẻ mở");
            }
            const char quote = xml_[at_];
            if (quote == '"' || quote == '\'') {
                const auto close = xml_.find(quote, at_ + 1);
                if (close == std::string_view::npos) {
                    throw unterminated("giá trị của một thuộc tính");
                }
                at_ = close + 1;
            }
            if (++attributes > limits_.maxAttributes) {
                throw overLimit("một phần tử có hơn " + std::to_string(limits_.maxAttributes) +
                                " thuộc tính");
            }
        }
        if (++elements_ > limits_.maxElements) {
            throw overLimit("hơn " + std::to_string(limits_.maxElements) + " phần tử");
        }
        if (!selfClosing && ++depth_ > limits_.maxDepth) {
            throw overLimit("các phần tử lồng nhau sâu hơn " + std::to_string(limits_.maxDepth) +
                            " mức");
        }
        inPayload_ = !selfClosing && payloadElement(name);
        textRun_ = 0;
    }

    std::string_view xml_;
    const ReadLimits& limits_;
    std::size_t at_ = 0, depth_ = 0, elements_ = 0, textRun_ = 0;
    bool inPayload_ = false;
};

} // namespace

void prescan(std::string_view xml, const ReadLimits& limits) {
    Scanner(xml, limits).run();
}

} // namespace vanthu::exchange::detail
