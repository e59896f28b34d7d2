// bench_render: in-process rendering speed of vanthu_templates (issue 2, item 9).
//
//   bench_render [options] [INPUT.json ...]
//
// Each input is read once and parsed once; then, after a warm-up, R repetitions of a batch of N
// renders are timed with std::chrono::steady_clock (wall) and CLOCK_THREAD_CPUTIME_ID (CPU, which
// a busy shared machine inflates far less). Reported per document: the median and the minimum of
// the R batch means, documents per second (from the wall median), the same for
// parse+render (parseDocumentJson on the in-memory text, then render), and the peak resident set
// size of the process so far (getrusage ru_maxrss). A generated ten-page State letter is always
// measured as well (the State letter of tests/templates/SampleChecksTest.cpp, with as many
// paragraphs as fill exactly ten pages). Without inputs: bench/data/one-page-letter.json and
// samples/party-commune-cv-753.json (two pages). A Markdown table closes the output.
//
// Options:
//   --reps R             repetitions (default 9)
//   --batch N            renders per batch (default: enough for about 0.2 s per batch)
//   --warmup-ms MS       warm-up time per document (default 300)
//   --write-ten-page P   also write the generated ten-page JSON to P (for whole-process runs)
//   --no-ten-page        skip the generated ten-page letter
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using vanthu::templates::OfficialDocument;
using vanthu::templates::parseDocumentJson;
using vanthu::templates::PdfRenderer;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// CPU time of this thread: close to the wall time of an idle machine even when other work
/// competes for the cores.
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

long peakRssKiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error(path + ": cannot read the file");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// Keeps the optimiser from discarding the work.
volatile size_t sink = 0;

/// Deterministic Vietnamese filler, as in tests/templates/SampleChecksTest.cpp.
std::string generatedParagraph(int index, int sentences) {
    static const std::vector<std::string> pool{
        "Các cơ quan, đơn vị tiếp tục rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm "
        "quyền giải quyết, công khai đầy đủ quy trình, thời hạn và phí, lệ phí.",
        "Tăng cường ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động chỉ đạo, điều "
        "hành; sử dụng hệ thống quản lý văn bản điện tử và chữ ký số.",
        "Người đứng đầu chịu trách nhiệm trước cấp trên về kết quả thực hiện nhiệm vụ cải cách "
        "hành chính tại cơ quan, đơn vị mình.",
        "Định kỳ hằng quý báo cáo kết quả thực hiện, nêu rõ khó khăn, vướng mắc, nguyên nhân và "
        "đề xuất giải pháp khắc phục kịp thời.",
        "Phát huy vai trò giám sát của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội đối "
        "với việc giải quyết thủ tục hành chính và phục vụ Nhân dân.",
        "Kịp thời biểu dương, khen thưởng tập thể, cá nhân thực hiện tốt; chấn chỉnh, xử lý "
        "nghiêm những trường hợp gây phiền hà, sách nhiễu người dân, doanh nghiệp.",
        "Bố trí cán bộ, công chức có trình độ, năng lực tại Bộ phận Một cửa; nâng cao tinh thần "
        "trách nhiệm, thái độ phục vụ và văn hóa công sở.",
    };
    std::string text = "Nội dung thứ " + std::to_string(index) + ".";
    for (int j = 0; j < sentences; ++j) {
        text += " " + pool[static_cast<size_t>(index * 3 + j) % pool.size()];
    }
    return text;
}

/// The generated State letter of the sample checks with `paragraphs` paragraphs of four
/// sentences. The text has no quote or backslash, so only the paragraph breaks need escaping.
std::string generatedJson(int paragraphs) {
    std::string body;
    for (int i = 1; i <= paragraphs; ++i) {
        if (!body.empty()) {
            body += "\\n\\n";
        }
        body += generatedParagraph(i, 4);
    }
    return R"({
  "system": "state",
  "type": "CV",
  "issuingBody": "ỦY BAN NHÂN DÂN\nHUYỆN VĂN QUAN",
  "number": 7,
  "notation": "UBND-NV",
  "place": "Văn Quan",
  "date": "2024-02-05",
  "subject": "tăng cường kỷ luật, kỷ cương hành chính năm 2024",
  "recipients": ["Các phòng chuyên môn trực thuộc UBND huyện;", "UBND các xã, thị trấn."],
  "body": ")" +
           body +
           R"(",
  "signer": {"authority": "KT", "authorityOf": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
             "name": "Triệu Đức Dũng"},
  "distribution": ["Như trên;", "Lưu: VT, NV."],
  "timestamp": 1707105600
}
)";
}

struct Options {
    int reps = 9;
    int batch = 0; // 0: calibrate
    double warmupMs = 300;
    bool tenPage = true;
    std::string writeTenPage;
    std::vector<std::string> inputs;
};

struct Row {
    std::string name;
    int pages = 0;
    size_t bytes = 0;
    int batch = 0;
    double renderMedian = 0, renderMin = 0;               // ms per document
    double parseRenderMedian = 0, parseRenderMin = 0;     // ms per document
    double renderCpuMedian = 0, parseRenderCpuMedian = 0; // CPU ms per document
    double parseMedian = 0;                               // ms per document
    long peakRss = 0;                                     // KiB, process so far
};

struct Timings {
    std::vector<double> wall, cpu; // per-call mean of each repetition, ms
};

/// R repetitions of a batch of n calls.
template <typename F> Timings timeBatches(int reps, int n, F&& call) {
    Timings t;
    for (int r = 0; r < reps; ++r) {
        const double cpuStart = threadCpuMs();
        const auto start = Clock::now();
        for (int i = 0; i < n; ++i) {
            call();
        }
        t.wall.push_back(msSince(start) / n);
        t.cpu.push_back((threadCpuMs() - cpuStart) / n);
    }
    return t;
}

Row measure(const PdfRenderer& renderer, const std::string& name, const std::string& json,
            const Options& options) {
    Row row;
    row.name = name;
    const OfficialDocument document = parseDocumentJson(json);
    const auto first = renderer.render(document);
    row.pages = first.pageCount;
    row.bytes = first.bytes.size();

    // Warm-up (caches, allocator, lazily built tables), which also calibrates the batch size.
    int warmups = 0;
    const auto warmStart = Clock::now();
    do {
        const auto pdf = renderer.render(document);
        if (pdf.bytes != first.bytes) {
            throw std::runtime_error(name + ": the output differs between renders");
        }
        ++warmups;
    } while (msSince(warmStart) < options.warmupMs);
    const double estimate = msSince(warmStart) / warmups;
    row.batch =
        options.batch > 0 ? options.batch : std::clamp(static_cast<int>(200.0 / estimate), 3, 1000);

    const auto render = timeBatches(options.reps, row.batch,
                                    [&] { sink = sink + renderer.render(document).bytes.size(); });
    const auto parseRender = timeBatches(options.reps, row.batch, [&] {
        sink = sink + renderer.render(parseDocumentJson(json)).bytes.size();
    });
    const auto parse = timeBatches(
        options.reps, row.batch, [&] { sink = sink + parseDocumentJson(json).body.blocks.size(); });
    row.renderMedian = median(render.wall);
    row.renderMin = *std::min_element(render.wall.begin(), render.wall.end());
    row.renderCpuMedian = median(render.cpu);
    row.parseRenderMedian = median(parseRender.wall);
    row.parseRenderMin = *std::min_element(parseRender.wall.begin(), parseRender.wall.end());
    row.parseRenderCpuMedian = median(parseRender.cpu);
    row.parseMedian = median(parse.wall);
    row.peakRss = peakRssKiB();
    return row;
}

void printRow(const Row& row, int reps) {
    std::printf("%s: %d page(s), %zu bytes, %d x %d renders\n", row.name.c_str(), row.pages,
                row.bytes, reps, row.batch);
    std::printf("  render        median %8.3f ms/doc  min %8.3f ms/doc  %8.1f docs/s  "
                "CPU median %8.3f ms/doc\n",
                row.renderMedian, row.renderMin, 1000.0 / row.renderMedian, row.renderCpuMedian);
    std::printf("  parse+render  median %8.3f ms/doc  min %8.3f ms/doc  %8.1f docs/s  "
                "CPU median %8.3f ms/doc\n",
                row.parseRenderMedian, row.parseRenderMin, 1000.0 / row.parseRenderMedian,
                row.parseRenderCpuMedian);
    std::printf("  parse only    median %8.3f ms/doc\n", row.parseMedian);
    std::printf("  peak RSS so far %.1f MiB\n", row.peakRss / 1024.0);
    std::fflush(stdout);
}

Options parseOptions(int argc, char** argv) {
    Options options;
    auto value = [&](int& i) -> std::string {
        if (i + 1 >= argc) {
            throw std::runtime_error(std::string(argv[i]) + " needs a value");
        }
        return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--reps") {
            options.reps = std::max(1, std::stoi(value(i)));
        } else if (arg == "--batch") {
            options.batch = std::max(1, std::stoi(value(i)));
        } else if (arg == "--warmup-ms") {
            options.warmupMs = std::stod(value(i));
        } else if (arg == "--write-ten-page") {
            options.writeTenPage = value(i);
        } else if (arg == "--no-ten-page") {
            options.tenPage = false;
        } else if (arg == "-h" || arg == "--help") {
            std::puts("usage: bench_render [--reps R] [--batch N] [--warmup-ms MS] "
                      "[--write-ten-page PATH] [--no-ten-page] [INPUT.json ...]");
            std::exit(0);
        } else if (!arg.empty() && arg[0] == '-') {
            throw std::runtime_error("unknown option " + arg);
        } else {
            options.inputs.push_back(arg);
        }
    }
    if (options.inputs.empty()) {
        options.inputs = {VANTHU_SOURCE_DIR "/bench/data/one-page-letter.json",
                          VANTHU_SOURCE_DIR "/samples/party-commune-cv-753.json"};
    }
    return options;
}

/// The generated letter with as many paragraphs as fill exactly ten pages (the page count only
/// grows with the paragraphs, so a walk from a first guess finds it).
std::string tenPageJson(const PdfRenderer& renderer) {
    int paragraphs = 50;
    for (int step = 0; step < 40; ++step) {
        std::string json = generatedJson(paragraphs);
        const int pages = renderer.render(parseDocumentJson(json)).pageCount;
        if (pages == 10) {
            return json;
        }
        paragraphs += pages < 10 ? 1 : -1;
    }
    throw std::runtime_error("no paragraph count gives a ten-page letter");
}

std::string baseName(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

int main(int argc, char** argv) {
    vanthu::templates::tuneAllocatorForPdf(); // as the vanthu binary does at start-up
    try {
        const Options options = parseOptions(argc, argv);
        std::printf("peak RSS at start %.1f MiB\n", peakRssKiB() / 1024.0);

        const auto setupStart = Clock::now();
        const PdfRenderer renderer; // font discovery and loading: paid once per process
        const double setupMs = msSince(setupStart);
        std::printf("PdfRenderer construction (fonts): %.3f ms, peak RSS %.1f MiB\n\n", setupMs,
                    peakRssKiB() / 1024.0);

        std::vector<Row> rows;
        for (const auto& path : options.inputs) {
            rows.push_back(measure(renderer, baseName(path), readFile(path), options));
            printRow(rows.back(), options.reps);
        }
        if (options.tenPage) {
            const std::string json = tenPageJson(renderer);
            if (!options.writeTenPage.empty()) {
                std::ofstream(options.writeTenPage, std::ios::binary) << json;
            }
            rows.push_back(measure(renderer, "generated-ten-page-letter", json, options));
            printRow(rows.back(), options.reps);
        }

        std::printf("\n| Document | Pages | Render ms/doc (median) | Render ms/doc (min) | Docs/s "
                    "| Render CPU ms/doc (median) | Parse+render ms/doc (median) | Parse+render "
                    "docs/s | Parse+render CPU ms/doc (median) | Peak RSS so far (MiB) |\n");
        std::printf("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (const auto& row : rows) {
            std::printf("| %s | %d | %.2f | %.2f | %.0f | %.2f | %.2f | %.0f | %.2f | %.1f |\n",
                        row.name.c_str(), row.pages, row.renderMedian, row.renderMin,
                        1000.0 / row.renderMedian, row.renderCpuMedian, row.parseRenderMedian,
                        1000.0 / row.parseRenderMedian, row.parseRenderCpuMedian,
                        row.peakRss / 1024.0);
        }
        std::printf("\nPdfRenderer construction (once per process): %.2f ms; %d repetitions, "
                    "median and min of the batch means.\n",
                    setupMs, options.reps);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_render: %s\n", e.what());
        return 1;
    }
}
