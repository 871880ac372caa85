#include "clustersim/core/event_queue.h"

#include <cassert>
#include <cstddef>
#include <utility>

namespace clustersim {

namespace {

// Four children per node: a level of the heap costs one 96-byte run of children (1.5 cache
// lines) instead of two dependent loads, and the tree is half as deep as a binary heap.
constexpr size_t kArity = 4;

}  // namespace

void EventQueue::Push(SimTime time, uint16_t kind, uint32_t target, uint32_t epoch) {
  assert(next_seq_ < (uint64_t{1} << 48) && "insertion counter must fit in 48 bits");
  const Event ev{time, (next_seq_++ << 16) | kind, target, epoch};
  // Growing first keeps the hole inside the vector; the value written here is overwritten.
  heap_.push_back(ev);
  Event* const h = heap_.data();
  size_t hole = heap_.size() - 1;
  // Move the hole up rather than swapping: each level costs one copy instead of three.
  while (hole > 0) {
    const size_t parent = (hole - 1) / kArity;
    if (!Before(ev, h[parent])) break;
    h[hole] = h[parent];
    hole = parent;
  }
  h[hole] = ev;
}

Event EventQueue::Pop() {
  assert(!heap_.empty());
  Event* const h = heap_.data();
  const Event top = h[0];
  const Event last = heap_.back();
  heap_.pop_back();
  const size_t n = heap_.size();
  if (n == 0) return top;

  // Sift `last` down from the root, moving the hole and writing `last` once at the end.
  size_t hole = 0;
  for (;;) {
    const size_t first = hole * kArity + 1;
    if (first >= n) break;
    size_t best = first;
    if (first + kArity <= n) {
      // Full set of children (the common case): a fixed-length scan the compiler unrolls.
      for (size_t c = first + 1; c < first + kArity; ++c) {
        if (Before(h[c], h[best])) best = c;
      }
    } else {
      for (size_t c = first + 1; c < n; ++c) {
        if (Before(h[c], h[best])) best = c;
      }
    }
    if (!Before(h[best], last)) break;
    h[hole] = h[best];
    hole = best;
  }
  h[hole] = last;
  return top;
}

}  // namespace clustersim
