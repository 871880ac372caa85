#include "clustersim/scenario/input_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace clustersim {
namespace {

const char* FileTypeName(mode_t mode) {
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

// Classifies what `st` is; false (with `problem`) for anything but a regular file.
bool IsReadable(const struct stat& st, int64_t max_bytes, ReadProblem* problem) {
  if (S_ISDIR(st.st_mode)) {
    problem->kind = ReadProblem::Kind::kDirectory;
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    problem->kind = ReadProblem::Kind::kNotRegular;
    problem->reason = FileTypeName(st.st_mode);
    return false;
  }
  if (st.st_size > max_bytes) {
    problem->kind = ReadProblem::Kind::kTooLarge;
    problem->size = st.st_size;
    problem->limit = max_bytes;
    return false;
  }
  return true;
}

}  // namespace

std::string SizeText(int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(bytes) / 1024;
  size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(kUnits)) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[u]);
  return buf;
}

std::string ReadProblem::Describe(const std::string& subject, const std::string& expected) const {
  switch (kind) {
    case Kind::kNone:
      break;
    case Kind::kOpen:
      return "cannot open " + subject + ": " + reason;
    case Kind::kDirectory:
      return subject + " is a directory; expected " + expected;
    case Kind::kNotRegular:
      return subject + " is not a regular file but " + reason + "; expected " + expected;
    case Kind::kTooLarge:
      return subject + " is " + (size > limit ? SizeText(size) : "more than " + SizeText(limit)) +
             ", more than the limit of " + SizeText(limit) +
             " for an input file (--max-file-size raises it)";
    case Kind::kRead:
      return "cannot read " + subject + ": " + reason;
  }
  return subject;
}

bool ReadInputFile(const std::string& path, int64_t max_bytes, std::string* text,
                   ReadProblem* problem) {
  *problem = ReadProblem{};
  text->clear();
  // stat before open: opening a pipe for reading would wait for a writer.
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    problem->kind = ReadProblem::Kind::kOpen;
    problem->reason = std::strerror(errno);
    return false;
  }
  if (!IsReadable(st, max_bytes, problem)) return false;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    problem->kind = ReadProblem::Kind::kOpen;
    problem->reason = std::strerror(errno);
    return false;
  }
  // The file opened may not be the one stat saw.
  if (fstat(fd, &st) != 0 || !IsReadable(st, max_bytes, problem)) {
    if (problem->kind == ReadProblem::Kind::kNone) {
      problem->kind = ReadProblem::Kind::kRead;
      problem->reason = std::strerror(errno);
    }
    close(fd);
    return false;
  }
  text->reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  while (true) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      problem->kind = ReadProblem::Kind::kRead;
      problem->reason = std::strerror(errno);
      close(fd);
      text->clear();
      return false;
    }
    if (n == 0) break;
    // A file that grows while it is read (or reports no size, as /proc files do) is held to
    // the limit too.
    if (static_cast<int64_t>(text->size()) + n > max_bytes) {
      problem->kind = ReadProblem::Kind::kTooLarge;
      problem->size = static_cast<int64_t>(text->size()) + n;
      problem->limit = max_bytes;
      close(fd);
      text->clear();
      return false;
    }
    text->append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return true;
}

int64_t YamlValueBound(std::string_view text) {
  int64_t n = 1;
  for (char c : text) n += c == '\n' || c == ':' || c == ',' || c == '[' || c == '{';
  return n;
}

std::string YamlValueProblem(std::string_view text, const InputLimits& limits,
                             const std::string& subject) {
  const int64_t values = YamlValueBound(text);
  const int64_t limit = YamlValueLimit(limits);
  if (values <= limit) return "";
  return subject + " holds up to " + std::to_string(values) +
         " YAML values (scalars, lists and maps), more than the " + std::to_string(limit) +
         " a file may hold (each takes about 500 bytes once parsed; --max-file-size raises the "
         "limit with the size)";
}

TextEncoding DetectEncoding(std::string_view t) {
  auto at = [&](size_t i) { return i < t.size() ? static_cast<unsigned char>(t[i]) : 0x100u; };
  // 00 00 FE FF, 00 00 00 xx, FF FE 00 00, xx 00 00 00: UTF-32; FE FF, 00 xx, FF FE, xx 00:
  // UTF-16 (the byte-order marks first, then the patterns of an ASCII first character).
  if (t.size() >= 4 && ((at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) ||
                        (at(0) == 0 && at(1) == 0 && at(2) == 0) ||
                        (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0) ||
                        (at(1) == 0 && at(2) == 0 && at(3) == 0))) {
    return TextEncoding::kUtf32;
  }
  if (t.size() >= 2 && ((at(0) == 0xFE && at(1) == 0xFF) || (at(0) == 0xFF && at(1) == 0xFE) ||
                        at(0) == 0 || at(1) == 0)) {
    return TextEncoding::kUtf16;
  }
  return TextEncoding::kUtf8;
}

namespace {

void AppendUtf8(uint32_t c, std::string* out) {
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;  // not a character
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace

void TranscodeToUtf8(std::string* text) {
  const TextEncoding enc = DetectEncoding(*text);
  if (enc == TextEncoding::kUtf8) return;
  const std::string& t = *text;
  auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(t[i])); };
  const size_t unit = enc == TextEncoding::kUtf16 ? 2 : 4;
  // Big-endian when the first unit's first byte is 0 or the mark reads FE FF (00 00 FE FF).
  const bool big = enc == TextEncoding::kUtf16 ? (byte(0) == 0 || byte(0) == 0xFE)
                                               : (byte(0) == 0 && byte(1) == 0);
  auto unit_at = [&](size_t i) {
    uint32_t v = 0;
    for (size_t k = 0; k < unit; ++k) {
      const uint32_t b = byte(i + (big ? k : unit - 1 - k));
      v = v << 8 | b;
    }
    return v;
  };
  std::string out;
  out.reserve(t.size());
  size_t i = 0;
  if (t.size() >= unit && unit_at(0) == 0xFEFF) i = unit;  // the byte-order mark
  for (; i + unit <= t.size(); i += unit) {
    uint32_t c = unit_at(i);
    if (unit == 2 && c >= 0xD800 && c <= 0xDBFF && i + 2 * unit <= t.size()) {
      const uint32_t low = unit_at(i + unit);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        i += unit;
      }
    }
    AppendUtf8(c, &out);
  }
  *text = std::move(out);
}

bool FindForbiddenCharacter(std::string_view text, int* line, int* column, std::string* what) {
  int ln = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++ln;
      line_start = i + 1;
      continue;
    }
    if (c >= 0x20 && c != 0x7F) continue;
    if (c == '\t' || c == '\r') continue;
    *line = ln;
    *column = static_cast<int>(i - line_start) + 1;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", c);
    *what = c == 0 ? std::string("a NUL character (byte 0x00)")
                   : std::string("a control character (byte ") + hex + ")";
    return true;
  }
  return false;
}

void NormalizeLineBreaks(std::string* text) {
  for (size_t i = text->find('\r'); i != std::string::npos; i = text->find('\r', i + 1)) {
    if (i + 1 >= text->size() || (*text)[i + 1] != '\n') (*text)[i] = '\n';
  }
}

bool PrepareLineText(const std::string& file, std::string* text, Diagnostics* diags) {
  TranscodeToUtf8(text);  // Excel's "Unicode text" is UTF-16
  if (text->compare(0, 3, "\xEF\xBB\xBF") == 0) text->erase(0, 3);
  NormalizeLineBreaks(text);
  int line = 0, column = 0;
  std::string what;
  if (FindForbiddenCharacter(*text, &line, &column, &what)) {
    diags->Error(SourceLocation{file, line, column},
                 what + "; expected text (a binary file, or a file saved in another encoding?)");
    return false;
  }
  return true;
}

}  // namespace clustersim
