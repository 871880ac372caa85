// The run loop of one replication: a clock and a pending-event set. It knows nothing about
// what events mean; the model passes a handler that dispatches on Event::kind. The loop is a
// few lines on purpose (after ns-3's DefaultSimulatorImpl::ProcessOneEvent): pop the earliest
// event, advance the clock, dispatch.
#pragma once

#include <cstdint>

#include "clustersim/core/event_queue.h"
#include "clustersim/core/time.h"

namespace clustersim {

class Simulator {
 public:
  SimTime now() const { return now_; }
  uint64_t dispatched() const { return dispatched_; }
  size_t pending() const { return queue_.size(); }
  void Reserve(size_t n) { queue_.Reserve(n); }
  // Back to time 0 with nothing pending, keeping the queue's memory: one Simulator can serve
  // replication after replication without allocating.
  void Reset() {
    queue_.Clear();
    now_ = 0;
    dispatched_ = 0;
    stopped_ = false;
    if (check_every_ != ~uint64_t{0}) next_check_ = check_every_;
  }

  // Schedules an event at absolute time `at` (>= now; an event past the end is never run).
  void At(SimTime at, uint16_t kind, uint32_t target, uint32_t epoch) {
    queue_.Push(at < now_ ? now_ : at, kind, target, epoch);
  }
  void After(SimTime delay, uint16_t kind, uint32_t target, uint32_t epoch) {
    At(AddSat(now_, delay), kind, target, epoch);
  }

  // Runs every event with time <= end, in (time, insertion) order, then sets the clock to end.
  // With a checkpoint set, every `every` events it calls the checkpoint first; when that returns
  // false the run stops there (stopped() turns true, the clock stays at the last event).
  template <typename Handler>
  void RunUntil(SimTime end, Handler&& handle) {
    while (!queue_.empty() && queue_.Top().time <= end) {
      if (dispatched_ == next_check_) {
        next_check_ += check_every_;
        if (!checkpoint_(checkpoint_context_)) {
          stopped_ = true;
          return;
        }
      }
      const Event e = queue_.Pop();
      now_ = e.time;
      ++dispatched_;
      handle(e);
    }
    now_ = end;
  }

  // What watches a long replication from the outside (the runner's event budget and progress
  // line): `check(context)` every `every` (> 0) events; clear with nullptr. One integer compare
  // per event, and no call but every `every` events.
  void SetCheckpoint(uint64_t every, bool (*check)(void*), void* context) {
    checkpoint_ = check != nullptr ? check : [](void*) { return true; };
    checkpoint_context_ = context;
    check_every_ = check != nullptr ? every : ~uint64_t{0};
    next_check_ = check != nullptr ? dispatched_ + every : ~uint64_t{0};
  }
  bool stopped() const { return stopped_; }

 private:
  EventQueue queue_;
  SimTime now_ = 0;
  uint64_t dispatched_ = 0;
  uint64_t next_check_ = ~uint64_t{0};
  uint64_t check_every_ = ~uint64_t{0};
  bool (*checkpoint_)(void*) = [](void*) { return true; };
  void* checkpoint_context_ = nullptr;
  bool stopped_ = false;
};

}  // namespace clustersim
