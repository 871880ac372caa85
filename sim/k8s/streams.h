// The model's random streams. Every draw of a replication comes from StreamRng(seed,
// replication, StreamId(kind, index)) (core/random.h): a stream per kind of thing modelled and
// per entity of that kind, so that adding entities of one kind never shifts another's draws,
// and two policies compared on the same seed see the same failures (common random numbers).
// The numbers are part of every report: never renumber an existing kind.
#pragma once

#include <cstdint>

namespace clustersim {

enum class StreamKind : uint32_t {
  kFailureEvery = 1,    // up times of failure process i
  kFailureLasts = 2,    // down times of failure process i
  kHeartbeatPhase = 3,  // kubelet lease phase of node i
  kControllerPhase = 4,
  kSchedulerTieBreak = 5,
  kAttach = 6,  // attach latency draws of storage class i
  kDetach = 7,
  kStartup = 8,          // container start-to-ready of workload i
  kMisc = 9,             // 1: drain reboot times
  kLeaderElection = 10,  // candidates' retry jitter of workload i
  kBackupPhase = 11,     // when workload i's backups run (restore-from-backup)
  kTraceBootstrap = 12,  // rotation and permutation of trace-driven failure i
};

inline constexpr uint64_t StreamId(StreamKind kind, uint32_t index) {
  return (static_cast<uint64_t>(kind) << 32) | index;
}

}  // namespace clustersim
