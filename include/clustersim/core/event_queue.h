// The pending-event set of the discrete-event core.
//
// Events are small plain values ordered by (time, seq): seq is an insertion counter, so events
// at the same time run in the order they were scheduled and every run is reproducible. The
// queue knows nothing about what an event means: `kind`, `target` and `epoch` are opaque to it.
// Cancellation is by epoch: the owner of `target` keeps an epoch counter, bumps it to cancel
// everything scheduled for it, and skips a popped event whose epoch is stale. Nothing is ever
// searched for or removed from the middle of the queue.
//
// The structure is a radix heap with 8-bit digits, chosen over a tuned 4-ary heap by the
// hold-model benchmark (bench/RESULTS.md). A simulation's queue is monotone (nothing is
// scheduled before the latest popped time) and a radix heap exploits that: an event whose time
// first differs from the last popped time in byte L lives in bucket (L, value of that byte);
// events at exactly the last popped time wait in a FIFO. Popping drains the FIFO; when it is
// empty, the lowest non-empty bucket is redistributed around its earliest time into lower
// levels. An event moves at most 8 times (two or three in practice), always through contiguous
// arrays, and a level-0 bucket holds a single time, so it becomes the FIFO without a pass.
// Events with equal times always share a bucket and keep their insertion order there, which
// gives the (time, seq) order without comparing seqs.
// Push and Pop allocate nothing once the buckets have grown to their high-water marks.
#pragma once

#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "clustersim/core/time.h"

namespace clustersim {

struct Event {
  // The target in the low kTargetBits bits, the kind above them: 16 bytes an event rather than
  // 24 moves a third less memory through the buckets, 17-28% more events/s in the hold
  // benchmark (bench/RESULTS.md). No insertion counter is stored: the buckets keep equal times
  // in insertion order by themselves.
  static constexpr int kTargetBits = 26;
  static constexpr uint32_t kMaxTarget = (uint32_t{1} << kTargetBits) - 1;
  static constexpr uint32_t kMaxKind = (uint32_t{1} << (32 - kTargetBits)) - 1;

  SimTime time = 0;
  uint32_t target_kind = 0;
  uint32_t epoch = 0;

  uint16_t kind() const { return static_cast<uint16_t>(target_kind >> kTargetBits); }
  uint32_t target() const { return target_kind & kMaxTarget; }
};
static_assert(sizeof(Event) == 16, "events stay small and plain");

class EventQueue {
 public:
  EventQueue() {
    min_.fill(~uint64_t{0});
    for (auto& l : occupied_) l.fill(0);
  }

  // Schedules an event. `time` must not be earlier than the last popped event's time (the
  // queue is monotone; Simulator::At clamps to now). kind <= Event::kMaxKind and
  // target <= Event::kMaxTarget (the loader bounds what a scenario can make).
  void Push(SimTime time, uint16_t kind, uint32_t target, uint32_t epoch) {
    assert(kind <= Event::kMaxKind && target <= Event::kMaxTarget);
    const uint64_t key = Key(time);
    assert(key >= last_ && "events may not be scheduled before the last popped time");
    ++next_seq_;
    const Event e{time, (static_cast<uint32_t>(kind) << Event::kTargetBits) | target, epoch};
    ++size_;
    Place(key, e);
  }

  // Removes and returns the earliest event. The queue must not be empty.
  Event Pop() {
    Settle();
    --size_;
    return now_[head_++];
  }

  // The earliest event. The queue must not be empty. Not const: finding it may redistribute.
  const Event& Top() {
    Settle();
    return now_[head_];
  }

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  void Reserve(size_t n) { now_.reserve(n < 1024 ? n : 1024); }
  // Drops every pending event; the insertion counter keeps counting, the clock restarts.
  void Clear();
  uint64_t pushed() const { return next_seq_; }

 private:
  static constexpr int kLevels = 8;  // bytes of a 64-bit key
  static constexpr int kDigits = 256;

  // Signed times as unsigned keys in the same order.
  static uint64_t Key(SimTime t) { return static_cast<uint64_t>(t) ^ (uint64_t{1} << 63); }

  void Place(uint64_t key, const Event& e) {
    const uint64_t diff = key ^ last_;
    if (diff == 0) {
      now_.push_back(e);
      return;
    }
    const int level = (63 - std::countl_zero(diff)) >> 3;
    const int digit = static_cast<int>(key >> (8 * level)) & (kDigits - 1);
    const int b = level * kDigits + digit;
    buckets_[b].push_back(e);
    min_[b] = key < min_[b] ? key : min_[b];
    occupied_[level][digit >> 6] |= uint64_t{1} << (digit & 63);
    levels_ |= 1u << level;
  }

  // Makes now_[head_] the earliest event.
  void Settle() {
    assert(size_ > 0);
    if (head_ < now_.size()) return;
    Redistribute();
  }
  void Redistribute();

  std::vector<Event> now_;  // events at exactly last_, drained from head_ in insertion order
  size_t head_ = 0;
  std::array<std::vector<Event>, kLevels * kDigits> buckets_;
  // The earliest key in each bucket, kept on every push so that a redistribution needs one
  // pass over its bucket, not two. ~0 for an empty bucket.
  std::array<uint64_t, kLevels * kDigits> min_;
  std::array<std::array<uint64_t, kDigits / 64>, kLevels> occupied_;  // non-empty buckets
  uint32_t levels_ = 0;                                               // levels with any
  uint64_t last_ = 0;  // key of the last settled time; every pending key is >= it
  size_t size_ = 0;
  uint64_t next_seq_ = 0;
};

}  // namespace clustersim
