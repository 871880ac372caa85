#include "scenario/yaml_mapper.h"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>

#include "clustersim/scenario/input_files.h"
#include "scenario.pb.h"

namespace clustersim {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

const char* KindName(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a single value";
    default:
      return "nothing";
  }
}

class Mapper {
 public:
  Mapper(const YamlOrigin& origin, SourceMap* sources, Diagnostics* diags)
      : origin_(origin), sources_(sources), diags_(diags) {}

  void MapMessage(const YAML::Node& node, const std::string& path, Message* msg) {
    Record(path, node);
    const Descriptor* desc = msg->GetDescriptor();
    if (node.IsNull()) return;  // `key:` with nothing: the same as leaving it out
    if (!node.IsMap()) {
      if (const FieldDescriptor* sh = Shorthand(desc)) {
        MapField(node, path, msg, sh, /*shorthand=*/true);
        return;
      }
      Error(node, path,
            Named(path) + "expected a map of fields (" + FieldList(desc) + "), found " +
                KindName(node));
      return;
    }
    std::map<std::string, int> seen;  // key -> the line it first appeared on
    for (auto it = node.begin(); it != node.end(); ++it) {
      // A copy: `it->first` is a member of a temporary proxy that dies with this statement.
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        Error(key, path, "a key must be a plain name, found " + std::string(KindName(key)));
        continue;
      }
      const std::string name = key.Scalar();
      // The key's own path, so that a key added by --set is reported as the override's.
      const std::string key_path = Join(path, name);
      const std::string where = path.empty() ? std::string("at the top level") : "in " + path;
      const auto [first, inserted] = seen.emplace(name, key.Mark().line + 1);
      if (!inserted) {
        Error(key, key_path,
              "field '" + name + "' appears twice " + where +
                  (first->second > 0 ? " (first on line " + std::to_string(first->second) + ")"
                                     : std::string()));
        continue;
      }
      const FieldDescriptor* field = FindField(desc, name);
      if (const FieldDescriptor* rest = field == nullptr ? Rest(desc) : nullptr) {
        // A key defined elsewhere (a policy's parameter): its value lands in the map.
        if (Scalar(it->second, key_path)) {
          Record(key_path, it->second);
          Message* e = msg->GetReflection()->AddMessage(msg, rest);
          e->GetReflection()->SetString(e, rest->message_type()->FindFieldByName("key"), name);
          e->GetReflection()->SetString(e, rest->message_type()->FindFieldByName("value"),
                                        it->second.Scalar());
        }
        continue;
      }
      if (field == nullptr) {
        std::vector<std::string> names = FieldNames(desc);
        std::string hint = NearestName(name, names);
        std::string msg_text = "unknown field '" + name + "' " + where;
        if (!hint.empty()) msg_text += " (did you mean '" + hint + "'?)";
        msg_text += "; expected one of: " + JoinNames(names);
        Error(key, key_path, msg_text);
        continue;
      }
      if (field->options().GetExtension(proto::opaque)) {
        // A real API field that is not modelled: any value, nothing mapped.
        const std::string field_path = Join(path, field->json_name());
        Record(field_path, it->second);
        if (origin_.on_unmodelled && !it->second.IsNull()) {
          origin_.on_unmodelled(field_path, Place(key, field_path));
        }
        continue;
      }
      MapField(it->second, Join(path, field->json_name()), msg, field, false);
    }
  }

 private:
  static std::string Join(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + "." + name;
  }
  // "'path': ", the prefix that names the field a message is about.
  static std::string Named(const std::string& path) {
    return path.empty() ? std::string() : "'" + path + "': ";
  }

  static const FieldDescriptor* Shorthand(const Descriptor* desc) {
    for (int i = 0; i < desc->field_count(); ++i) {
      if (desc->field(i)->options().GetExtension(proto::shorthand)) return desc->field(i);
    }
    return nullptr;
  }

  static const FieldDescriptor* Rest(const Descriptor* desc) {
    for (int i = 0; i < desc->field_count(); ++i) {
      if (desc->field(i)->options().GetExtension(proto::rest)) return desc->field(i);
    }
    return nullptr;
  }

  // A field by its key; a (rest) map is not a key of its own.
  static const FieldDescriptor* FindField(const Descriptor* desc, const std::string& name) {
    for (int i = 0; i < desc->field_count(); ++i) {
      const FieldDescriptor* f = desc->field(i);
      if (f->json_name() == name && !f->options().GetExtension(proto::rest)) return f;
    }
    return nullptr;
  }

  static std::vector<std::string> FieldNames(const Descriptor* desc) {
    std::vector<std::string> names;
    for (int i = 0; i < desc->field_count(); ++i) {
      if (!desc->field(i)->options().GetExtension(proto::rest)) {
        names.push_back(desc->field(i)->json_name());
      }
    }
    return names;
  }
  static std::string FieldList(const Descriptor* desc) { return JoinNames(FieldNames(desc)); }

  void MapField(const YAML::Node& node, const std::string& path, Message* msg,
                const FieldDescriptor* field, bool shorthand) {
    const Reflection* refl = msg->GetReflection();
    if (field->is_map()) {
      MapMapField(node, path, msg, field);
      return;
    }
    if (field->is_repeated()) {
      Record(path, node);
      if (node.IsNull()) return;
      if (node.IsSequence()) {
        for (size_t i = 0; i < node.size(); ++i) {
          std::string elem_path = path + "[" + std::to_string(i) + "]";
          if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
            MapMessage(node[i], elem_path, refl->AddMessage(msg, field));
          } else if (Scalar(node[i], elem_path)) {
            Record(elem_path, node[i]);
            refl->AddString(msg, field, node[i].Scalar());
          }
        }
        return;
      }
      if (node.IsScalar() && field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        // A single value where a list of values is allowed: a list of one.
        refl->AddString(msg, field, node.Scalar());
        Record(path + "[0]", node);
        return;
      }
      Error(node, path, Named(path) + "expected a list, found " + KindName(node));
      return;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      // `key:` with nothing is the same as leaving the message out (has_key() stays false, which
      // matters where an absent message means something, as an absent label selector does).
      if (node.IsNull()) {
        Record(path, node);
        return;
      }
      MapMessage(node, path, refl->MutableMessage(msg, field));
      return;
    }
    // A string field.
    std::string where = path;
    if (shorthand) Record(path, node);  // the shorthand value's place is the message's
    if (!Scalar(node, where)) return;
    Record(where, node);
    refl->SetString(msg, field, node.Scalar());
  }

  void MapMapField(const YAML::Node& node, const std::string& path, Message* msg,
                   const FieldDescriptor* field) {
    Record(path, node);
    if (node.IsNull()) return;
    if (!node.IsMap()) {
      Error(node, path, Named(path) + "expected a map, found " + KindName(node));
      return;
    }
    const Reflection* refl = msg->GetReflection();
    const Descriptor* entry = field->message_type();
    const FieldDescriptor* key_field = entry->FindFieldByName("key");
    const FieldDescriptor* value_field = entry->FindFieldByName("value");
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!it->first.IsScalar()) {
        Error(it->first, path,
              "a key must be a plain name, found " + std::string(KindName(it->first)));
        continue;
      }
      const std::string key = it->first.Scalar();
      if (!seen.insert(key).second) {
        Error(it->first, path + "." + key, "key '" + key + "' appears twice in " + path);
        continue;
      }
      const std::string elem_path = path + "." + key;
      Message* e = refl->AddMessage(msg, field);
      e->GetReflection()->SetString(e, key_field, key);
      if (value_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        MapMessage(it->second, elem_path, e->GetReflection()->MutableMessage(e, value_field));
      } else if (Scalar(it->second, elem_path)) {
        Record(elem_path, it->second);
        e->GetReflection()->SetString(e, value_field, it->second.Scalar());
      }
    }
  }

  bool Scalar(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar()) return true;
    if (node.IsNull()) {
      Error(node, path, "'" + path + "' has no value");
    } else {
      Error(node, path, "expected a single value for '" + path + "', found " + KindName(node));
    }
    return false;
  }

  SourceLocation Place(const YAML::Node& node, const std::string& path) const {
    // The override of the longest path that holds this one: "a" may have been created by one
    // override and "a.b" set by a later one.
    const SourceLocation* text = nullptr;
    size_t longest = 0;
    for (const auto& [over, origin] : origin_.overridden) {
      if ((path == over || path.rfind(over + ".", 0) == 0 || path.rfind(over + "[", 0) == 0) &&
          (text == nullptr || over.size() > longest)) {
        text = &origin;
        longest = over.size();
      }
    }
    if (text != nullptr) return *text;
    const YAML::Mark m = node.Mark();
    if (m.line < 0) return sources_->Of(path);
    return SourceLocation{origin_.file, m.line + origin_.line_offset + 1, m.column + 1};
  }

  void Record(const std::string& path, const YAML::Node& node) {
    sources_->Set(path, Place(node, path));
  }

  void Error(const YAML::Node& node, const std::string& path, std::string message) {
    diags_->Error(Place(node, path), std::move(message));
  }

  const YamlOrigin& origin_;
  SourceMap* sources_;
  Diagnostics* diags_;
};

// Splits "a.b[2].c" into {"a", "b", "[2]", "c"}.
bool SplitPath(const std::string& path, std::vector<std::string>* parts) {
  std::string cur;
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '.') {
      if (cur.empty()) return false;
      parts->push_back(cur);
      cur.clear();
    } else if (c == '[') {
      if (!cur.empty()) parts->push_back(cur);
      cur.clear();
      size_t close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return false;
      parts->push_back(path.substr(i, close - i + 1));
      i = close;
      if (i + 1 < path.size() && path[i + 1] != '.' && path[i + 1] != '[') return false;
      if (i + 1 < path.size() && path[i + 1] == '.') ++i;
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts->push_back(cur);
  return !parts->empty();
}

// Where the innermost `open` ('[' or '{') still unclosed at byte `end` of `text` was opened, as
// 0-based line and column; with `open` 0, the quote still open there. yaml-cpp reports an
// unclosed bracket where it gave up looking for the close, often lines later, and an unclosed
// quote at the end of the file; the user needs the opening one. The scan knows quotes and
// comments well enough for that, and a bracket or quote counts only where a value may start
// (not in "a[1]" or "it's").
bool FindUnclosed(const std::string& text, size_t end, char open, int* line, int* column,
                  char* quote_char = nullptr) {
  struct Bracket {
    char c;
    int line;
    int column;
  };
  std::vector<Bracket> stack;
  int ln = 0, col = 0;
  char quote = 0;
  int quote_line = 0, quote_column = 0;
  bool comment = false;
  char last = '\n';    // the last character on this line that was not a space
  char before = '\n';  // the character just before this one
  for (size_t i = 0; i < end && i < text.size(); ++i, ++col) {
    const char c = text[i];
    const bool value_start = std::string_view(":,[{-?\n").find(last) != std::string_view::npos;
    const bool lone_cr = c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n');
    if (c == '\n' || lone_cr) {
      ++ln;
      col = -1;
      comment = false;
      last = before = '\n';
      continue;
    }
    if (comment) {
      // skip to the end of the line
    } else if (quote == '"') {
      if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
        ++i;
        ++col;
      } else if (c == '"') {
        quote = 0;
      }
    } else if (quote == '\'') {
      if (c == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
        ++col;
      } else if (c == '\'') {
        quote = 0;
      }
    } else if (c == '#' && (before == ' ' || before == '\t' || before == '\n')) {
      comment = true;
    } else if ((c == '[' || c == '{') && value_start) {
      stack.push_back({c, ln, col});
    } else if ((c == ']' || c == '}') && !stack.empty()) {
      stack.pop_back();
    } else if ((c == '"' || c == '\'') && value_start) {
      quote = c;
      quote_line = ln;
      quote_column = col;
    }
    if (c != ' ' && c != '\t') last = c;
    before = c;
  }
  if (open == 0) {
    if (quote == 0) return false;
    if (quote_char != nullptr) *quote_char = quote;
    *line = quote_line;
    *column = quote_column;
    return true;
  }
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    if (it->c == open) {
      *line = it->line;
      *column = it->column;
      return true;
    }
  }
  return false;
}

}  // namespace

SourceLocation SourceMap::Of(const std::string& path) const {
  std::string p = path;
  while (true) {
    auto it = at_.find(p);
    if (it != at_.end()) return it->second;
    size_t cut = p.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) break;
    p = p.substr(0, cut);
  }
  auto it = at_.find("");
  return it != at_.end() ? it->second : SourceLocation{};
}

bool MapYaml(const YAML::Node& node, const YamlOrigin& origin, google::protobuf::Message* msg,
             SourceMap* sources, Diagnostics* diags, const std::string& root) {
  int before = diags->error_count();
  Mapper(origin, sources, diags).MapMessage(node, root, msg);
  return diags->error_count() == before;
}

namespace {

// Whether `line` is a document marker: "---" or "..." followed by white space or nothing.
bool IsMarker(std::string_view line, std::string_view marker) {
  if (line.substr(0, 3) != marker) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

// Whether `text` holds anything but blank lines, comments and directives.
bool HasContent(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    const size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] != '#' && line[0] != '%') return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::vector<YamlDocument> LoadYamlDocuments(std::string text) {
  // As UTF-8, so that documents split at their markers and marks count lines in any encoding.
  TranscodeToUtf8(&text);
  {
    NormalizeLineBreaks(&text);
    int line = 0, column = 0;
    std::string what;
    if (FindForbiddenCharacter(text, &line, &column, &what)) {
      YAML::Mark mark;
      mark.line = line - 1;
      mark.column = column - 1;
      mark.pos = -1;
      throw YAML::ParserException(
          mark, what +
                    "; YAML text holds no control characters but tab and line breaks (is "
                    "this a binary file?)");
    }
  }
  // Each piece: its first line's number, its first byte's offset and its text. A piece starts
  // at a "---" line (which always begins a document, even an empty one) or after a "..." line
  // (an implicit document, which exists only if it has content); directives stay with the
  // document that follows.
  struct Piece {
    size_t first_line;
    size_t first_byte;
    std::string text;
    bool explicit_start;
  };
  std::vector<Piece> pieces(1, Piece{0, 0, "", false});
  size_t line_no = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const bool last = end == std::string::npos;
    if (last) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    if (IsMarker(line, "---")) {
      // Directives just before the marker move with it into the new document.
      Piece next{line_no, start, "", true};
      std::string& prev = pieces.back().text;
      if (!HasContent(prev) && !pieces.back().explicit_start) {
        next.first_line = pieces.back().first_line;
        next.first_byte = pieces.back().first_byte;
        next.text = std::move(prev);
        pieces.pop_back();
      }
      pieces.push_back(std::move(next));
    }
    pieces.back().text.append(line);
    if (!last) pieces.back().text += '\n';
    if (IsMarker(line, "...")) pieces.push_back(Piece{line_no + 1, end + 1, "", false});
    ++line_no;
    start = end + 1;
  }
  std::vector<YamlDocument> docs;
  for (const Piece& p : pieces) {
    if (!p.explicit_start && !HasContent(p.text)) continue;
    // The first document is padded with blank lines so that its marks are the text's own (the
    // scenario loader reads them); later ones are offset, which costs nothing.
    const size_t pad = docs.empty() ? p.first_line : 0;
    // A comment after the text: yaml-cpp 0.7 takes a quoted value still open at the end of a
    // stream that ends in white space as closed there; with something after the white space it
    // reports the quote as never closed, as it should.
    std::string input = std::string(pad, '\n') + p.text;
    if (!input.empty() && input.back() != '\n') input += '\n';
    input += '#';
    YamlDocument doc;
    doc.line_offset = static_cast<int>(p.first_line - pad);
    try {
      doc.node = YAML::Load(input);
    } catch (YAML::Exception& e) {
      // Marks in the whole text; one in the comment added above is at the piece's end.
      if (e.mark.pos >= 0) {
        const size_t rel = std::min(static_cast<size_t>(e.mark.pos), input.size() - 1);
        const size_t in_piece = rel >= pad ? std::min(rel - pad, p.text.size()) : 0;
        e.mark.pos = static_cast<int>(p.first_byte + in_piece);
        if (rel >= pad + p.text.size()) {
          // Past the text: at its last character.
          const size_t end = p.text.find_last_not_of('\n');
          const size_t last = end == std::string::npos ? 0 : end;
          const size_t bol = p.text.rfind('\n', last);
          e.mark.line = static_cast<int>(p.first_line +
                                         std::count(p.text.begin(), p.text.begin() + last, '\n'));
          e.mark.column = static_cast<int>(bol == std::string::npos ? last : last - bol - 1);
        } else if (e.mark.line >= 0) {
          e.mark.line += doc.line_offset;
        }
      } else if (e.mark.line >= 0) {
        e.mark.line += doc.line_offset;
      }
      throw;
    }
    docs.push_back(std::move(doc));
    if (!docs.back().node.IsNull()) continue;
    // yaml-cpp 0.7 reads a document that starts with a character no value may start with
    // (',', ']', '}', '@', '`') as empty instead of rejecting it: say where it goes wrong.
    size_t line = p.first_line;
    size_t pos = 0;
    while (pos < p.text.size()) {
      size_t end = p.text.find('\n', pos);
      if (end == std::string::npos) end = p.text.size();
      std::string_view l(p.text.data() + pos, end - pos);
      if (IsMarker(l, "---")) l.remove_prefix(3);
      const size_t first = l.find_first_not_of(" \t\r");
      if (first != std::string_view::npos && l[first] != '#' && l[0] != '%') {
        const char c = l[first];
        if (c == ',' || c == ']' || c == '}' || c == '@' || c == '`') {
          YAML::Mark mark;
          mark.line = static_cast<int>(line);
          mark.column = static_cast<int>(first + (l.data() - (p.text.data() + pos)));
          mark.pos = static_cast<int>(p.first_byte + pos + static_cast<size_t>(mark.column));
          throw YAML::ParserException(mark, std::string("a value cannot start with '") + c + "'");
        }
        break;
      }
      ++line;
      pos = end + 1;
    }
  }
  return docs;
}

bool ApplyOverride(YAML::Node root, const std::string& path, const YAML::Node& value,
                   std::string* why) {
  std::vector<std::string> parts;
  if (!SplitPath(path, &parts)) {
    *why = "'" + path + "' is not a field path (expected names joined by '.', with [i] indices)";
    return false;
  }
  YAML::Node cur = root;
  std::string done;  // the part of the path walked so far, for messages
  auto walked = [&done] { return done.empty() ? std::string("the top level") : "'" + done + "'"; };
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    if (part[0] == '[') {
      const std::string digits = part.substr(1, part.size() - 2);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
        *why = "'" + part + "' in '" + path + "' is not a list index (expected [0], [1], ...)";
        return false;
      }
      // Past nine digits an index is out of range of any list a scenario could hold.
      const size_t index = digits.size() > 9 ? SIZE_MAX : std::stoul(digits);
      if (!cur.IsSequence()) {
        *why = "'" + path + "': " + walked() + " is not a list, so it has no element " + part;
        return false;
      }
      if (index >= cur.size()) {
        const size_t n = cur.size();
        *why = "'" + path + "': index " + part + " is out of range; " + walked() + " has " +
               std::to_string(n) + (n == 1 ? " element" : " elements") +
               (n == 0   ? std::string()
                : n == 1 ? std::string(" (expected [0])")
                         : " (expected [0] to [" + std::to_string(n - 1) + "])");
        return false;
      }
      done += part;
      if (last) {
        cur[index] = value;
        return true;
      }
      YAML::Node next = cur[index];
      cur.reset(next);
    } else {
      if (cur.IsSequence()) {
        *why = "'" + path + "': " + walked() + " is a list; name one of its elements, e.g. '" +
               done + "[0]." + part + "'";
        return false;
      }
      if (!cur.IsMap() && !cur.IsNull()) {
        *why =
            "'" + path + "': " + walked() + " is a single value, so it has no field '" + part + "'";
        return false;
      }
      done += (done.empty() ? "" : ".") + part;
      if (last) {
        cur[part] = value;
        return true;
      }
      if (!cur[part] && parts[i + 1][0] == '[') {
        *why = "'" + path + "': " + walked() + " is not in the scenario, so it has no element " +
               parts[i + 1] + "; set the whole list instead, e.g. " + done + "=[...]";
        return false;
      }
      if (!cur[part]) cur[part] = YAML::Node(YAML::NodeType::Map);
      YAML::Node next = cur[part];
      cur.reset(next);
    }
  }
  return true;
}

// A YAML syntax error in the user's terms: yaml-cpp's messages describe the parser's state
// ("illegal map value"), and it marks where it stopped rather than where to fix. When `where` is
// given it starts as yaml-cpp's mark and is moved to the place to fix where that is known.
std::string YamlSyntaxProblem(const std::string& text, const YAML::Exception& e,
                              SourceLocation* where) {
  if (dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr) {
    return "lists and maps are nested too deeply";
  }
  const bool seq = e.msg == "end of sequence flow not found";
  if (seq || e.msg == "end of map flow not found") {
    const char open = seq ? '[' : '{';
    const std::string closed =
        std::string(" is never closed (expected a matching '") + (seq ? ']' : '}') + "')";
    int line = 0, column = 0;
    const size_t end = e.mark.pos >= 0 ? static_cast<size_t>(e.mark.pos) : text.size();
    if (where != nullptr && FindUnclosed(text, end, open, &line, &column)) {
      where->line = line + 1;
      where->column = column + 1;
      return std::string("this '") + open + "'" + closed;
    }
    return std::string("a '") + open + "'" + closed;
  }
  if (e.msg == "illegal map value") {
    return "unexpected ':' (is this line indented more than the key above it? a value that "
           "contains ': ' must be quoted)";
  }
  if (e.msg == "end of map not found" || e.msg == "end of sequence not found") {
    return "this line is indented less than the line above it but does not line up with any "
           "key or list item above it";
  }
  if (e.msg == "illegal tab when looking for indentation") {
    return "a tab in the indentation; YAML indents with spaces only";
  }
  if (e.msg == "illegal EOF in scalar") {
    int line = 0, column = 0;
    char quote = 0;
    const size_t end = e.mark.pos >= 0 ? static_cast<size_t>(e.mark.pos) + 1 : text.size();
    if (where != nullptr && FindUnclosed(text, end, 0, &line, &column, &quote)) {
      where->line = line + 1;
      where->column = column + 1;
      return std::string("this quote (") + quote + ") is never closed (expected a closing " +
             quote + ")";
    }
    return "a quoted value is never closed (expected a closing quote)";
  }
  return e.msg;
}

void ReportYamlSyntaxError(const std::string& text, const std::string& path,
                           const YAML::Exception& e, Diagnostics* diags) {
  SourceLocation where{path, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                       e.mark.line >= 0 && e.mark.column >= 0 ? e.mark.column + 1 : 0};
  const std::string what = YamlSyntaxProblem(text, e, &where);
  diags->Error(where, "YAML syntax error: " + what);
}

}  // namespace clustersim
