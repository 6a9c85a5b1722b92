# Precompiled headers (cmake/ResNetPch.h) for the C++ targets that parse
# MLIR: one precompiled header, built with the first target and reused by
# the others (same compiler flags). A heavy file compiles in about 60 % of
# its user time, but loading the large header costs every file system time,
# and a whole cold build measured slower with it: opt-in. GCC only (its PCH
# ignores macros the header never reads, such as our per-target RESNET_*
# definitions). Not for builds under a compiler launcher such as ccache,
# which would need `sloppiness = pch_defines,time_macros` to cache them.
option(RESNET_PCH "Precompile the MLIR headers (GCC)" OFF)
if(RESNET_PCH AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(WARNING "RESNET_PCH is for GCC; ignored with ${CMAKE_CXX_COMPILER_ID}")
  set(RESNET_PCH OFF)
endif()

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
