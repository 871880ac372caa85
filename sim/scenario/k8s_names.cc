#include "scenario/k8s_names.h"

#include <cctype>
#include <string_view>

namespace clustersim {
namespace {

bool Alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool LowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], at most 63 characters.
std::string NamePartProblem(std::string_view s, const char* what) {
  if (s.empty()) return std::string(what) + " must not be empty";
  if (s.size() > 63) return std::string(what) + " must be at most 63 characters";
  for (char c : s) {
    if (!Alnum(c) && c != '-' && c != '_' && c != '.') {
      return std::string(what) +
             " may hold only letters, digits, '-', '_' and '.', beginning and ending with a "
             "letter or digit";
    }
  }
  if (!Alnum(s.front()) || !Alnum(s.back())) {
    return std::string(what) + " must begin and end with a letter or digit";
  }
  return "";
}

std::string LabelPartProblem(std::string_view s, const char* what) {
  if (s.empty()) return std::string(what) + " must not be empty";
  if (s.size() > 63) return std::string(what) + " must be at most 63 characters";
  for (char c : s) {
    if (!LowerAlnum(c) && c != '-') {
      return std::string(what) +
             " may hold only lower-case letters, digits and '-', beginning and ending with a "
             "letter or digit";
    }
  }
  if (!LowerAlnum(s.front()) || !LowerAlnum(s.back())) {
    return std::string(what) + " must begin and end with a lower-case letter or digit";
  }
  return "";
}

std::string SubdomainProblem(std::string_view s, const char* what) {
  if (s.empty()) return std::string(what) + " must not be empty";
  if (s.size() > 253) return std::string(what) + " must be at most 253 characters";
  size_t start = 0;
  while (true) {
    const size_t dot = s.find('.', start);
    const std::string_view part =
        s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (part.empty() || !LabelPartProblem(part, what).empty()) {
      return std::string(what) +
             " must be lower-case letters, digits, '-' and '.', each part between dots "
             "beginning and ending with a letter or digit";
    }
    if (dot == std::string_view::npos) return "";
    start = dot + 1;
  }
}

}  // namespace

std::string QualifiedNameProblem(const std::string& text) {
  if (text.empty()) return "must not be empty";
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return NamePartProblem(text, "the name");
  if (text.find('/', slash + 1) != std::string::npos) return "may hold at most one '/'";
  const std::string_view prefix = std::string_view(text).substr(0, slash);
  if (prefix.empty()) return "the prefix before '/' must not be empty";
  std::string why = SubdomainProblem(prefix, "the prefix before '/'");
  if (!why.empty()) return why;
  return NamePartProblem(std::string_view(text).substr(slash + 1), "the name after '/'");
}

std::string LabelValueProblem(const std::string& text) {
  if (text.empty()) return "";
  return NamePartProblem(text, "it");
}

std::string Dns1123LabelProblem(const std::string& text) { return LabelPartProblem(text, "it"); }

std::string Dns1123SubdomainProblem(const std::string& text) {
  return SubdomainProblem(text, "it");
}

}  // namespace clustersim
