// The pending-event set of the discrete-event core.
//
// Events are small plain values ordered by (time, seq): seq is an insertion counter, so events
// at the same time run in the order they were scheduled and every run is reproducible. The
// queue knows nothing about what an event means: `kind`, `target` and `epoch` are opaque to it.
// Cancellation is by epoch: the owner of `target` keeps an epoch counter, bumps it to cancel
// everything scheduled for it, and skips a popped event whose epoch is stale. Nothing is ever
// searched for or removed from the middle of the queue.
//
// The structure is a 4-ary implicit heap on a contiguous array, chosen by the hold-model
// benchmark in bench/ (see bench/RESULTS.md). Push and pop allocate nothing once the array has
// grown to the largest pending count; Reserve() grows it up front.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "clustersim/core/time.h"

namespace clustersim {

struct Event {
  SimTime time = 0;
  // The insertion counter in the high 48 bits, the kind in the low 16: one integer compare
  // orders two events with equal times, and the kind costs no extra space.
  uint64_t seq_kind = 0;
  uint32_t target = 0;
  uint32_t epoch = 0;

  uint16_t kind() const { return static_cast<uint16_t>(seq_kind & 0xFFFF); }
  uint64_t seq() const { return seq_kind >> 16; }
};
static_assert(sizeof(Event) == 24, "events stay small and plain");

class EventQueue {
 public:
  EventQueue() = default;

  // Schedules an event. `time` must not be earlier than the last popped event's time.
  void Push(SimTime time, uint16_t kind, uint32_t target, uint32_t epoch);
  // Removes and returns the earliest event. The queue must not be empty.
  Event Pop();
  const Event& Top() const { return heap_[0]; }

  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  void Reserve(size_t n) { heap_.reserve(n); }
  // Drops every pending event; the insertion counter keeps counting.
  void Clear() { heap_.clear(); }
  uint64_t pushed() const { return next_seq_; }

 private:
  static bool Before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.seq_kind < b.seq_kind);
  }
  std::vector<Event> heap_;
  uint64_t next_seq_ = 0;
};

}  // namespace clustersim
