# Precompiled headers (cmake/ResNetPch.h) for the C++ targets that parse
# MLIR: one precompiled header, built with the first target and reused by
# the others (same compiler flags). It roughly halves the CPU time of a
# cold build. GCC only (its PCH ignores macros the header never reads, such
# as our per-target RESNET_* definitions); off by default under a compiler
# launcher such as ccache, which would need `sloppiness = pch_defines,
# time_macros` to cache such compiles.
if(CMAKE_CXX_COMPILER_LAUNCHER OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(resnet_pch_default OFF)
else()
  set(resnet_pch_default ON)
endif()
option(RESNET_PCH "Precompile the MLIR headers (GCC)" ${resnet_pch_default})

# resnet_precompile_headers(targets...)
function(resnet_precompile_headers)
  if(NOT RESNET_PCH)
    return()
  endif()
  list(POP_FRONT ARGN first)
  target_precompile_headers(${first} PRIVATE
    "$<$<COMPILE_LANGUAGE:CXX>:${PROJECT_SOURCE_DIR}/cmake/ResNetPch.h>")
  foreach(target IN LISTS ARGN)
    target_precompile_headers(${target} REUSE_FROM ${first})
  endforeach()
endfunction()
