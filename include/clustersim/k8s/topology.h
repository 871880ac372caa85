// Failure domains: region > zone > rack > node, as a tree. A zone or rack outage takes down
// every node under its domain, so the model needs "the nodes under this domain" and "this
// node's domain at that level". Boost.Graph holds the tree while it is built; the answers are
// then kept as flat arrays, so that the event path walks no graph and allocates nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace clustersim {

enum class DomainLevel : uint8_t { kRegion = 0, kZone = 1, kRack = 2, kNode = 3 };

// Where one node sits; an empty name is a domain like any other (one unnamed region, zone or
// rack).
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
  // A domain's own name (a rack's without its zone); "" for nodes, which the model names.
  const std::string& Name(DomainLevel level, uint32_t domain) const;
  // The node's domain at `level` (kNode: the node itself).
  uint32_t DomainOf(uint32_t node, DomainLevel level) const;
  // The nodes under a domain, ascending.
  std::span<const uint32_t> NodesUnder(DomainLevel level, uint32_t domain) const;
  // A domain by name: a rack as "<zone>/<rack>", or by its own name when that is unique.
  // UINT32_MAX when there is none, or several.
  uint32_t Find(DomainLevel level, const std::string& name) const;

 private:
  static constexpr int kLevels = 4;
  struct Level {
    std::vector<std::string> names;
    std::vector<uint32_t> parent;  // domain at the level above (UINT32_MAX for regions)
    std::vector<uint32_t> begin;   // [begin[d], begin[d + 1]) in `nodes`
    std::vector<uint32_t> nodes;   // node ids grouped by domain, ascending within each
  };
  Level levels_[kLevels];
  std::vector<uint32_t> of_[kLevels];  // node -> domain at each level
};

}  // namespace clustersim
