#include "clustersim/k8s/topology.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <cassert>
#include <map>
#include <string_view>
#include <utility>

namespace clustersim {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr int kNodeLevel = static_cast<int>(DomainLevel::kNode);

struct Vertex {
  int level = -1;  // -1: the root, which stands for "the whole cluster"
  uint32_t domain = 0;
};
using Tree = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Vertex>;
using Range = std::pair<uint32_t, uint32_t>;

// One walk of the whole tree: the nodes under a vertex are exactly those discovered between its
// discovery and its finish, so each vertex gets a [first, last) range into the DFS order.
class RangeRecorder : public boost::default_dfs_visitor {
 public:
  RangeRecorder(std::vector<uint32_t>* order, std::vector<Range>* ranges)
      : order_(order), ranges_(ranges) {}
  void discover_vertex(Tree::vertex_descriptor v, const Tree& g) {
    (*ranges_)[v].first = static_cast<uint32_t>(order_->size());
    if (g[v].level == kNodeLevel) order_->push_back(g[v].domain);
  }
  void finish_vertex(Tree::vertex_descriptor v, const Tree&) {
    (*ranges_)[v].second = static_cast<uint32_t>(order_->size());
  }

 private:
  std::vector<uint32_t>* order_;
  std::vector<Range>* ranges_;
};

}  // namespace

FailureDomains FailureDomains::Build(const std::vector<NodeDomains>& nodes) {
  assert(nodes.size() < kNone);
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
  std::vector<Tree::vertex_descriptor> vertex_of[kLevels];  // per level: domain -> vertex
  // A domain is its path from the root, (parent domain, own name): that is what keeps rack "r1"
  // of zone a apart from rack "r1" of zone b.
  std::map<std::pair<uint32_t, std::string>, uint32_t> index[kLevels - 1];
  for (auto& of : out.of_) of.resize(nodes.size());
  for (uint32_t n = 0; n < nodes.size(); ++n) {
    const std::string* names[kLevels - 1] = {&nodes[n].region, &nodes[n].zone, &nodes[n].rack};
    uint32_t parent = kNone;
    auto parent_vertex = root;
    for (int l = 0; l < kLevels - 1; ++l) {
      Level& level = out.levels_[l];
      const auto [it, fresh] = index[l].try_emplace({parent, *names[l]}, level.names.size());
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
    const auto v = add(Vertex{kNodeLevel, n});
    boost::add_edge(parent_vertex, v, tree);
    vertex_of[kNodeLevel].push_back(v);
    out.of_[kNodeLevel][n] = n;
    out.levels_[kNodeLevel].parent.push_back(parent);
  }

  std::vector<uint32_t> order;
  order.reserve(nodes.size());
  std::vector<Range> ranges(boost::num_vertices(tree));
  std::vector<boost::default_color_type> color(boost::num_vertices(tree));
  boost::depth_first_visit(
      tree, root, RangeRecorder(&order, &ranges),
      boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, tree)));
  // DFS order groups a domain's nodes but not in id order (node 4 may follow a later rack's node
  // 3), and callers want ascending ids; laying domains out by number makes begin[] a prefix sum.
  for (int l = 0; l < kLevels; ++l) {
    Level& level = out.levels_[l];
    level.nodes.reserve(nodes.size());
    level.begin.reserve(vertex_of[l].size() + 1);
    level.begin.push_back(0);
    for (const auto v : vertex_of[l]) {
      const auto [first, last] = ranges[v];
      level.nodes.insert(level.nodes.end(), order.begin() + first, order.begin() + last);
      std::sort(level.nodes.end() - (last - first), level.nodes.end());
      level.begin.push_back(static_cast<uint32_t>(level.nodes.size()));
    }
  }
  return out;
}

uint32_t FailureDomains::Count(DomainLevel level) const {
  return static_cast<uint32_t>(levels_[static_cast<int>(level)].parent.size());
}

const std::string& FailureDomains::Name(DomainLevel level, uint32_t domain) const {
  assert(domain < Count(level));
  static const std::string kUnnamed;
  if (level == DomainLevel::kNode) return kUnnamed;
  return levels_[static_cast<int>(level)].names[domain];
}

uint32_t FailureDomains::DomainOf(uint32_t node, DomainLevel level) const {
  assert(node < Count(DomainLevel::kNode));
  return of_[static_cast<int>(level)][node];
}

std::span<const uint32_t> FailureDomains::NodesUnder(DomainLevel level, uint32_t domain) const {
  assert(domain < Count(level));
  const Level& l = levels_[static_cast<int>(level)];
  return std::span<const uint32_t>(l.nodes).subspan(l.begin[domain],
                                                    l.begin[domain + 1] - l.begin[domain]);
}

uint32_t FailureDomains::Find(DomainLevel level, const std::string& name) const {
  if (level == DomainLevel::kNode) return kNone;
  const Level& l = levels_[static_cast<int>(level)];
  const std::string_view want = name;
  uint32_t found = kNone;
  for (uint32_t d = 0; d < l.names.size(); ++d) {
    const std::string& own = l.names[d];
    bool match = want == own;
    if (!match && level == DomainLevel::kRack) {
      // "<zone>/<rack>", compared in place: a lookup allocates nothing.
      const std::string& zone = levels_[static_cast<int>(DomainLevel::kZone)].names[l.parent[d]];
      match = want.size() == zone.size() + 1 + own.size() && want.starts_with(zone) &&
              want[zone.size()] == '/' && want.ends_with(own);
    }
    if (!match) continue;
    if (found != kNone) return kNone;  // a name that picks two domains picks none
    found = d;
  }
  return found;
}

}  // namespace clustersim
