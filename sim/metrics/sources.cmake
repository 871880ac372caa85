# Sources of the metrics module.
list(APPEND CLUSTERSIM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/estimate.cc ${CMAKE_CURRENT_LIST_DIR}/histogram.cc ${CMAKE_CURRENT_LIST_DIR}/availability.cc ${CMAKE_CURRENT_LIST_DIR}/report.cc ${CMAKE_CURRENT_LIST_DIR}/timeline.cc)
