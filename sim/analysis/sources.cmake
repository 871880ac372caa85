# Sources of the analysis module (the analytic mode).
list(APPEND CLUSTERSIM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/ctmc.cc)
