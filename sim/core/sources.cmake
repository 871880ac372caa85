# Sources of the core module.
list(APPEND CLUSTERSIM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/event_queue.cc
  ${CMAKE_CURRENT_LIST_DIR}/random.cc
)
