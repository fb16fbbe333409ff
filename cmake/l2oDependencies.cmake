# Dependencies of the l2o target, found without a version (their version files reject newer
# majors) and checked by hand.
include(GNUInstallDirs)
find_package(Eigen3 NO_MODULE REQUIRED)
if(Eigen3_VERSION VERSION_LESS 3.4)
  message(FATAL_ERROR "l2o needs Eigen >= 3.4, found ${Eigen3_VERSION}")
endif()
find_package(xsimd REQUIRED)
if(xsimd_VERSION VERSION_LESS 8.1)
  message(FATAL_ERROR "l2o needs xsimd >= 8.1, found ${xsimd_VERSION}")
endif()
# Debian's xsimd package links a non-existent xtl target; xsimd itself does not need it.
if(NOT TARGET xtl)
  set_property(TARGET xsimd PROPERTY INTERFACE_LINK_LIBRARIES "")
endif()
