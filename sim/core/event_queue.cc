#include "clustersim/core/event_queue.h"

#include <utility>

namespace clustersim {

void EventQueue::Redistribute() {
  now_.clear();
  head_ = 0;
  assert(levels_ != 0);
  const int level = std::countr_zero(levels_);
  auto& words = occupied_[level];
  int w = 0;
  while (words[w] == 0) ++w;
  const int digit = w * 64 + std::countr_zero(words[w]);
  words[w] &= words[w] - 1;
  if ((words[0] | words[1] | words[2] | words[3]) == 0) levels_ &= ~(1u << level);
  const int b = level * kDigits + digit;
  last_ = min_[b];
  min_[b] = ~uint64_t{0};
  if (level == 0) {
    // Every event of a level-0 bucket has the same key: the bucket is the new FIFO as it is.
    std::swap(now_, buckets_[b]);
    return;
  }
  // The events of bucket (level, digit) agree with the new last_ above byte `level`, so each
  // lands in a lower level (or the FIFO). Iterating in order keeps equal times in insertion
  // order; buckets of this level with other digits still differ from last_ in this byte.
  std::vector<Event>& from = buckets_[b];
  for (const Event& e : from) Place(Key(e.time), e);
  from.clear();
}

void EventQueue::Clear() {
  now_.clear();
  head_ = 0;
  // Only occupied buckets hold events or a minimum; the rest are already empty, and keeping
  // their capacity is what makes a reused queue allocation-free.
  for (int level = 0; level < kLevels; ++level) {
    for (int w = 0; w < kDigits / 64; ++w) {
      for (uint64_t bits = occupied_[level][w]; bits != 0; bits &= bits - 1) {
        const int b = level * kDigits + w * 64 + std::countr_zero(bits);
        buckets_[b].clear();
        min_[b] = ~uint64_t{0};
      }
      occupied_[level][w] = 0;
    }
  }
  levels_ = 0;
  last_ = 0;
  size_ = 0;
}

}  // namespace clustersim
