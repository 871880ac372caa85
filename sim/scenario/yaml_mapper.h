// Maps a YAML document onto a protobuf message field by field, through reflection, so that the
// schema lives in one place (sim/proto/scenario.proto) and every key and value keeps its
// file:line:column. Keys are matched against the fields' JSON names; an unknown key is an error
// that suggests the nearest valid name. Scalars land in string fields as written; their units
// and ranges are checked later by the converter, which finds their places in the SourceMap.
#pragma once

#include <google/protobuf/message.h>
#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "clustersim/scenario/diagnostics.h"

namespace clustersim {

// Where each value came from, keyed by field path ("cluster.nodePools[0].count").
class SourceMap {
 public:
  void Set(const std::string& path, SourceLocation where) { at_[path] = std::move(where); }
  // The place of `path`, or of its nearest recorded ancestor.
  SourceLocation Of(const std::string& path) const;
  bool Has(const std::string& path) const { return at_.count(path) > 0; }

 private:
  std::map<std::string, SourceLocation> at_;
};

struct YamlOrigin {
  std::string file;
  int line_offset = 0;  // the line of the document in its file (YamlDocument)
  // Field paths overridden with --set (or by an experiment), with the place to name: the
  // override's text as the "file" (line 0), or where an experiment wrote it.
  std::map<std::string, SourceLocation> overridden;
  // Called for each field marked (opaque) that the document sets: a real API field the
  // simulator does not model (manifests report these; null: silently accepted).
  std::function<void(const std::string& path, const SourceLocation& where)> on_unmodelled;
};

// Maps `node` (a YAML map) onto `msg`. Returns false when any error was added to `diags`.
// Field paths start at `root` ("" for a whole file; "items[2]" for an element of a List).
// Fields marked `(opaque) = true` accept any YAML and are not mapped.
bool MapYaml(const YAML::Node& node, const YamlOrigin& origin, google::protobuf::Message* msg,
             SourceMap* sources, Diagnostics* diags, const std::string& root = "");

// One document of a YAML stream. Its marks count lines from the document's first line: the
// line in the whole text is mark.line + line_offset. (The first document is loaded padded, so
// its offset is 0 and its marks are the text's; padding every document with the lines before
// it made a file of n documents cost O(n^2).)
struct YamlDocument {
  YAML::Node node;
  int line_offset = 0;
};

// The documents of a YAML stream, as YAML::LoadAll gives them. yaml-cpp 0.7 (Debian 12's) loops
// forever in LoadAll on some invalid input (a stream that starts with ',', upstream
// jbeder/yaml-cpp#1040, fixed by PR #1319 in 0.8.1), allocating until the process is killed; so
// the stream is split at its document markers here, which the YAML spec forbids inside any
// content ("c-forbidden": '---' or '...' at the start of a line), and each document is loaded
// on its own, in time linear in the text's size. Before that, UTF-16 and UTF-32 text becomes
// UTF-8 (a stream in them was loaded as one document), a lone CR becomes a line break
// (YAML allows CR-only line ends, yaml-cpp does not) and a control character YAML forbids (a
// NUL, as a binary file has) is a syntax error at its place. Throws YAML::Exception as LoadAll
// does, with a mark in the whole text (line, column and pos).
std::vector<YamlDocument> LoadYamlDocuments(std::string text);

// Reports a yaml-cpp parse error of the file `path`, whose text is `text`, in the user's terms and
// at the place to fix (an unclosed bracket where it was opened).
void ReportYamlSyntaxError(const std::string& text, const std::string& path,
                           const YAML::Exception& e, Diagnostics* diags);
// The same problem as a message without a place (for --set values); `where` may be null.
std::string YamlSyntaxProblem(const std::string& text, const YAML::Exception& e,
                              SourceLocation* where);

// Applies one --set override to a YAML tree. Returns false with a reason when the path does not
// name a place that can hold a value (an index past the end of a list, a key under a scalar).
bool ApplyOverride(YAML::Node root, const std::string& path, const YAML::Node& value,
                   std::string* why);

}  // namespace clustersim
