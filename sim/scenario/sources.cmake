# Sources of the scenario module.
list(APPEND CLUSTERSIM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/yaml_mapper.cc ${CMAKE_CURRENT_LIST_DIR}/loader.cc)
list(APPEND CLUSTERSIM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/units.cc ${CMAKE_CURRENT_LIST_DIR}/diagnostics.cc)
