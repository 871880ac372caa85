// The controller tests' harness: one replication's Model (sim/k8s/model.h) built from a small
// scenario, the way upstream's controller unit tests build one controller over a fake client and
// informers. A test sets up the state its case needs (in `m.s`, or through other controllers'
// entry points), calls the controller's own entry point, runs the clock to a time
// (`RunUntil`) to see the events it scheduled, and asserts the state and the trace.
//
// What a test does to the model happens inside the event loop, as an action scheduled with
// At(t, fn), never between two RunUntil calls: Simulator::RunUntil(end) settles its radix queue
// at the first event after `end` to see that it is past the end, so the queue's floor can be
// later than the clock, and an event scheduled from outside the loop before that floor (an
// entry point called at `end`) is silently misordered (the debug build's assert catches it).
// Inside an action the floor is the clock. Reading the state between RunUntil calls is fine.
//
// Trace records are kept raw (ids, not names): pod ids are recycled, so a test names a
// StatefulSet pod by (workload, ordinal) and any pod by the id it had when it was recorded.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "clustersim/core/simulator.h"
#include "clustersim/k8s/cluster_model.h"
#include "k8s/model.h"
#include "k8s/streams.h"
#include "k8s/trace_helpers.h"

namespace clustersim::testing {

// Everything the model tells an observer, in order.
class ModelRecorder final : public ModelObserver {
 public:
  struct Ready {
    uint32_t workload;
    int ready;
    SimTime time;
  };
  struct Loss {
    uint32_t workload;
    SimTime time;
    SimTime lost_writes;
  };
  struct Leader {
    uint32_t workload;
    bool has_leader;
    SimTime time;
  };
  void OnReadyChanged(uint32_t w, int ready, SimTime now) override {
    readiness.push_back({w, ready, now});
  }
  void OnTrace(const TraceRecord& r) override { records.push_back(r); }
  void OnDataLoss(uint32_t w, SimTime now, SimTime lost) override {
    losses.push_back({w, now, lost});
  }
  void OnLeaderChanged(uint32_t w, bool has, SimTime now) override {
    leaders.push_back({w, has, now});
  }

  std::vector<TraceRecord> records;
  std::vector<Ready> readiness;
  std::vector<Loss> losses;
  std::vector<Leader> leaders;
};

// Which trace records a query selects; kNone / -1 / unset fields match anything.
struct Match {
  TraceKind kind;
  uint32_t node = kNone;
  uint32_t pod = kNone;
  uint32_t workload = kNone;
  int32_t ordinal = -1;
  uint32_t volume = kNone;
  SimTime from = 0;
  SimTime to = kNever;  // exclusive
};

inline bool Matches(const Match& q, const TraceRecord& r) {
  return r.kind == q.kind && (q.node == kNone || r.node == q.node) &&
         (q.pod == kNone || r.pod == q.pod) && (q.workload == kNone || r.workload == q.workload) &&
         (q.ordinal < 0 || r.ordinal == q.ordinal) && (q.volume == kNone || r.volume == q.volume) &&
         r.time >= q.from && r.time < q.to;
}

// A directory of its own for the files a scenario names (manifests), removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "clustersim-ctl-XXXXXX").string();
    EXPECT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // Writes `text` to `name` in the directory; returns its absolute path.
  std::string Write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

 private:
  std::filesystem::path dir_;
};

class Harness {
 public:
  explicit Harness(const std::string& yaml)
      : scenario_(MustLoad(yaml)),
        tables_(ClusterModel::Prepare(scenario_)),
        model_(std::make_unique<Model>(tables_, scenario_.simulation.seed, 0, &rec, /*trace=*/true,
                                       sim_)),
        m(*model_) {}
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  // Runs `fn` at time `t` (never before the current time) inside the event loop, after the
  // events already due at that instant. Call it before the first RunUntil, from inside another
  // action, or after a RunUntil that left nothing pending.
  void At(SimTime t, std::function<void()> fn) {
    EXPECT_TRUE(in_action_ || floor_is_clock_)
        << "an action scheduled from outside the loop after a RunUntil that left events pending";
    actions_.push_back(std::move(fn));
    m.s.sim.At(t, kAction, static_cast<uint32_t>(actions_.size() - 1), kFirstCall);
  }

  // Model::RunUntil with the test's actions dispatched beside the model's events.
  void RunUntil(SimTime end) {
    if (!m.started) m.Start();
    m.s.sim.RunUntil(end, [this](const Event& e) {
      if (e.kind() != kAction) {
        m.Dispatch(e);
        return;
      }
      if (e.epoch == kFirstCall) {
        // Once more at the same instant: after what was already due then.
        m.s.sim.At(m.s.sim.now(), kAction, e.target(), kSecondCall);
        return;
      }
      const std::function<void()> fn = std::move(actions_[e.target()]);
      in_action_ = true;
      fn();
      in_action_ = false;
    });
    m.s.Accrue();
    m.queue.AccountPendingUntil(end);
    // With an event left, the loop settled the queue at it to see that it is past `end`.
    floor_is_clock_ = m.s.sim.pending() == 0;
  }

  uint32_t Node(const std::string& name) const {
    auto it = tables_->node_index.find(name);
    EXPECT_NE(it, tables_->node_index.end()) << "no node " << name;
    return it == tables_->node_index.end() ? kNone : it->second;
  }
  uint32_t Workload(const std::string& name) const {
    for (uint32_t w = 0; w < scenario_.workloads.size(); ++w) {
      if (scenario_.workloads[w].name == name) return w;
    }
    ADD_FAILURE() << "no workload " << name;
    return kNone;
  }
  // The pod object of a StatefulSet's ordinal (kNone: missing).
  uint32_t Pod(uint32_t w, int ordinal) const { return m.s.workloads[w].slots[ordinal]; }
  const PodState& P(uint32_t w, int ordinal) const { return m.s.pods[Pod(w, ordinal)]; }
  // The claim's volume of a StatefulSet's ordinal.
  uint32_t Volume(uint32_t w, int ordinal) const { return tables_->workloads[w].volumes[ordinal]; }
  const VolumeState& V(uint32_t w, int ordinal) const { return m.s.volumes[Volume(w, ordinal)]; }
  // The pod objects bound to node `n`, in the node's list order.
  std::vector<uint32_t> PodsOn(uint32_t n) const {
    std::vector<uint32_t> out;
    for (uint32_t id = m.s.nodes[n].first_pod; id != kNone; id = m.s.pods[id].next) {
      out.push_back(id);
    }
    return out;
  }
  // Every pod object of workload `w`, in id order.
  std::vector<uint32_t> PodsOf(uint32_t w) const {
    std::vector<uint32_t> out;
    for (uint32_t id = 0; id < m.s.pods.size(); ++id) {
      if (m.s.pods[id].phase != PodPhase::kFree && m.s.pods[id].workload == w) out.push_back(id);
    }
    return out;
  }

  std::vector<TraceRecord> Records(const Match& q) const {
    std::vector<TraceRecord> out;
    for (const TraceRecord& r : rec.records) {
      if (Matches(q, r)) out.push_back(r);
    }
    return out;
  }
  int Count(const Match& q) const { return static_cast<int>(Records(q).size()); }
  // The times of the selected records.
  std::vector<SimTime> Times(const Match& q) const {
    std::vector<SimTime> out;
    for (const TraceRecord& r : Records(q)) out.push_back(r.time);
    return out;
  }
  // The time of the first selected record, or kNever.
  SimTime FirstTime(const Match& q) const {
    const std::vector<TraceRecord> r = Records(q);
    return r.empty() ? kNever : r.front().time;
  }
  // The index in the whole trace of the first selected record (-1: none): for the order of
  // records at one instant.
  int IndexOf(const Match& q) const {
    for (size_t i = 0; i < rec.records.size(); ++i) {
      if (Matches(q, rec.records[i])) return static_cast<int>(i);
    }
    return -1;
  }

  // The draws the controllers make from the controllers' phase stream (node lifecycle first,
  // PodGC second): their passes fall at phase + k x period. The controllers keep the phases
  // private, so a test draws them again from the same stream.
  SimTime MonitorPhase() const {
    Rng r = m.s.Stream(StreamId(StreamKind::kControllerPhase, 0));
    return static_cast<SimTime>(r.Below(m.s.k8s.node_monitor_period));
  }
  SimTime PodGcPhase() const {
    Rng r = m.s.Stream(StreamId(StreamKind::kControllerPhase, 0));
    r.Below(m.s.k8s.node_monitor_period);
    return static_cast<SimTime>(r.Below(m.s.k8s.pod_gc_period));
  }

  const Scenario& scenario() const { return scenario_; }
  const ModelTables& tables() const { return *tables_; }

 private:
  // The actions' event kind: above every EventKind of the model (k8s/event_kinds.h).
  static constexpr uint16_t kAction = Event::kMaxKind;
  static_assert(kTraceEnd < kAction);
  static constexpr uint32_t kFirstCall = 0, kSecondCall = 1;
  std::deque<std::function<void()>> actions_;
  bool in_action_ = false;
  bool floor_is_clock_ = true;  // the queue's floor is not past the clock
  // Declared before the model: the model holds references to them.
  Scenario scenario_;
  std::shared_ptr<const ModelTables> tables_;
  Simulator sim_;

 public:
  ModelRecorder rec;

 private:
  std::unique_ptr<Model> model_;

 public:
  Model& m;
};

}  // namespace clustersim::testing
