// SVG primitives and escaping for the HTML report. Every text that reaches the page (a workload
// name from a manifest, a variant's name, a scenario's comment) goes through Escape, which also
// replaces bytes that are not UTF-8 and drops control characters, so that a hostile name can
// neither open a tag nor break the file's encoding. Coordinates are written with at most one
// decimal, so the same figures give the same bytes.
#pragma once

#include <string>
#include <string_view>

namespace clustersim::report {

// Text for HTML or XML content and attribute values: & < > " ' escaped, invalid UTF-8 as
// U+FFFD, C0 controls (but tab and newline) and DEL dropped.
std::string Escape(std::string_view s);
// `s` with every byte that is not part of a UTF-8 character replaced by U+FFFD.
std::string ValidUtf8(std::string_view s);
// `s` cut to at most `max_chars` code points, with "…" when cut (never inside a character).
std::string Truncate(std::string_view s, size_t max_chars);
// `s` cut, with "…", to fit `width` at `font_px` (by TextWidth).
std::string FitWidth(std::string_view s, double width, double font_px);
// The width of `s` at `font_px` in the report's font (DejaVu Sans), estimated per code point.
double TextWidth(std::string_view s, double font_px);
// A coordinate or length: at most one decimal, no "-0".
std::string Num(double v);

// The report's colours (Okabe and Ito's palette, safe for the common colour blindnesses).
const char* SeriesColor(size_t i);
inline constexpr const char* kInk = "#222222";
inline constexpr const char* kGrid = "#dddddd";
inline constexpr const char* kMuted = "#666666";
inline constexpr const char* kBad = "#D55E00";
inline constexpr const char* kGood = "#009E73";

// An <svg> element built mark by mark. Each mark may carry a tooltip (<title>).
class Svg {
 public:
  // `title` is the chart's accessible name (its <title>), `label` its aria-label.
  Svg(double width, double height, std::string_view title, std::string_view label);
  void Rect(double x, double y, double w, double h, std::string_view fill,
            std::string_view tooltip = {}, std::string_view extra = {});
  void Line(double x1, double y1, double x2, double y2, std::string_view stroke, double width = 1,
            std::string_view dash = {}, std::string_view tooltip = {});
  void Circle(double cx, double cy, double r, std::string_view fill, std::string_view tooltip = {},
              std::string_view stroke = {});
  // A path (`d` already in path syntax).
  void Path(std::string_view d, std::string_view stroke, double width, std::string_view fill,
            std::string_view tooltip = {}, std::string_view dash = {});
  void Polygon(std::string_view points, std::string_view fill, std::string_view tooltip = {});
  // anchor: start | middle | end. `weight` bold or "".
  void Text(double x, double y, std::string_view text, std::string_view anchor = "start",
            double size = 12, std::string_view fill = kInk, std::string_view weight = {},
            double rotate = 0);
  // A swatch and its label; returns the x after it.
  double Legend(double x, double y, std::string_view fill, std::string_view label,
                std::string_view shape = "rect");
  void Raw(std::string_view s) { out_ += s; }
  // Starts a group of marks of one kind (for the browser tests' counts); End closes it.
  void Group(std::string_view css_class);
  void End();
  std::string Finish();

 private:
  void OpenMark(std::string_view element, std::string_view attributes, std::string_view tooltip);
  std::string out_;
};

}  // namespace clustersim::report
