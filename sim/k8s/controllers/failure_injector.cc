#include "k8s/controllers/failure_injector.h"

#include <algorithm>
#include <cassert>

#include "k8s/model.h"
#include "k8s/streams.h"

namespace clustersim {

FailureInjector::FailureInjector(Model& m) : m_(m), s_(m.s) {
  const std::vector<ModelTables::ProcessTable>& table = s_.tables.processes;
  processes_.resize(table.size());
  for (uint32_t i = 0; i < table.size(); ++i) {
    // Streams are per (failure entry, target) so that adding a workload or changing a policy
    // never shifts the failure sequence (common random numbers).
    processes_[i].every_rng = s_.Stream(StreamId(StreamKind::kFailureEvery, i));
    processes_[i].lasts_rng = s_.Stream(StreamId(StreamKind::kFailureLasts, i));
  }
  for (uint32_t f : s_.tables.trace_specs) BuildTrace(f);
  repair_queue_.reserve(2 * processes_.size() + 1);
}

// The outages of trace-driven failure `f` for this replication: as recorded, or rotated by
// a uniform offset (wrapping at the horizon) with each scope's targets permuted.
void FailureInjector::BuildTrace(uint32_t f) {
  const FailureSpec& spec = s_.sc.failures[f];
  const FailureDomains& domains = s_.tables.domains;
  Rng rng = s_.Stream(StreamId(StreamKind::kTraceBootstrap, f));
  const SimTime horizon = s_.sc.simulation.horizon;
  const SimTime offset =
      spec.bootstrap ? static_cast<SimTime>(rng.Below(static_cast<uint64_t>(horizon))) : 0;
  // Permutations of nodes, racks and zones (identity when replaying).
  auto permutation = [&](uint32_t count) {
    std::vector<uint32_t> perm(count);
    for (uint32_t i = 0; i < count; ++i) perm[i] = i;
    if (spec.bootstrap) {
      for (uint32_t i = count; i > 1; --i) std::swap(perm[i - 1], perm[rng.Below(i)]);
    }
    return perm;
  };
  const std::vector<uint32_t> node_perm = permutation(static_cast<uint32_t>(s_.nodes.size()));
  const std::vector<uint32_t> rack_perm = permutation(domains.Count(DomainLevel::kRack));
  const std::vector<uint32_t> zone_perm = permutation(domains.Count(DomainLevel::kZone));
  for (const TraceOutage& o : spec.trace) {
    Outage e;
    e.scope = o.scope;
    e.loss = o.effect == FailureEffect::kLoss;
    switch (o.scope) {
      case FailureTargetKind::kNode:
      case FailureTargetKind::kDisk:
        e.target = node_perm[s_.tables.node_index.at(o.target)];
        break;
      case FailureTargetKind::kRack:
        e.target = rack_perm[domains.Find(DomainLevel::kRack, o.target)];
        break;
      case FailureTargetKind::kZone:
        e.target = zone_perm[domains.Find(DomainLevel::kZone, o.target)];
        break;
    }
    if (!spec.bootstrap) {
      e.start = o.start;
      e.end = o.end;
      outages_.push_back(e);
      continue;
    }
    e.start = (o.start % horizon + offset) % horizon;
    if (o.end == kNever) {
      outages_.push_back(e);
      continue;
    }
    const SimTime length = o.end - o.start;
    e.end = e.start + length;
    if (e.end <= horizon) {
      outages_.push_back(e);
      continue;
    }
    // Wrapped: the part past the horizon comes back at time 0.
    Outage tail = e;
    e.end = horizon;
    tail.start = 0;
    tail.end = std::min(e.start, length - (horizon - e.start));
    outages_.push_back(e);
    outages_.push_back(tail);
  }
}

void FailureInjector::Start() {
  for (uint32_t i = 0; i < processes_.size(); ++i) ScheduleNextFailure(i);
}

void FailureInjector::StartTraces() {
  for (uint32_t i = 0; i < outages_.size(); ++i) {
    s_.sim.At(outages_[i].start, kTraceStart, i, 0);
    if (outages_[i].end != kNever) s_.sim.At(outages_[i].end, kTraceEnd, i, 0);
  }
}

void FailureInjector::ReplayOutage(uint32_t i, bool starts) {
  const Outage& o = outages_[i];
  Apply(o.scope, o.target, o.loss, starts);
}

void FailureInjector::ScheduleNextFailure(uint32_t pi) {
  Process& p = processes_[pi];
  const FailureSpec& spec = s_.sc.failures[s_.tables.processes[pi].spec];
  SimTime next = kNever;
  while (p.next_at < spec.at.size() && spec.at[p.next_at] < s_.sim.now()) ++p.next_at;
  if (p.next_at < spec.at.size()) next = spec.at[p.next_at];
  if (spec.every) {
    // At least 1 us of up time: a zero draw must not make a failure start and end forever
    // at one instant.
    const SimTime up = std::max<SimTime>(spec.every->Sample(p.every_rng), 1);
    next = std::min(next, AddSat(s_.sim.now(), up));
  }
  if (next != kNever) s_.sim.At(next, kFailStart, pi, p.epoch);
}

void FailureInjector::FailStart(uint32_t pi) {
  Process& p = processes_[pi];
  const ModelTables::ProcessTable& t = s_.tables.processes[pi];
  const FailureSpec& spec = s_.sc.failures[t.spec];
  if (p.next_at < spec.at.size() && spec.at[p.next_at] <= s_.sim.now()) ++p.next_at;
  if (p.down) return;
  p.down = true;
  Apply(t.kind, t.target, spec.effect == FailureEffect::kLoss, true);
  if (!spec.lasts) return;  // permanent: never repaired
  // A node waits for a free crew; its repair time (`lasts`) runs from when one starts.
  const bool domain = t.kind == FailureTargetKind::kZone || t.kind == FailureTargetKind::kRack;
  if (s_.sc.repair_crews > 0 && !domain) {
    if (crews_busy_ >= s_.sc.repair_crews) {
      repair_queue_.push_back(pi);
      return;
    }
    ++crews_busy_;
    p.crewed = true;
  }
  StartRepair(pi);
}

void FailureInjector::StartRepair(uint32_t pi) {
  Process& p = processes_[pi];
  const FailureSpec& spec = s_.sc.failures[s_.tables.processes[pi].spec];
  s_.sim.After(spec.lasts->Sample(p.lasts_rng), kFailEnd, pi, p.epoch);
}

void FailureInjector::FailEnd(uint32_t pi) {
  Process& p = processes_[pi];
  p.down = false;
  if (p.crewed) {
    p.crewed = false;
    if (repair_head_ < repair_queue_.size()) {
      // The crew moves on to the longest-waiting failure.
      const uint32_t next = repair_queue_[repair_head_++];
      if (repair_head_ == repair_queue_.size()) {
        repair_queue_.clear();
        repair_head_ = 0;
      } else if (repair_head_ * 2 > repair_queue_.size()) {
        // Keep the ring within its reservation: drop the served half.
        repair_queue_.erase(repair_queue_.begin(),
                            repair_queue_.begin() + static_cast<std::ptrdiff_t>(repair_head_));
        repair_head_ = 0;
      }
      processes_[next].crewed = true;
      StartRepair(next);
    } else {
      --crews_busy_;
    }
  }
  const ModelTables::ProcessTable& t = s_.tables.processes[pi];
  Apply(t.kind, t.target, s_.sc.failures[t.spec].effect == FailureEffect::kLoss, false);
  ScheduleNextFailure(pi);
}

void FailureInjector::Apply(FailureTargetKind kind, uint32_t target, bool loss, bool down) {
  auto apply = [&](uint32_t n) {
    if (down) {
      AddDownCause(n);
      // The machine is gone with its disks; its replacement (after `lasts`) has empty ones.
      if (loss) {
        for (uint32_t vid : s_.node_local[n]) m_.data.LoseData(vid);
      }
    } else {
      RemoveDownCause(n);
    }
  };
  const FailureDomains& domains = s_.tables.domains;
  switch (kind) {
    case FailureTargetKind::kNode:
      apply(target);
      break;
    case FailureTargetKind::kDisk:
      down ? m_.kubelet.DiskDown(target) : m_.kubelet.DiskUp(target);
      break;
    case FailureTargetKind::kRack:
      for (uint32_t n : domains.NodesUnder(DomainLevel::kRack, target)) apply(n);
      break;
    case FailureTargetKind::kZone:
      for (uint32_t n : domains.NodesUnder(DomainLevel::kZone, target)) apply(n);
      break;
  }
}

void FailureInjector::AddDownCause(uint32_t n) {
  if (s_.nodes[n].down_causes++ > 0) return;
  m_.kubelet.MachineDown(n);
}

void FailureInjector::RemoveDownCause(uint32_t n) {
  NodeState& node = s_.nodes[n];
  assert(node.down_causes > 0);
  if (--node.down_causes > 0) return;
  m_.kubelet.MachineUp(n);
}

}  // namespace clustersim
