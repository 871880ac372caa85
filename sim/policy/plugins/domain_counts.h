// DomainCounts: the per-cycle counts of InterPodAffinity and PodTopologySpread, which upstream
// keeps in maps keyed by topology pair (interpodaffinity's topologyToMatchedTermCount,
// podtopologyspread's per-constraint match counts), here flat arrays indexed by topology domain,
// so that the filter and score loops do one indexed load per node and term.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace clustersim::plugins {

// Per-cycle counts indexed by (slot, domain), reset in time proportional to what was touched.
// A slot is a topology key (InterPodAffinity) or a constraint (PodTopologySpread). Slots live
// in one flat array, each with the largest size it has needed, so that the hot loops do one
// indexed load per access and the layout changes only when a slot grows.
template <typename T>
class DomainCounts {
 public:
  void Reset() {
    for (const uint32_t i : touched_) {
      counts_[i] = 0;
      seen_[i] = 0;
    }
    touched_.clear();
  }
  // Makes room for `domains` domains in `slot`, keeping what was counted so far.
  void Size(size_t slot, size_t domains) {
    if (slot < cap_.size() && cap_[slot] >= domains) return;
    const std::vector<size_t> old_offset = offset_;
    if (cap_.size() <= slot) cap_.resize(slot + 1, 0);
    cap_[slot] = std::max(cap_[slot], domains);
    offset_.assign(cap_.size(), 0);
    size_t total = 0;
    for (size_t i = 0; i < cap_.size(); ++i) {
      offset_[i] = total;
      total += cap_[i];
    }
    std::vector<T> counts(total, 0);
    std::vector<uint8_t> seen(total, 0);
    for (uint32_t& i : touched_) {
      const size_t s = static_cast<size_t>(
          std::upper_bound(old_offset.begin(), old_offset.end(), static_cast<size_t>(i)) -
          old_offset.begin() - 1);
      const size_t moved = offset_[s] + (i - old_offset[s]);
      counts[moved] = counts_[i];
      seen[moved] = seen_[i];
      i = static_cast<uint32_t>(moved);
    }
    counts_.swap(counts);
    seen_.swap(seen);
  }
  // Marks the entry as existing (a key of upstream's topology-pair maps) and adds to it.
  void Add(size_t slot, uint32_t d, T v) {
    const size_t i = offset_[slot] + d;
    if (!seen_[i]) {
      seen_[i] = 1;
      touched_.push_back(static_cast<uint32_t>(i));
    }
    counts_[i] += v;
  }
  // Adds one; cheaper than Add(slot, d, 1) where entries need not exist before their first pod.
  void Increment(size_t slot, uint32_t d) {
    const size_t i = offset_[slot] + d;
    if (counts_[i]++ == 0 && !seen_[i]) {
      seen_[i] = 1;
      touched_.push_back(static_cast<uint32_t>(i));
    }
  }
  // Marks the entry as existing; true when it did not exist yet.
  bool Touch(size_t slot, uint32_t d) {
    const size_t i = offset_[slot] + d;
    if (seen_[i]) return false;
    seen_[i] = 1;
    touched_.push_back(static_cast<uint32_t>(i));
    return true;
  }
  bool Seen(size_t slot, uint32_t d) const { return seen_[offset_[slot] + d] != 0; }
  T Get(size_t slot, uint32_t d) const { return counts_[offset_[slot] + d]; }
  // The slot's row, for loops that index it directly.
  const T* Row(size_t slot) const { return counts_.data() + offset_[slot]; }
  bool empty() const { return touched_.empty(); }
  // Each touched entry as (slot, domain).
  template <typename F>
  void ForEachTouched(F f) const {
    for (const uint32_t i : touched_) {
      const size_t slot = static_cast<size_t>(
          std::upper_bound(offset_.begin(), offset_.end(), static_cast<size_t>(i)) -
          offset_.begin() - 1);
      f(slot, static_cast<uint32_t>(i - offset_[slot]));
    }
  }

 private:
  std::vector<T> counts_;
  std::vector<uint8_t> seen_;
  std::vector<uint32_t> touched_;
  std::vector<size_t> cap_, offset_;
};

}  // namespace clustersim::plugins
