// Hold-model benchmark of the pending-event set: with N events pending, each step pops the
// earliest event and schedules one follow-up a random increment later, so the size stays at N.
// This is the steady state of a discrete-event simulation, and items_per_second is events/s.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "clustersim/core/event_queue.h"
#include "clustersim/core/random.h"
#include "clustersim/core/time.h"
#include "reference/heap_event_queue.h"

namespace clustersim {
namespace {

// A power of two so the index wraps with a mask; large enough that the increment sequence does
// not resonate with the heap, small enough to stay in L1 next to the heap's hot top levels.
constexpr size_t kIncrements = 4096;
constexpr SimTime kMeanIncrement = kSecond;

// Precomputed so that the timed loop measures the queue, not the generator and log().
std::vector<SimTime> Increments() {
  Rng rng(1);
  const Distribution d = Distribution::Exponential(kMeanIncrement);
  std::vector<SimTime> inc(kIncrements);
  for (SimTime& x : inc) x = d.Sample(rng);
  return inc;
}

std::vector<SimTime> InitialTimes(size_t n) {
  Rng rng(2);
  const Distribution d = Distribution::Exponential(kMeanIncrement);
  std::vector<SimTime> times(n);
  for (SimTime& t : times) t = d.Sample(rng);
  return times;
}

template <typename Queue>
void Hold(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const std::vector<SimTime> inc = Increments();
  Queue q;
  q.Reserve(n);
  uint32_t target = 0;
  for (SimTime t : InitialTimes(n)) q.Push(t, 1, target++, 0);
  size_t i = 0;
  for (auto _ : state) {
    const Event e = q.Pop();
    q.Push(e.time + inc[i++ & (kIncrements - 1)], e.kind(), e.target(), e.epoch);
  }
  benchmark::DoNotOptimize(q.Top());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
// The core's radix queue.
void BM_EventQueueHold(benchmark::State& state) { Hold<EventQueue>(state); }
BENCHMARK(BM_EventQueueHold)->Arg(1000)->Arg(100000)->Arg(1000000);

// The tuned 4-ary heap it replaced (bench/reference/), measured in the same run.
void BM_HeapEventQueueHold(benchmark::State& state) { Hold<HeapEventQueue>(state); }
BENCHMARK(BM_HeapEventQueueHold)->Arg(1000)->Arg(100000)->Arg(1000000);

// The textbook alternative the EventQueue replaces: a binary heap of callbacks.
struct FunctionEvent {
  SimTime time;
  uint64_t seq;
  std::function<void()> fn;
};
struct Later {
  bool operator()(const FunctionEvent& a, const FunctionEvent& b) const {
    return a.time > b.time || (a.time == b.time && a.seq > b.seq);
  }
};

void BM_StdPriorityQueueFunctionHold(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const std::vector<SimTime> inc = Increments();
  uint64_t seq = 0;
  int64_t fired = 0;
  // A one-pointer capture fits std::function's small buffer, as a typical simulator callback
  // capturing `this` would, so the baseline is not penalised by heap allocation.
  int64_t* const counter = &fired;
  std::vector<FunctionEvent> initial;
  initial.reserve(n);
  for (SimTime t : InitialTimes(n)) initial.push_back({t, seq++, [counter] { ++*counter; }});
  std::priority_queue<FunctionEvent, std::vector<FunctionEvent>, Later> q(Later{},
                                                                          std::move(initial));
  size_t i = 0;
  for (auto _ : state) {
    // top() is const; moving the callback out before pop() avoids charging the baseline for a
    // std::function copy that real code would also avoid.
    FunctionEvent& top = const_cast<FunctionEvent&>(q.top());
    const SimTime time = top.time;
    std::function<void()> fn = std::move(top.fn);
    q.pop();
    q.push({time + inc[i++ & (kIncrements - 1)], seq++, std::move(fn)});
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_StdPriorityQueueFunctionHold)->Arg(1000)->Arg(100000)->Arg(1000000);

}  // namespace
}  // namespace clustersim
