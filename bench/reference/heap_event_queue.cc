#include "reference/heap_event_queue.h"

#include <cassert>
#include <cstddef>
#include <cstdint>

namespace clustersim {

namespace {

__extension__ typedef unsigned __int128 Uint128;  // -Wpedantic: __int128 is a GNU extension

// Four children per node: the tree is half as deep as a binary heap, and four 16-byte keys fill
// exactly one cache line, so a level costs one line and three compares.
constexpr size_t kArity = 4;

// The compiler lowers a 128-bit compare to cmp/sbb, which lets the min-of-four below select with
// flags instead of branches: which child is smallest is random, so a branch there mispredicts
// often. (Templates only because Key is private to EventQueue.)
template <typename KeyT>
inline Uint128 Wide(const KeyT& k) {
  return (static_cast<Uint128>(k.biased_time) << 64) | k.seq_kind;
}

template <typename KeyT>
inline bool Less(const KeyT& a, const KeyT& b) {
  return Wide(a) < Wide(b);
}

}  // namespace

void HeapEventQueue::Grow(size_t capacity) {
  keys_.resize(capacity + kKeyPad);
  payload_.resize(capacity);
}

void HeapEventQueue::Push(SimTime time, uint16_t kind, uint32_t target, uint32_t epoch) {
  assert(next_seq_ < (uint64_t{1} << 48) && "insertion counter must fit in 48 bits");
  const Key key{(next_seq_++ << 16) | kind, static_cast<uint64_t>(time) ^ kTimeBias};
  const uint64_t payload = (uint64_t{epoch} << 32) | target;
  if (size_ == payload_.size()) Grow(size_ < 32 ? 64 : 2 * size_);
  Key* const k = keys_.data() + kKeyPad;
  uint64_t* const p = payload_.data();
  size_t hole = size_++;
  // Move the hole up rather than swapping: each level costs one copy instead of three.
  while (hole > 0) {
    const size_t parent = (hole - 1) / kArity;
    if (!Less(key, k[parent])) break;
    k[hole] = k[parent];
    p[hole] = p[parent];
    hole = parent;
  }
  k[hole] = key;
  p[hole] = payload;
}

Event HeapEventQueue::Pop() {
  assert(size_ > 0);
  const Event popped = Decode(0);
  Key* const k = keys_.data() + kKeyPad;
  uint64_t* const p = payload_.data();
  const size_t n = --size_;
  if (n == 0) return popped;
  const Key last = k[n];
  const uint64_t last_payload = p[n];

  // Sift `last` down from the root, moving the hole and writing `last` once at the end.
  size_t hole = 0;
  for (;;) {
    const size_t first = hole * kArity + 1;
    size_t best;
    if (first + kArity <= n) {
      // The grandchildren are the next level's candidates: fetching their four lines now
      // overlaps the cache misses of the deep levels with this level's compares.
      // Integer arithmetic: near the bottom these lines lie past the array, which is harmless
      // for a prefetch (it never faults) but would not be for pointer arithmetic.
      const uintptr_t g = reinterpret_cast<uintptr_t>(k) + (first * kArity + 1) * sizeof(Key);
      __builtin_prefetch(reinterpret_cast<const void*>(g));
      __builtin_prefetch(reinterpret_cast<const void*>(g + 64));
      __builtin_prefetch(reinterpret_cast<const void*>(g + 128));
      __builtin_prefetch(reinterpret_cast<const void*>(g + 192));
      // A tournament instead of a running minimum: the two first-round compares are
      // independent, which shortens the dependency chain through the level.
      const size_t b01 = first + Less(k[first + 1], k[first]);
      const size_t b23 = first + 2 + Less(k[first + 3], k[first + 2]);
      best = Less(k[b23], k[b01]) ? b23 : b01;
      // The payload that moves up at the next level is one of best's children: fetching it a
      // level early keeps the deep levels' payload misses (past L2 with a million events) from
      // stalling the sift.
      const uintptr_t q = reinterpret_cast<uintptr_t>(p) + (best * kArity + 1) * sizeof(*p);
      __builtin_prefetch(reinterpret_cast<const void*>(q));
      __builtin_prefetch(reinterpret_cast<const void*>(q + kArity * sizeof(*p) - 1));
    } else {
      if (first >= n) break;
      best = first;
      for (size_t c = first + 1; c < n; ++c) best = Less(k[c], k[best]) ? c : best;
    }
    if (!Less(k[best], last)) break;
    k[hole] = k[best];
    p[hole] = p[best];
    hole = best;
  }
  k[hole] = last;
  p[hole] = last_payload;

  return popped;
}

}  // namespace clustersim
