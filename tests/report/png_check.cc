// The browser tests' look at a screenshot (tools/browser-test.sh): `png_check colours FILE`
// prints the image's width, height, number of distinct colours and number of those that are not
// a grey (a blank page has one colour; text alone, antialiased, many greys but few hues; a page
// of charts hundreds of hues); `png_check crop FILE X Y W H OUT` writes a part of it, for
// a person to look at one chart. Reads the 8-bit RGB and RGBA, non-interlaced PNGs that
// Chromium writes.
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Image {
  uint32_t width = 0, height = 0, channels = 0;
  std::vector<uint8_t> pixels;  // rows of width * channels bytes
};

uint32_t Be32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

bool Read(const std::string& path, Image* img, std::string* why) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string data = buf.str();
  const auto* d = reinterpret_cast<const uint8_t*>(data.data());
  if (data.size() < 8 || std::memcmp(d, "\x89PNG\r\n\x1a\n", 8) != 0) {
    *why = "not a PNG file";
    return false;
  }
  std::vector<uint8_t> idat;
  size_t at = 8;
  while (at + 12 <= data.size()) {
    const uint32_t len = Be32(d + at);
    const std::string type(data.substr(at + 4, 4));
    if (at + 12 + len > data.size()) break;
    const uint8_t* body = d + at + 8;
    if (type == "IHDR") {
      img->width = Be32(body);
      img->height = Be32(body + 4);
      if (body[8] != 8 || (body[9] != 2 && body[9] != 6) || body[12] != 0) {
        *why = "only 8-bit RGB or RGBA PNGs without interlacing are read";
        return false;
      }
      img->channels = body[9] == 6 ? 4 : 3;
    } else if (type == "IDAT") {
      idat.insert(idat.end(), body, body + len);
    } else if (type == "IEND") {
      break;
    }
    at += 12 + len;
  }
  const size_t stride = size_t{img->width} * img->channels;
  std::vector<uint8_t> raw((stride + 1) * img->height);
  uLongf raw_len = raw.size();
  if (img->channels == 0 ||
      uncompress(raw.data(), &raw_len, idat.data(), static_cast<uLong>(idat.size())) != Z_OK ||
      raw_len != raw.size()) {
    *why = "cannot inflate the image data";
    return false;
  }
  img->pixels.assign(stride * img->height, 0);
  const size_t bpp = img->channels;
  for (uint32_t y = 0; y < img->height; ++y) {
    const uint8_t filter = raw[y * (stride + 1)];
    const uint8_t* src = &raw[y * (stride + 1) + 1];
    uint8_t* row = &img->pixels[y * stride];
    const uint8_t* up = y > 0 ? &img->pixels[(y - 1) * stride] : nullptr;
    for (size_t x = 0; x < stride; ++x) {
      const int a = x >= bpp ? row[x - bpp] : 0;
      const int b = up ? up[x] : 0;
      const int c = up && x >= bpp ? up[x - bpp] : 0;
      int v = src[x];
      switch (filter) {
        case 1:
          v += a;
          break;
        case 2:
          v += b;
          break;
        case 3:
          v += (a + b) / 2;
          break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          break;
      }
      row[x] = static_cast<uint8_t>(v);
    }
  }
  return true;
}

void Chunk(std::string* out, const char* type, const std::string& body) {
  uint8_t len[4] = {static_cast<uint8_t>(body.size() >> 24),
                    static_cast<uint8_t>(body.size() >> 16), static_cast<uint8_t>(body.size() >> 8),
                    static_cast<uint8_t>(body.size())};
  out->append(reinterpret_cast<char*>(len), 4);
  const std::string typed = std::string(type) + body;
  out->append(typed);
  const uLong crc =
      crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()));
  const uint8_t c[4] = {static_cast<uint8_t>(crc >> 24), static_cast<uint8_t>(crc >> 16),
                        static_cast<uint8_t>(crc >> 8), static_cast<uint8_t>(crc)};
  out->append(reinterpret_cast<const char*>(c), 4);
}

int Crop(const Image& img, uint32_t x0, uint32_t y0, uint32_t w, uint32_t h, const char* out) {
  if (x0 >= img.width || y0 >= img.height) return 2;
  w = std::min(w, img.width - x0);
  h = std::min(h, img.height - y0);
  std::string raw;
  for (uint32_t y = y0; y < y0 + h; ++y) {
    raw += '\0';
    raw.append(
        reinterpret_cast<const char*>(&img.pixels[(size_t{y} * img.width + x0) * img.channels]),
        size_t{w} * img.channels);
  }
  std::vector<uint8_t> z(compressBound(static_cast<uLong>(raw.size())));
  uLongf zlen = z.size();
  compress(z.data(), &zlen, reinterpret_cast<const Bytef*>(raw.data()),
           static_cast<uLong>(raw.size()));
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr(13, '\0');
  for (int i = 0; i < 4; ++i) {
    ihdr[i] = static_cast<char>(w >> (24 - 8 * i));
    ihdr[4 + i] = static_cast<char>(h >> (24 - 8 * i));
  }
  ihdr[8] = 8;
  ihdr[9] = img.channels == 4 ? 6 : 2;
  Chunk(&png, "IHDR", ihdr);
  Chunk(&png, "IDAT", std::string(reinterpret_cast<char*>(z.data()), zlen));
  Chunk(&png, "IEND", "");
  std::ofstream(out, std::ios::binary) << png;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: png_check colours FILE | png_check crop FILE X Y W H OUT\n";
    return 2;
  }
  Image img;
  std::string why;
  if (!Read(argv[2], &img, &why)) {
    std::cerr << "png_check: " << argv[2] << ": " << why << "\n";
    return 1;
  }
  const std::string cmd = argv[1];
  if (cmd == "colours") {
    // All colours, and the chromatic ones (not a grey): text alone, antialiased, gives many
    // greys but few hues; charts give hues.
    std::set<uint32_t> colours, hues;
    for (size_t i = 0; i + 2 < img.pixels.size(); i += img.channels) {
      const int r = img.pixels[i], g = img.pixels[i + 1], b = img.pixels[i + 2];
      const uint32_t c = uint32_t(r) << 16 | uint32_t(g) << 8 | uint32_t(b);
      colours.insert(c);
      if (std::max({r, g, b}) - std::min({r, g, b}) > 24) hues.insert(c);
    }
    std::cout << img.width << " " << img.height << " " << colours.size() << " " << hues.size()
              << "\n";
    return 0;
  }
  if (cmd == "crop" && argc == 8) {
    return Crop(img, static_cast<uint32_t>(std::atoi(argv[3])),
                static_cast<uint32_t>(std::atoi(argv[4])),
                static_cast<uint32_t>(std::atoi(argv[5])),
                static_cast<uint32_t>(std::atoi(argv[6])), argv[7]);
  }
  std::cerr << "png_check: unknown command\n";
  return 2;
}
