# cmake --install: what a host needs to build against gilpy, in the GNUInstallDirs places.
#   include/gilpy/*.hpp             the public API
#   lib/libgilpy.so.X.Y.Z, .a       the library, shared (SONAME libgilpy.so.X.Y) and static
#   bin/gilpy                       the interpreter
#   lib/cmake/gilpy/                find_package(gilpy): gilpy::gilpy, gilpy::gilpy_static
#   lib/pkgconfig/gilpy.pc          pkg-config --cflags --libs gilpy
include(CMakePackageConfigHelpers)
set(GILPY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/gilpy)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/gilpy DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(TARGETS gilpy RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Two export sets, so a host of the shared library needs none of the static one's dependencies.
install(TARGETS gilpy_shared EXPORT gilpyTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS gilpy_static EXPORT gilpyStaticTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT gilpyTargets NAMESPACE gilpy:: DESTINATION ${GILPY_CMAKE_DIR})
install(EXPORT gilpyStaticTargets NAMESPACE gilpy:: DESTINATION ${GILPY_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/gilpyConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/package/gilpyConfig.cmake
                              INSTALL_DESTINATION ${GILPY_CMAKE_DIR})
# Before 1.0 a minor version may break the API, as the SONAME says.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/gilpyConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/gilpyConfig.cmake
              ${PROJECT_BINARY_DIR}/package/gilpyConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FindGMP.cmake
        DESTINATION ${GILPY_CMAKE_DIR})

# gilpy.pc names the prefix given to `cmake --install --prefix`, known only at install time:
# the file is configured now with a placeholder for it, and written by the install script.
foreach(dir IN ITEMS LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
    set(GILPY_PC_${dir} "${CMAKE_INSTALL_${dir}}")
  else()
    set(GILPY_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
set(GILPY_PC_LINK_OPTIONS "")
if(GILPY_SANITIZE)
  set(GILPY_PC_LINK_OPTIONS " -fsanitize=${GILPY_SANITIZE}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/gilpy.pc.in ${PROJECT_BINARY_DIR}/package/gilpy.pc.in
               @ONLY)
install(CODE "
  set(pc_in \"${PROJECT_BINARY_DIR}/package/gilpy.pc.in\")
  set(pc_dir \"${CMAKE_INSTALL_LIBDIR}/pkgconfig\")
  if(NOT IS_ABSOLUTE \"\${pc_dir}\")
    set(pc_dir \"\${CMAKE_INSTALL_PREFIX}/\${pc_dir}\")
  endif()
  set(pc \"\$ENV{DESTDIR}\${pc_dir}/gilpy.pc\")
  file(READ \"\${pc_in}\" text)
  string(REPLACE \"%GILPY_PREFIX%\" \"\${CMAKE_INSTALL_PREFIX}\" text \"\${text}\")
  message(STATUS \"Installing: \${pc}\")
  file(WRITE \"\${pc}\" \"\${text}\")
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${pc}\")
")
