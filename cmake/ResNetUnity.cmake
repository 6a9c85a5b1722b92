# Unity builds for the C++ targets that parse MLIR's headers. Parsing those
# headers is most of a file's compile time (a pass: 9.0 s of g++'s 10.2 s
# with -fsyntax-only, the same at -O1 and -O3), so a library's sources are
# compiled in batches that parse them once per batch: a cold build on two
# cores (CI's, the README's quick start, the sanitizer build) takes about a
# third as long. Each source still compiles on its own with
# -DRESNET_UNITY_BUILD=OFF, the faster choice for a developer's edit-rebuild
# loop; the batches need the sources of one target to declare no two
# same-named file-local helpers (a clash is a compile error, not a silent
# overload: keep helpers in a shared header or name them apart).
#
# A source with a file-scope `using namespace llvm;` compiles alone: in a
# batch the directive would reach the sources after it, where llvm::Type and
# mlir::Type (Value, FunctionType, DenseMap, ...) become ambiguous. After each
# source the batch forgets its DEBUG_TYPE, which every pass file defines.
option(RESNET_UNITY_BUILD "Compile each library's sources in batches" ON)
set(RESNET_UNITY_BATCH_SIZE 8 CACHE STRING "Sources per unity batch")

# resnet_unity_build(targets...)
function(resnet_unity_build)
  if(NOT RESNET_UNITY_BUILD)
    return()
  endif()
  foreach(target IN LISTS ARGN)
    set_target_properties(${target} PROPERTIES
      UNITY_BUILD ON
      UNITY_BUILD_BATCH_SIZE ${RESNET_UNITY_BATCH_SIZE}
      UNITY_BUILD_CODE_AFTER_INCLUDE "#undef DEBUG_TYPE")
    get_target_property(sources ${target} SOURCES)
    get_target_property(dir ${target} SOURCE_DIR)
    foreach(source IN LISTS sources)
      cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY "${dir}"
                 OUTPUT_VARIABLE path)
      if(NOT path MATCHES "\\.cpp$" OR NOT EXISTS "${path}")
        continue()
      endif()
      file(STRINGS "${path}" directive REGEX "^using namespace llvm;")
      if(directive)
        set_source_files_properties("${path}" TARGET_DIRECTORY ${target}
          PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
      endif()
    endforeach()
  endforeach()
endfunction()
