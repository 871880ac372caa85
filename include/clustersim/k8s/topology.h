// Failure domains: region > zone > rack > node, as a tree. A region, zone or rack outage takes
// down every node under it, so the model asks "which nodes are under this domain" and "which
// domain is this node in at that level". Boost.Graph holds the tree while it is built; the
// answers are then kept as flat arrays, so the event path walks no graph and allocates nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace clustersim {

enum class DomainLevel : uint8_t { kRegion = 0, kZone = 1, kRack = 2, kNode = 3 };

// Where one node sits. An empty name is a domain like any other: the nodes of a zone that give
// no rack share one unnamed rack.
struct NodeDomains {
  std::string region, zone, rack;
};

class FailureDomains {
 public:
  // nodes[i] is node i. A rack is scoped by its zone and a zone by its region: the same rack
  // name in two zones is two racks. Domains are numbered per level in order of first
  // appearance over nodes 0..n-1, so the numbering is deterministic.
  static FailureDomains Build(const std::vector<NodeDomains>& nodes);

  // Domains at a level (kNode: the number of nodes).
  uint32_t Count(DomainLevel level) const;
  // A domain's own name (a rack's without its zone). Nodes are "": the model names them.
  const std::string& Name(DomainLevel level, uint32_t domain) const;
  // The node's domain at `level` (kNode: the node itself).
  uint32_t DomainOf(uint32_t node, DomainLevel level) const;
  // The nodes under a domain, ascending.
  std::span<const uint32_t> NodesUnder(DomainLevel level, uint32_t domain) const;
  // A domain by name; a rack also as "<zone>/<rack>" (so "z/" is zone z's unnamed rack).
  // UINT32_MAX when no domain or more than one matches, and always for kNode (unnamed here).
  // Scans the level: for setup and messages, not the event path.
  uint32_t Find(DomainLevel level, const std::string& name) const;

 private:
  static constexpr int kLevels = 4;
  struct Level {
    std::vector<std::string> names;  // empty for kNode
    std::vector<uint32_t> parent;    // domain at the level above (UINT32_MAX for regions)
    std::vector<uint32_t> begin;     // domain d's nodes are nodes[begin[d], begin[d + 1])
    std::vector<uint32_t> nodes;     // node ids grouped by domain, ascending within each
  };
  Level levels_[kLevels];
  std::vector<uint32_t> of_[kLevels];  // node -> its domain at each level
};

}  // namespace clustersim
