# Sources of the k8s module.
list(APPEND CLUSTERSIM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/cluster_model.cc
     ${CMAKE_CURRENT_LIST_DIR}/topology.cc)
