#include "vanthu/signing/DemoImages.hpp"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vanthu::signing {

namespace {

/// A coverage (alpha) canvas with an anti-aliased round pen.
class Canvas {
public:
    Canvas(int width, int height) : width_(width), height_(height), alpha_(width * height, 0.0) {}

    void dot(double x, double y, double radius) {
        const int x0 = std::max(0, static_cast<int>(std::floor(x - radius - 1)));
        const int x1 = std::min(width_ - 1, static_cast<int>(std::ceil(x + radius + 1)));
        const int y0 = std::max(0, static_cast<int>(std::floor(y - radius - 1)));
        const int y1 = std::min(height_ - 1, static_cast<int>(std::ceil(y + radius + 1)));
        for (int py = y0; py <= y1; ++py) {
            for (int px = x0; px <= x1; ++px) {
                const double d = std::hypot(px + 0.5 - x, py + 0.5 - y);
                const double a = std::clamp(radius + 0.5 - d, 0.0, 1.0);
                double& cell = alpha_[static_cast<size_t>(py * width_ + px)];
                cell = std::max(cell, a);
            }
        }
    }

    void line(double xa, double ya, double xb, double yb, double radius) {
        const int steps = std::max(1, static_cast<int>(std::hypot(xb - xa, yb - ya) * 2));
        for (int i = 0; i <= steps; ++i) {
            const double t = static_cast<double>(i) / steps;
            dot(xa + (xb - xa) * t, ya + (yb - ya) * t, radius);
        }
    }

    std::vector<std::uint8_t> rgba(std::uint8_t r, std::uint8_t g, std::uint8_t b) const {
        std::vector<std::uint8_t> out(alpha_.size() * 4);
        for (size_t i = 0; i < alpha_.size(); ++i) {
            out[i * 4] = r;
            out[i * 4 + 1] = g;
            out[i * 4 + 2] = b;
            out[i * 4 + 3] = static_cast<std::uint8_t>(std::lround(alpha_[i] * 255));
        }
        return out;
    }

private:
    int width_, height_;
    std::vector<double> alpha_;
};

void appendChunk(std::string& png, const char* type, const std::string& data) {
    const auto length = static_cast<std::uint32_t>(data.size());
    for (int shift = 24; shift >= 0; shift -= 8) {
        png += static_cast<char>((length >> shift) & 0xff);
    }
    std::string body = std::string(type, 4) + data;
    png += body;
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
    for (int shift = 24; shift >= 0; shift -= 8) {
        png += static_cast<char>((crc >> shift) & 0xff);
    }
}

std::string bigEndian32(std::uint32_t value) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) {
        out += static_cast<char>((value >> shift) & 0xff);
    }
    return out;
}

} // namespace

std::string DemoImages::encodePng(int width, int height, const std::vector<std::uint8_t>& rgba) {
    if (width <= 0 || height <= 0 || rgba.size() != static_cast<size_t>(width) * height * 4) {
        throw std::invalid_argument("encodePng: pixel buffer does not match the size");
    }
    std::string raw;
    raw.reserve(static_cast<size_t>(height) * (width * 4 + 1));
    for (int y = 0; y < height; ++y) {
        raw += '\0'; // filter: none
        raw.append(reinterpret_cast<const char*>(rgba.data()) + static_cast<size_t>(y) * width * 4,
                   static_cast<size_t>(width) * 4);
    }
    uLongf compressedLength = compressBound(static_cast<uLong>(raw.size()));
    std::string compressed(compressedLength, '\0');
    if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressedLength,
                  reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                  9) != Z_OK) {
        throw std::runtime_error("cannot compress a PNG image");
    }
    compressed.resize(compressedLength);

    std::string png("\x89PNG\r\n\x1a\n", 8);
    std::string header = bigEndian32(static_cast<std::uint32_t>(width)) +
                         bigEndian32(static_cast<std::uint32_t>(height));
    header += '\x08'; // bit depth
    header += '\x06'; // RGBA
    header += std::string(3, '\0');
    appendChunk(png, "IHDR", header);
    appendChunk(png, "IDAT", compressed);
    appendChunk(png, "IEND", "");
    return png;
}

std::string DemoImages::signaturePng() {
    constexpr int width = 600, height = 240;
    Canvas canvas(width, height);
    // A cursive scrawl: a sum of sines traced left to right with loops, then an underline flourish.
    const double pi = std::acos(-1.0);
    double px = 0, py = 0;
    bool first = true;
    for (int i = 0; i <= 4000; ++i) {
        const double t = static_cast<double>(i) / 4000;
        const double x = 60 + 430 * t + 38 * std::cos(t * 2 * pi * 7);
        const double y = 115 - 55 * std::sin(t * 2 * pi * 7) * (0.6 + 0.4 * std::sin(t * pi)) +
                         18 * std::sin(t * 2 * pi * 1.5);
        const double pen =
            2.6 + 1.6 * std::sin(t * 2 * pi * 7 + 1.0) * std::sin(t * 2 * pi * 7 + 1.0);
        if (!first) {
            canvas.line(px, py, x, y, pen);
        }
        px = x;
        py = y;
        first = false;
    }
    first = true;
    for (int i = 0; i <= 1000; ++i) {
        const double t = static_cast<double>(i) / 1000;
        const double x = 40 + 520 * t;
        const double y = 190 - 30 * t + 14 * std::sin(t * pi * 3);
        const double pen = 1.5 + 2.0 * std::sin(t * pi);
        if (!first) {
            canvas.line(px, py, x, y, pen);
        }
        px = x;
        py = y;
        first = false;
    }
    return encodePng(width, height, canvas.rgba(0x1a, 0x3f, 0xa8));
}

std::string DemoImages::sealPng() {
    constexpr int size = 420;
    Canvas canvas(size, size);
    const double c = size / 2.0;
    const double pi = std::acos(-1.0);
    auto circle = [&](double radius, double pen) {
        for (int i = 0; i < 2000; ++i) {
            const double a = 2 * pi * i / 2000;
            canvas.dot(c + radius * std::cos(a), c + radius * std::sin(a), pen);
        }
    };
    circle(200, 5);
    circle(186, 2);
    circle(118, 3);
    // Marks standing for the lettering between the rings.
    for (int i = 0; i < 48; ++i) {
        const double a = 2 * pi * i / 48;
        if (i % 12 == 11) {
            continue;
        }
        canvas.line(c + 135 * std::cos(a), c + 135 * std::sin(a), c + 170 * std::cos(a),
                    c + 170 * std::sin(a), 3.5);
    }
    // A five-pointed star in the middle.
    double points[10][2];
    for (int i = 0; i < 10; ++i) {
        const double a = -pi / 2 + pi * i / 5;
        const double r = (i % 2 == 0) ? 90 : 36;
        points[i][0] = c + r * std::cos(a);
        points[i][1] = c + r * std::sin(a);
    }
    for (int i = 0; i < 10; ++i) {
        const int j = (i + 1) % 10;
        canvas.line(points[i][0], points[i][1], points[j][0], points[j][1], 3);
        canvas.line(c, c, points[i][0], points[i][1], 1.5);
    }
    return encodePng(size, size, canvas.rgba(0xd8, 0x14, 0x1c));
}

} // namespace vanthu::signing
