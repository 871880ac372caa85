// The 4-ary heap the core used before its radix queue (include/clustersim/core/event_queue.h),
// kept for the hold benchmark to compare the two in the same run. Same interface and order.
//
// Events are small plain values ordered by (time, seq): seq is an insertion counter, so events
// at the same time run in the order they were scheduled and every run is reproducible. The
// queue knows nothing about what an event means: `kind`, `target` and `epoch` are opaque to it.
// Cancellation is by epoch: the owner of `target` keeps an epoch counter, bumps it to cancel
// everything scheduled for it, and skips a popped event whose epoch is stale. Nothing is ever
// searched for or removed from the middle of the queue.
//
// The structure is a 4-ary implicit heap on a contiguous array, chosen by the hold-model
// benchmark in bench/ (see bench/RESULTS.md). The heap keeps the 16-byte ordering keys apart from
// the 8-byte payloads, with every group of four siblings on one cache line, so that a level of
// the sift-down touches one line of keys. Push and pop allocate nothing once the arrays have
// grown to the largest pending count; Reserve() grows them up front.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

#include "clustersim/core/event_queue.h"
#include "clustersim/core/time.h"

namespace clustersim {

class HeapEventQueue {
 public:
  HeapEventQueue() = default;

  // Schedules an event. `time` must not be earlier than the last popped event's time.
  void Push(SimTime time, uint16_t kind, uint32_t target, uint32_t epoch);
  // Removes and returns the earliest event. The queue must not be empty.
  Event Pop();
  // The earliest event. The queue must not be empty. The keys and payloads are stored apart, so
  // the Event is assembled into a member on each call: Top() is not safe to call concurrently.
  const Event& Top() const {
    top_ = Decode(0);
    return top_;
  }

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  void Reserve(size_t n) {
    if (n > payload_.size()) Grow(n);
  }
  // Drops every pending event; the insertion counter keeps counting.
  void Clear() { size_ = 0; }
  uint64_t pushed() const { return next_seq_; }

 private:
  // (time, seq) order as one 128-bit unsigned number (biased_time high, seq_kind low): the time
  // is offset by 2^63 so that unsigned order is signed order, and one branch-free compare
  // replaces Before()'s two.
  struct Key {
    uint64_t seq_kind;
    uint64_t biased_time;
  };
  // Heap index i lives in keys_[i + kKeyPad]: with a 64-byte-aligned array the children
  // 4i+1..4i+4 of every node then share one cache line.
  static constexpr size_t kKeyPad = 3;
  static constexpr uint64_t kTimeBias = uint64_t{1} << 63;

  template <typename T>
  struct CacheLineAllocator {
    using value_type = T;
    static constexpr std::align_val_t kAlign{64};
    CacheLineAllocator() = default;
    template <typename U>
    CacheLineAllocator(const CacheLineAllocator<U>&) {}  // NOLINT: rebinding must be implicit
    T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlign)); }
    void deallocate(T* p, size_t) { ::operator delete(p, kAlign); }
    bool operator==(const CacheLineAllocator&) const { return true; }
  };

  // Resizes the arrays to hold `capacity` events. The arrays are sized to the capacity and the
  // heap occupies their first size_ slots, so Push and Pop never touch a vector's bookkeeping.
  void Grow(size_t capacity);

  Event Decode(size_t i) const {
    const Key& k = keys_[i + kKeyPad];
    const uint32_t kind = static_cast<uint32_t>(k.seq_kind & 0xFFFF);
    return Event{static_cast<SimTime>(k.biased_time ^ kTimeBias),
                 (kind << Event::kTargetBits) | static_cast<uint32_t>(payload_[i]),
                 static_cast<uint32_t>(payload_[i] >> 32)};
  }

  std::vector<Key, CacheLineAllocator<Key>> keys_;  // kKeyPad unused slots, then the heap
  std::vector<uint64_t> payload_;                   // target | epoch << 32, same order as keys
  size_t size_ = 0;
  // Filled by Top() only: keeping a copy of the root current in every Push and Pop cost about
  // 5 ns per hold step (1,000 pending), ~10% of the benchmark.
  mutable Event top_;
  uint64_t next_seq_ = 0;
};

}  // namespace clustersim
