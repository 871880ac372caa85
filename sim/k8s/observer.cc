// The names of the trace records, as `clustersim trace` prints them.
#include "clustersim/k8s/observer.h"

namespace clustersim {

const char* TraceKindName(TraceKind kind) {
  switch (kind) {
    case TraceKind::kNodeDown:
      return "NodeDown";
    case TraceKind::kNodeUp:
      return "NodeUp";
    case TraceKind::kNodeNotReady:
      return "NodeNotReady";
    case TraceKind::kNodeTainted:
      return "NodeTainted";
    case TraceKind::kOutOfServiceTaint:
      return "OutOfServiceTaint";
    case TraceKind::kPodCreated:
      return "PodCreated";
    case TraceKind::kPodScheduled:
      return "PodScheduled";
    case TraceKind::kPodUnschedulable:
      return "PodUnschedulable";
    case TraceKind::kPodEvicted:
      return "PodEvicted";
    case TraceKind::kPodForceDeleted:
      return "PodForceDeleted";
    case TraceKind::kPodRemoved:
      return "PodRemoved";
    case TraceKind::kPodStarting:
      return "PodStarting";
    case TraceKind::kPodReady:
      return "PodReady";
    case TraceKind::kPodNotReady:
      return "PodNotReady";
    case TraceKind::kVolumeAttachStarted:
      return "VolumeAttachStarted";
    case TraceKind::kVolumeAttached:
      return "VolumeAttached";
    case TraceKind::kVolumeMultiAttach:
      return "VolumeMultiAttach";
    case TraceKind::kVolumeDetachStarted:
      return "VolumeDetachStarted";
    case TraceKind::kVolumeDetached:
      return "VolumeDetached";
    case TraceKind::kNodeDeleted:
      return "NodeDeleted";
    case TraceKind::kDiskFailed:
      return "DiskFailed";
    case TraceKind::kDiskReplaced:
      return "DiskReplaced";
    case TraceKind::kVolumeReplaced:
      return "VolumeReplaced";
    case TraceKind::kPodCopyingData:
      return "PodCopyingData";
    case TraceKind::kDataLoss:
      return "DataLoss";
    case TraceKind::kNodeCordoned:
      return "NodeCordoned";
    case TraceKind::kNodeUncordoned:
      return "NodeUncordoned";
    case TraceKind::kEvictionRefused:
      return "EvictionRefused";
    case TraceKind::kNodeRebooting:
      return "NodeRebooting";
  }
  return "?";
}

}  // namespace clustersim
