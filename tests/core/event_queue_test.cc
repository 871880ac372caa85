#include "clustersim/core/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <tuple>
#include <vector>

#include "clustersim/core/random.h"

namespace clustersim {
namespace {

// What the test pushed, kept alongside so every popped field can be checked.
struct Pushed {
  SimTime time;
  uint64_t seq;
  uint16_t kind;
  uint32_t target;
  uint32_t epoch;

  auto Key() const { return std::tie(time, seq); }
  bool operator<(const Pushed& o) const { return Key() < o.Key(); }
};

// Events carry no insertion counter, so each push's target is its own: the target a pop
// returns tells which push it was.
void ExpectSame(const Pushed& want, const Event& got) {
  EXPECT_EQ(got.time, want.time);
  EXPECT_EQ(got.target(), want.target);
  EXPECT_EQ(got.kind(), want.kind);
  EXPECT_EQ(got.epoch, want.epoch);
}

Pushed PushRandom(EventQueue& q, Rng& rng, SimTime time) {
  const uint64_t seq = q.pushed();
  Pushed p{time, seq, static_cast<uint16_t>(rng.Below(Event::kMaxKind + 1)),
           static_cast<uint32_t>(seq & Event::kMaxTarget), static_cast<uint32_t>(rng.Next())};
  q.Push(p.time, p.kind, p.target, p.epoch);
  return p;
}

TEST(EventQueueTest, EmptyAndSingle) {
  EventQueue q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  q.Push(42, 7, 8, 9);
  EXPECT_FALSE(q.empty());
  EXPECT_EQ(q.Top().time, 42);
  const Event e = q.Pop();
  EXPECT_EQ(e.time, 42);
  EXPECT_EQ(e.kind(), 7);
  EXPECT_EQ(e.target(), 8u);
  EXPECT_EQ(e.epoch, 9u);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.pushed(), 1u);
}

TEST(EventQueueTest, KindAndTargetUseAllTheirBitsWithoutDisturbingOrder) {
  EventQueue q;
  q.Push(5, Event::kMaxKind, Event::kMaxTarget, ~uint32_t{0});
  q.Push(5, 0, 0, 0);  // pushed later at the same time: popped later, whatever its fields
  Event e = q.Pop();
  EXPECT_EQ(e.kind(), Event::kMaxKind);
  EXPECT_EQ(e.target(), Event::kMaxTarget);
  EXPECT_EQ(e.epoch, ~uint32_t{0});
  e = q.Pop();
  EXPECT_EQ(e.target(), 0u);
  EXPECT_EQ(e.kind(), 0);
}

// Random pushes with many equal times, then drain: the order must be the stable sort by time.
TEST(EventQueueTest, PopsInTimeThenInsertionOrder) {
  for (uint64_t seed : {1u, 2u, 3u}) {
    for (size_t n : {1u, 2u, 3u, 4u, 5u, 17u, 1000u, 20000u}) {
      Rng rng(seed * 1000 + n);
      EventQueue q;
      std::vector<Pushed> ref;
      // Few distinct times so that most events tie and the insertion counter decides.
      const uint64_t distinct = std::max<uint64_t>(1, n / 8);
      for (size_t i = 0; i < n; ++i) {
        ref.push_back(PushRandom(q, rng, static_cast<SimTime>(rng.Below(distinct))));
      }
      ASSERT_EQ(q.size(), n);
      std::stable_sort(ref.begin(), ref.end(),
                       [](const Pushed& a, const Pushed& b) { return a.time < b.time; });
      for (size_t i = 0; i < n; ++i) {
        ASSERT_FALSE(q.empty());
        EXPECT_EQ(q.Top().target(), ref[i].target);
        const Event e = q.Pop();
        ExpectSame(ref[i], e);
        if (::testing::Test::HasFailure()) FAIL() << "seed " << seed << " n " << n << " i " << i;
      }
      EXPECT_TRUE(q.empty());
    }
  }
}

// The simulator's access pattern: pop the earliest event, schedule follow-ups no earlier than
// it, in bursts of pushes and pops. A std::set keyed by (time, seq) is the reference.
TEST(EventQueueTest, InterleavedHoldPatternMatchesReference) {
  Rng rng(77);
  EventQueue q;
  std::set<Pushed> ref;
  SimTime now = 0;
  for (int i = 0; i < 500; ++i) {
    ref.insert(PushRandom(q, rng, static_cast<SimTime>(rng.Below(1000))));
  }
  for (int step = 0; step < 200000; ++step) {
    const uint64_t op = rng.Below(10);
    if (op < 4 || ref.empty()) {
      // Zero increments are frequent, so ties with the current time are exercised.
      const SimTime inc = rng.Below(3) == 0 ? 0 : static_cast<SimTime>(rng.Below(500));
      ref.insert(PushRandom(q, rng, now + inc));
    } else if (op < 8) {
      ASSERT_FALSE(ref.empty());
      ExpectSame(*ref.begin(), q.Top());
      const Event e = q.Pop();
      ExpectSame(*ref.begin(), e);
      ASSERT_FALSE(::testing::Test::HasFailure()) << "step " << step;
      ASSERT_GE(e.time, now);
      now = e.time;
      ref.erase(ref.begin());
      ref.insert(PushRandom(q, rng, now + static_cast<SimTime>(rng.Below(200))));
    } else {
      // Bursts grow and shrink the heap across partially filled last levels.
      const uint64_t burst = rng.Below(8);
      for (uint64_t b = 0; b < burst && !ref.empty(); ++b) {
        const Event e = q.Pop();
        ExpectSame(*ref.begin(), e);
        now = e.time;
        ref.erase(ref.begin());
      }
    }
    ASSERT_EQ(q.size(), ref.size());
  }
  while (!ref.empty()) {
    ExpectSame(*ref.begin(), q.Pop());
    ref.erase(ref.begin());
  }
  EXPECT_TRUE(q.empty());
}

TEST(EventQueueTest, ClearKeepsCountingAndReserveIsHarmless) {
  EventQueue q;
  q.Reserve(100);
  q.Push(10, 1, 1, 1);
  q.Push(20, 2, 2, 2);
  q.Clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.pushed(), 2u);
  q.Push(5, 3, 3, 3);
  const Event e = q.Pop();
  EXPECT_EQ(q.pushed(), 3u);
  EXPECT_EQ(e.time, 5);
}

// Keys are compared as unsigned integers internally: negative and extreme times must still
// order as signed numbers.
TEST(EventQueueTest, ExtremeTimes) {
  EventQueue q;
  q.Push(kNever, 1, 1, 0);
  q.Push(0, 2, 2, 0);
  q.Push(kNever, 3, 3, 0);
  q.Push(-5, 4, 4, 0);
  q.Push(std::numeric_limits<SimTime>::min(), 5, 5, 0);
  q.Push(1, 6, 6, 0);
  for (uint32_t want : {5u, 4u, 2u, 6u, 1u, 3u}) {
    EXPECT_EQ(q.Top().target(), want);
    const Event e = q.Pop();
    EXPECT_EQ(e.target(), want);
    EXPECT_EQ(e.kind(), want);
  }
  EXPECT_TRUE(q.empty());
}

TEST(EventQueueTest, GrowsPastReserveAndCopies) {
  Rng rng(3);
  EventQueue q;
  q.Reserve(10);
  std::vector<Pushed> ref;
  for (int i = 0; i < 5000; ++i)
    ref.push_back(PushRandom(q, rng, static_cast<SimTime>(rng.Below(50))));
  EventQueue copy = q;
  std::stable_sort(ref.begin(), ref.end(),
                   [](const Pushed& a, const Pushed& b) { return a.time < b.time; });
  for (const Pushed& want : ref) ExpectSame(want, q.Pop());
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(copy.size(), ref.size());
  for (const Pushed& want : ref) ExpectSame(want, copy.Pop());
}

}  // namespace
}  // namespace clustersim
