#include "clustersim/report/svg.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace clustersim::report {
namespace {

// The length of the UTF-8 sequence starting at s[i] when it is valid (1-4), else 0.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t cp;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
    cp = b & 0x1F;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    cp = b & 0x0F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    cp = b & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  // Overlong forms, surrogates and values beyond U+10FFFF are not UTF-8.
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

}  // namespace

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8Length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8Length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    const char c = s[i++];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) || c == '\n' || c == '\t') {
          out += c;
        }
    }
  }
  return out;
}

std::string Truncate(std::string_view s, size_t max_chars) {
  if (max_chars == 0) return "";
  size_t chars = 0, i = 0, cut = std::string_view::npos;
  while (i < s.size()) {
    if (chars == max_chars) return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";
    if (chars + 1 == max_chars) cut = i;  // keep room for the ellipsis
    const size_t n = Utf8Length(s, i);
    i += n == 0 ? 1 : n;
    ++chars;
  }
  return std::string(s);
}

double TextWidth(std::string_view s, double font_px) {
  // DejaVu Sans advance widths, in em, by class of character (measured from the font's
  // metrics: digits 0.636, lower case about 0.6, capitals about 0.7, narrow i l . , about 0.3).
  double em = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8Length(s, i);
    const char c = s[i];
    i += n == 0 ? 1 : n;
    if (n > 1) {
      em += n >= 3 ? 1.0 : 0.65;  // CJK and symbols are wide
    } else if (c == 'i' || c == 'l' || c == 'j' || c == '.' || c == ',' || c == ':' || c == '\'' ||
               c == '|' || c == '!' || c == ' ') {
      em += 0.32;
    } else if (c == 'm' || c == 'w' || c == 'M' || c == 'W' || c == '%') {
      em += 0.92;
    } else if (c >= 'A' && c <= 'Z') {
      em += 0.7;
    } else {
      em += 0.62;
    }
  }
  return em * font_px;
}

std::string FitWidth(std::string_view s, double width, double font_px) {
  if (TextWidth(s, font_px) <= width) return std::string(s);
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++chars) {
    const size_t n = Utf8Length(s, i);
    i += n == 0 ? 1 : n;
  }
  while (chars > 1) {
    const std::string cut = Truncate(s, --chars);
    if (TextWidth(cut, font_px) <= width) return cut;
  }
  return Truncate(s, 1);
}

std::string Num(double v) {
  if (!std::isfinite(v)) return "0";
  const double r = std::round(v * 10) / 10;
  char buf[32];
  if (r == std::floor(r)) {
    std::snprintf(buf, sizeof buf, "%.0f", r == 0 ? 0.0 : r);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", r);
  }
  return buf;
}

const char* SeriesColor(size_t i) {
  static const char* const kColors[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                        "#56B4E9", "#D55E00", "#7F6A00", "#000000"};
  return kColors[i % 8];
}

Svg::Svg(double width, double height, std::string_view title, std::string_view label) {
  out_ = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + Num(width) + " " +
         Num(height) + "\" width=\"" + Num(width) + "\" height=\"" + Num(height) +
         "\" role=\"img\" aria-label=\"" + Escape(label) +
         "\" font-family=\"DejaVu Sans, "
         "Verdana, sans-serif\" font-size=\"12\">\n<title>" +
         Escape(title) + "</title>\n";
}

void Svg::OpenMark(std::string_view element, std::string_view attributes,
                   std::string_view tooltip) {
  out_ += "<";
  out_ += element;
  out_ += attributes;
  if (tooltip.empty()) {
    out_ += "/>\n";
  } else {
    out_ += "><title>" + Escape(tooltip) + "</title></";
    out_ += element;
    out_ += ">\n";
  }
}

void Svg::Rect(double x, double y, double w, double h, std::string_view fill,
               std::string_view tooltip, std::string_view extra) {
  std::string a = " x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(std::max(w, 0.0)) +
                  "\" height=\"" + Num(std::max(h, 0.0)) + "\" fill=\"" + std::string(fill) + "\"";
  if (!extra.empty()) a += " " + std::string(extra);
  OpenMark("rect", a, tooltip);
}

void Svg::Line(double x1, double y1, double x2, double y2, std::string_view stroke, double width,
               std::string_view dash, std::string_view tooltip) {
  std::string a = " x1=\"" + Num(x1) + "\" y1=\"" + Num(y1) + "\" x2=\"" + Num(x2) + "\" y2=\"" +
                  Num(y2) + "\" stroke=\"" + std::string(stroke) + "\"";
  if (width != 1) a += " stroke-width=\"" + Num(width) + "\"";
  if (!dash.empty()) a += " stroke-dasharray=\"" + std::string(dash) + "\"";
  OpenMark("line", a, tooltip);
}

void Svg::Circle(double cx, double cy, double r, std::string_view fill, std::string_view tooltip,
                 std::string_view stroke) {
  std::string a = " cx=\"" + Num(cx) + "\" cy=\"" + Num(cy) + "\" r=\"" + Num(r) + "\" fill=\"" +
                  std::string(fill) + "\"";
  if (!stroke.empty()) a += " stroke=\"" + std::string(stroke) + "\"";
  OpenMark("circle", a, tooltip);
}

void Svg::Path(std::string_view d, std::string_view stroke, double width, std::string_view fill,
               std::string_view tooltip, std::string_view dash) {
  std::string a = " d=\"" + std::string(d) + "\" stroke=\"" + std::string(stroke) +
                  "\" stroke-width=\"" + Num(width) + "\" fill=\"" +
                  std::string(fill.empty() ? "none" : fill) + "\"";
  if (!dash.empty()) a += " stroke-dasharray=\"" + std::string(dash) + "\"";
  OpenMark("path", a, tooltip);
}

void Svg::Polygon(std::string_view points, std::string_view fill, std::string_view tooltip) {
  OpenMark("polygon", " points=\"" + std::string(points) + "\" fill=\"" + std::string(fill) + "\"",
           tooltip);
}

void Svg::Text(double x, double y, std::string_view text, std::string_view anchor, double size,
               std::string_view fill, std::string_view weight, double rotate) {
  out_ += "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\"";
  if (anchor != "start") out_ += " text-anchor=\"" + std::string(anchor) + "\"";
  if (size != 12) out_ += " font-size=\"" + Num(size) + "\"";
  if (fill != kInk) out_ += " fill=\"" + std::string(fill) + "\"";
  if (!weight.empty()) out_ += " font-weight=\"" + std::string(weight) + "\"";
  if (rotate != 0) {
    out_ += " transform=\"rotate(" + Num(rotate) + " " + Num(x) + " " + Num(y) + ")\"";
  }
  out_ += ">" + Escape(text) + "</text>\n";
}

double Svg::Legend(double x, double y, std::string_view fill, std::string_view label,
                   std::string_view shape) {
  if (shape == "line") {
    Line(x, y - 4, x + 14, y - 4, fill, 2);
  } else if (shape == "dash") {
    Line(x, y - 4, x + 14, y - 4, fill, 2, "4 3");
  } else if (shape == "dot") {
    Circle(x + 7, y - 4, 4, fill);
  } else if (shape == "triangle") {
    Polygon(Num(x + 2) + "," + Num(y - 9) + " " + Num(x + 12) + "," + Num(y - 9) + " " +
                Num(x + 7) + "," + Num(y - 1),
            fill);
  } else {
    Rect(x, y - 10, 14, 10, fill);
  }
  Text(x + 18, y, label, "start", 11);
  return x + 18 + TextWidth(label, 11) + 14;
}

void Svg::Group(std::string_view css_class) {
  out_ += "<g class=\"" + std::string(css_class) + "\">\n";
}

void Svg::End() { out_ += "</g>\n"; }

std::string Svg::Finish() { return out_ + "</svg>\n"; }

}  // namespace clustersim::report
