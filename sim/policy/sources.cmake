# Sources of the policy module.
list(APPEND CLUSTERSIM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/scheduler.cc ${CMAKE_CURRENT_LIST_DIR}/default_plugins.cc)
list(APPEND CLUSTERSIM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/scoring.cc ${CMAKE_CURRENT_LIST_DIR}/pod_spec.cc ${CMAKE_CURRENT_LIST_DIR}/pod_groups.cc)
