#include "http/SearchExport.hpp"
#include "vanthu/docmgmt/XmlText.hpp"
#include "vanthu/tools/ToolRun.hpp"

#include <atomic>
#include <map>
#include <sstream>

namespace vanthu::http {

namespace {

constexpr std::chrono::seconds kTimeLimit{60};
/// An export of at most 500 rows is far smaller; a converter writing more is stopped here.
constexpr std::size_t kMaxOutputBytes = 64u << 20;

const std::map<std::string, std::string>& columnTitles() {
    static const std::map<std::string, std::string> titles = {
        {"notation", "Số, ký hiệu"},  {"arrivalNumber", "Số đến"}, {"date", "Ngày"},
        {"typeName", "Loại văn bản"}, {"subject", "Trích yếu"},    {"issuer", "Cơ quan ban hành"},
        {"signer", "Người ký"},       {"handler", "Người xử lý"},  {"deadline", "Hạn xử lý"},
        {"recipients", "Nơi nhận"},   {"caseFiles", "Hồ sơ"},      {"urgency", "Độ khẩn"},
        {"secrecy", "Độ mật"},        {"status", "Trạng thái"},    {"register", "Sổ"},
    };
    return titles;
}

/// "2026-06-16" → "16/06/2026"; other text unchanged.
std::string vietnameseDate(const std::string& iso) {
    if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-') {
        return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
    }
    return iso;
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : separator) + item;
    }
    return out;
}

std::string cell(const search::IndexedDocument& d, const std::string& column) {
    if (column == "notation")
        return d.notation;
    if (column == "arrivalNumber")
        return d.arrivalNumber;
    if (column == "date")
        return vietnameseDate(d.date);
    if (column == "typeName")
        return d.typeName.empty() ? d.typeCode : d.typeName;
    if (column == "subject")
        return d.subject;
    if (column == "issuer")
        return d.issuer;
    if (column == "signer")
        return d.signer;
    if (column == "handler")
        return d.handler;
    if (column == "deadline")
        return vietnameseDate(d.deadline);
    if (column == "recipients")
        return joined(d.recipients, "; ");
    if (column == "caseFiles") {
        std::vector<std::string> files;
        for (const auto& file : d.caseFiles) {
            if (!file.code.empty() || !file.title.empty()) {
                files.push_back(file.code + " " + file.title);
            }
        }
        return joined(files, "; ");
    }
    if (column == "urgency")
        return d.urgency;
    if (column == "secrecy")
        return d.secrecy;
    if (column == "status")
        return statusName(d.status);
    if (column == "register") {
        return d.kind == "imported"           ? "Nhập từ hệ thống cũ"
               : d.registerName == "incoming" ? "Văn bản đến"
                                              : "Văn bản đi";
    }
    return {};
}

/// One of the kMaxConcurrentExports places, held while a converter runs.
class ExportSlot {
public:
    ExportSlot() {
        if (running().fetch_add(1) >= kMaxConcurrentExports) {
            running().fetch_sub(1);
            throw ExportBusy("too many exports at once");
        }
    }
    ~ExportSlot() { running().fetch_sub(1); }
    ExportSlot(const ExportSlot&) = delete;
    ExportSlot& operator=(const ExportSlot&) = delete;

private:
    static std::atomic<int>& running() {
        static std::atomic<int> count{0};
        return count;
    }
};

/// Writes the HTML in a scratch folder, runs the converter on it with a time limit, and returns
/// what it wrote to results.<extension>.
std::string convert(const ResultsTable& table, const std::string& tool,
                    const std::vector<std::string>& toolArgs, const std::string& extension) {
    const ExportSlot slot;
    try {
        const tools::ScratchFolder folder("vanthu-export");
        folder.write("results.html", resultsHtml(table));
        const auto run = tools::runTool(folder, tool, toolArgs, {kTimeLimit, 500});
        const auto bytes = folder.read("results." + extension, kMaxOutputBytes);
        if (!run.succeeded() || bytes.empty() || bytes.size() > kMaxOutputBytes) {
            throw ExportError(tool + " failed (" + std::to_string(run.exitCode) +
                              "): " + run.messages);
        }
        return bytes;
    } catch (const tools::ToolMissing& e) {
        throw ExportError(e.what());
    } catch (const tools::ScratchFolderError& e) {
        throw ExportError(e.what());
    }
}

} // namespace

const std::vector<std::string>& searchColumns() {
    static const std::vector<std::string> columns = {
        "notation",  "arrivalNumber", "date",    "typeName", "subject",
        "issuer",    "signer",        "handler", "deadline", "recipients",
        "caseFiles", "urgency",       "secrecy", "status",   "register",
    };
    return columns;
}

std::string searchColumnTitle(const std::string& column) {
    const auto found = columnTitles().find(column);
    return found == columnTitles().end() ? std::string() : found->second;
}

std::string statusName(const std::string& status) {
    static const std::map<std::string, std::string> names = {
        {"draft", "Dự thảo"},
        {"submitted", "Chờ duyệt"},
        {"returned", "Bị trả lại"},
        {"approved", "Đã duyệt, chờ ký"},
        {"signed", "Đã ký, chờ phát hành"},
        {"issued", "Đã phát hành"},
        {"arrived", "Chờ vào sổ"},
        {"refused", "Đã từ chối"},
        {"registered", "Chờ giao xử lý"},
        {"assigned", "Đã giao xử lý"},
        {"in_progress", "Đang xử lý"},
        {"done", "Đã xử lý xong"},
        {"imported", "Nhập từ hệ thống cũ"},
        {"recalled", "Đã thu hồi"},
        {"replaced", "Đã được thay thế"},
        {"updated", "Đã được cập nhật"},
        {"requested", "Đang đề nghị thu hồi"},
    };
    const auto found = names.find(status);
    return found == names.end() ? status : found->second;
}

std::string resultsHtml(const ResultsTable& table) {
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" +
        docmgmt::xmlEscaped(table.title) +
        "</title><style>@page{size:A4 landscape;margin:12mm}"
        "body{font-family:'Times New Roman','Liberation Serif',serif;font-size:11pt}"
        "h1{font-size:14pt;text-align:center}table{border-collapse:collapse;width:100%}"
        "th,td{border:0.5pt solid #000;padding:2pt 4pt;vertical-align:top;text-align:left}"
        "th{background:#eee}</style></head><body>\n<h1>" +
        docmgmt::xmlEscaped(table.title) + "</h1>\n<p>" + docmgmt::xmlEscaped(table.description) +
        "</p>\n<table>\n<thead><tr><th>STT</th>";
    for (const auto& column : table.columns) {
        out += "<th>" + docmgmt::xmlEscaped(searchColumnTitle(column)) + "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    int row = 0;
    for (const auto& hit : table.hits) {
        out += "<tr><td>" + std::to_string(++row) + "</td>";
        for (const auto& column : table.columns) {
            out += "<td>" + docmgmt::xmlEscaped(cell(hit.document, column)) + "</td>";
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n</body></html>\n";
    return out;
}

std::string resultsDocx(const ResultsTable& table) {
    return convert(table, "pandoc",
                   {"--from=html", "--to=docx", "--output=results.docx", "results.html"}, "docx");
}

std::string resultsPdf(const ResultsTable& table) {
    return convert(table, "weasyprint", {"--encoding", "utf-8", "results.html", "results.pdf"},
                   "pdf");
}

} // namespace vanthu::http
