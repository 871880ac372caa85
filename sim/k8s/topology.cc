#include "clustersim/k8s/topology.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <map>
#include <tuple>

namespace clustersim {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

struct Vertex {
  int level = -1;  // -1: the root
  uint32_t domain = 0;
};
using Tree = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Vertex>;

// Collects, for every domain vertex, the nodes reached below it: a depth-first visit keeps a
// stack of the domains it is inside.
class Collector : public boost::default_dfs_visitor {
 public:
  explicit Collector(std::vector<std::vector<uint32_t>>* under) : under_(under) {}
  void discover_vertex(Tree::vertex_descriptor v, const Tree& g) {
    stack_.push_back(v);
    if (g[v].level != static_cast<int>(DomainLevel::kNode)) return;
    for (Tree::vertex_descriptor d : stack_) (*under_)[d].push_back(g[v].domain);
  }
  void finish_vertex(Tree::vertex_descriptor, const Tree&) { stack_.pop_back(); }

 private:
  std::vector<std::vector<uint32_t>>* under_;
  std::vector<Tree::vertex_descriptor> stack_;
};

}  // namespace

FailureDomains FailureDomains::Build(const std::vector<NodeDomains>& nodes) {
  FailureDomains out;
  Tree tree;
  // Vertices are added bare and given their property after: add_vertex(property, g) trips
  // GCC 12's -Wuninitialized inside Boost's named_graph at -O1.
  auto add = [&tree](Vertex property) {
    const auto v = boost::add_vertex(tree);
    tree[v] = property;
    return v;
  };
  const auto root = add(Vertex{});
  std::vector<Tree::vertex_descriptor> vertex_of[kLevels];
  // A domain is identified by its path from the root: (parent domain, name).
  std::map<std::pair<uint32_t, std::string>, uint32_t> index[kLevels - 1];
  for (auto& of : out.of_) of.resize(nodes.size());
  for (uint32_t n = 0; n < nodes.size(); ++n) {
    const std::string* names[kLevels - 1] = {&nodes[n].region, &nodes[n].zone, &nodes[n].rack};
    uint32_t parent = kNone;
    Tree::vertex_descriptor parent_vertex = root;
    for (int l = 0; l < kLevels - 1; ++l) {
      Level& level = out.levels_[l];
      auto [it, fresh] = index[l].emplace(std::make_pair(parent, *names[l]), level.names.size());
      if (fresh) {
        level.names.push_back(*names[l]);
        level.parent.push_back(parent);
        const auto v = add(Vertex{l, it->second});
        boost::add_edge(parent_vertex, v, tree);
        vertex_of[l].push_back(v);
      }
      parent = it->second;
      parent_vertex = vertex_of[l][parent];
      out.of_[l][n] = parent;
    }
    const auto v = add(Vertex{static_cast<int>(DomainLevel::kNode), n});
    boost::add_edge(parent_vertex, v, tree);
    vertex_of[kLevels - 1].push_back(v);
    out.of_[kLevels - 1][n] = n;
    out.levels_[kLevels - 1].names.emplace_back();
    out.levels_[kLevels - 1].parent.push_back(parent);
  }
  std::vector<std::vector<uint32_t>> under(boost::num_vertices(tree));
  std::vector<boost::default_color_type> color(boost::num_vertices(tree));
  boost::depth_first_visit(
      tree, root, Collector(&under),
      boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, tree)));
  for (int l = 0; l < kLevels; ++l) {
    Level& level = out.levels_[l];
    level.begin.push_back(0);
    for (const auto v : vertex_of[l]) {
      std::vector<uint32_t>& list = under[v];
      std::sort(list.begin(), list.end());
      level.nodes.insert(level.nodes.end(), list.begin(), list.end());
      level.begin.push_back(static_cast<uint32_t>(level.nodes.size()));
    }
  }
  return out;
}

uint32_t FailureDomains::Count(DomainLevel level) const {
  return static_cast<uint32_t>(levels_[static_cast<int>(level)].names.size());
}

const std::string& FailureDomains::Name(DomainLevel level, uint32_t domain) const {
  return levels_[static_cast<int>(level)].names[domain];
}

uint32_t FailureDomains::DomainOf(uint32_t node, DomainLevel level) const {
  return of_[static_cast<int>(level)][node];
}

std::span<const uint32_t> FailureDomains::NodesUnder(DomainLevel level, uint32_t domain) const {
  const Level& l = levels_[static_cast<int>(level)];
  return std::span<const uint32_t>(l.nodes).subspan(l.begin[domain],
                                                    l.begin[domain + 1] - l.begin[domain]);
}

uint32_t FailureDomains::Find(DomainLevel level, const std::string& name) const {
  const Level& l = levels_[static_cast<int>(level)];
  uint32_t found = kNone;
  int matches = 0;
  for (uint32_t d = 0; d < l.names.size(); ++d) {
    std::string full = l.names[d];
    if (level == DomainLevel::kRack) {
      const std::string& zone = levels_[static_cast<int>(DomainLevel::kZone)].names[l.parent[d]];
      if (!zone.empty()) full = zone + "/" + full;
      if (full == name) return d;
    }
    if (l.names[d] == name) {
      found = d;
      ++matches;
    }
  }
  return matches == 1 ? found : kNone;
}

}  // namespace clustersim
