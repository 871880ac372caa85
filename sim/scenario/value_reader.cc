#include "scenario/value_reader.h"

#include "clustersim/scenario/units.h"

namespace clustersim {

bool ValueReader::Duration(const std::string& path, const std::string& text, SimTime* out) {
  std::string why;
  if (ParseDuration(text, out, &why)) return true;
  // Examples help when the text is not a duration at all; a reason that is about the range
  // ("must not be negative", "too long") or already says what was expected needs none.
  const bool about_form = why.rfind("must", 0) != 0 && why.rfind("too ", 0) != 0 &&
                          why.find("(expected") == std::string::npos;
  Bad(path, text, about_form ? why + "; expected a duration such as 40s, 6m, 4h, 30d or 1y" : why);
  return false;
}

bool ValueReader::Int(const std::string& path, const std::string& text, int64_t min, int64_t max,
                      int64_t* out) {
  std::string why;
  if (ParseInt(text, min, max, out, &why)) return true;
  Bad(path, text, why);
  return false;
}

bool ValueReader::Bool(const std::string& path, const std::string& text, bool* out) {
  std::string why;
  if (ParseBool(text, out, &why)) return true;
  Bad(path, text, "expected true or false");
  return false;
}

bool ValueReader::Quantity(const std::string& path, const std::string& text, double scale,
                           int64_t max, const std::string& max_text, const std::string& expected,
                           int64_t* out) {
  std::string why;
  int64_t v = 0;
  if (!ParseQuantity(text, scale, &v, &why)) {
    if (why.rfind("too large", 0) == 0) {
      why = "too large; the limit is " + max_text;
    } else if (why.rfind("must", 0) != 0) {
      why += "; expected " + expected;
    }
    Bad(path, text, why);
    return false;
  }
  if (v > max) {
    Bad(path, text, "too large; the limit is " + max_text);
    return false;
  }
  *out = v;
  return true;
}

bool ValueReader::Bandwidth(const std::string& path, const std::string& text, double* out) {
  std::string why;
  double v = 0;
  if (!ParseBandwidth(text, &v, &why)) {
    Bad(path, text, why);
    return false;
  }
  *out = v;
  return true;
}

}  // namespace clustersim
