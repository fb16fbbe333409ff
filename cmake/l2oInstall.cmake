include(CMakePackageConfigHelpers)
install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS l2o EXPORT l2oTargets)
install(EXPORT l2oTargets NAMESPACE l2o:: DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/l2o)
export(EXPORT l2oTargets NAMESPACE l2o:: FILE ${PROJECT_BINARY_DIR}/l2oTargets.cmake)
configure_package_config_file(cmake/l2oConfig.cmake.in ${PROJECT_BINARY_DIR}/l2oConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/l2o)
# The library is header-only and has no ABI: any build of the same major version fits.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/l2oConfigVersion.cmake
  COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/l2oConfig.cmake ${PROJECT_BINARY_DIR}/l2oConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/l2o)
if(L2O_BUILD_EXAMPLES)
  install(TARGETS l2o_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
