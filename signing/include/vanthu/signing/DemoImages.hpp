#pragma once
// Demo images drawn in code: a blue handwriting-like signature and a red round seal, both RGBA
// PNG with a transparent background. Deterministic bytes.
#include <cstdint>
#include <string>
#include <vector>

namespace vanthu::signing {

class DemoImages {
public:
    /// 600 x 240 px, blue (#1a3fa8) stroke on transparent.
    static std::string signaturePng();
    /// 420 x 420 px, red (#d8141c) rings, star and marks on transparent.
    static std::string sealPng();
    /// Encodes 8-bit RGBA pixels (row-major, width*height*4 bytes) as PNG.
    static std::string encodePng(int width, int height, const std::vector<std::uint8_t>& rgba);
};

} // namespace vanthu::signing
