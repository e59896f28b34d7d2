// Runs a libFuzzer target's entry point over files, without libFuzzer: the normal (gcc) build
// links each target with this main so that ctest replays the seed corpus and every crasher kept
// under tests/data/fuzz-regressions/<target>/ (the way qpdf keeps its fuzz regressions). Each
// argument is a file or a folder (its regular files, in name order). A crash, a sanitizer
// report or an exception escaping the entry point fails the run; exit 2 when an argument
// cannot be read or no file was found.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs(const std::filesystem::path& argument) {
    if (!std::filesystem::is_directory(argument)) {
        return {argument};
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(argument)) {
        if (entry.is_regular_file()) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t replayed = 0;
    for (int i = 1; i < argc; ++i) {
        for (const auto& file : inputs(argv[i])) {
            std::ifstream in(file, std::ios::binary);
            if (!in) {
                std::cerr << "cannot read " << file << "\n";
                return 2;
            }
            const std::string bytes{std::istreambuf_iterator<char>(in), {}};
            // A copy of exactly its size, so that a read past the end is caught by ASan.
            const std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
            std::cerr << "replaying " << file.string() << " (" << data.size() << " bytes)\n";
            LLVMFuzzerTestOneInput(data.data(), data.size());
            ++replayed;
        }
    }
    std::cout << replayed << " inputs replayed without a fault\n";
    return replayed == 0 ? 2 : 0;
}
