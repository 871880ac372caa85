# Sources of the experiment module.
list(APPEND CLUSTERSIM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/runner.cc
                               ${CMAKE_CURRENT_LIST_DIR}/experiments.cc
                               ${CMAKE_CURRENT_LIST_DIR}/integrity.cc)
list(APPEND CLUSTERSIM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/budget.cc)
