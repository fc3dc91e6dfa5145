# ungcuu_module(NAME DEPS <targets...> [SOURCES <extra...>] [PCH <headers...>])
#
# Builds src/<NAME> as the static library ungcuu_<NAME> from every *.cpp in the folder (and its
# subfolders) except tests and benchmarks, then registers beside it:
#   *_test.cpp       -> ungcuu_<NAME>_test, CTest label "unit"
#   *_pgtest.cpp     -> ungcuu_<NAME>_pgtest, CTest label "db" (needs UNGCUU_TEST_PG_DSN)
#   *_benchmark.cpp  -> ungcuu_<NAME>_benchmark, smoke-run by CTest with label "bench"
# Includes are rooted at src/ ("core/result.hpp").
# PCH names heavy library headers most of the module's files include (Boost.Beast, Boost.JSON):
# with UNGCUU_PCH they are parsed once per target instead of once per file, beside the standard
# headers and fmt that every module uses (its tests also get GoogleTest). Only modules that name
# such headers get a precompiled header: g++ writes ~80 MB for each one even of the standard
# headers alone, which on every module filled a CI machine's disk for a second of parsing saved
# per file.

set(UNGCUU_PCH_COMMON <algorithm> <functional> <map> <memory> <optional> <string> <string_view>
    <vector> <fmt/format.h>)

function(ungcuu_precompile target)
  if(UNGCUU_PCH AND ARGN)
    target_precompile_headers(${target} PRIVATE ${UNGCUU_PCH_COMMON} ${ARGN})
  endif()
endfunction()
function(ungcuu_module NAME)
  cmake_parse_arguments(ARG "" "" "DEPS;SOURCES;TEST_DEPS;PCH" ${ARGN})
  set(dir "${CMAKE_CURRENT_SOURCE_DIR}")
  file(GLOB_RECURSE all_sources CONFIGURE_DEPENDS "${dir}/*.cpp")
  set(lib_sources ${ARG_SOURCES})
  set(test_sources)
  set(pgtest_sources)
  set(bench_sources)
  foreach(src IN LISTS all_sources)
    if(src MATCHES "_pgtest\\.cpp$")
      list(APPEND pgtest_sources "${src}")
    elseif(src MATCHES "_test\\.cpp$")
      list(APPEND test_sources "${src}")
    elseif(src MATCHES "_benchmark\\.cpp$")
      list(APPEND bench_sources "${src}")
    elseif(NOT src MATCHES "/main\\.cpp$")
      list(APPEND lib_sources "${src}")
    endif()
  endforeach()

  set(target ungcuu_${NAME})
  add_library(${target} STATIC ${lib_sources})
  target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_compile_options(${target} PRIVATE ${UNGCUU_WARNINGS})
  target_link_libraries(${target} PUBLIC ${ARG_DEPS})
  ungcuu_precompile(${target} ${ARG_PCH})

  if(UNGCUU_BUILD_TESTS)
    if(test_sources)
      add_executable(${target}_test ${test_sources})
      target_compile_options(${target}_test PRIVATE ${UNGCUU_WARNINGS} ${UNGCUU_TEST_WARNINGS})
      target_link_libraries(${target}_test PRIVATE ${target} ungcuu_test_support ${ARG_TEST_DEPS}
                            GTest::gtest GTest::gmock GTest::gtest_main)
      if(ARG_PCH)
        ungcuu_precompile(${target}_test ${ARG_PCH} <gtest/gtest.h>)
      endif()
      add_test(NAME ${NAME}_test COMMAND ${target}_test)
      set_tests_properties(${NAME}_test PROPERTIES LABELS unit)
    endif()
    if(pgtest_sources)
      add_executable(${target}_pgtest ${pgtest_sources})
      target_compile_options(${target}_pgtest PRIVATE ${UNGCUU_WARNINGS} ${UNGCUU_TEST_WARNINGS})
      target_link_libraries(${target}_pgtest PRIVATE ${target} ungcuu_test_support ${ARG_TEST_DEPS}
                            GTest::gtest GTest::gmock GTest::gtest_main)
      add_test(NAME ${NAME}_pgtest COMMAND ${target}_pgtest)
      set_tests_properties(${NAME}_pgtest PROPERTIES LABELS db)
    endif()
    if(bench_sources)
      add_executable(${target}_benchmark ${bench_sources})
      target_link_libraries(${target}_benchmark PRIVATE ${target} ungcuu_test_support
                            ${ARG_TEST_DEPS} benchmark::benchmark benchmark::benchmark_main)
      # The smoke run only proves the benchmarks still work: small data, few iterations.
      add_test(NAME ${NAME}_benchmark_smoke
               COMMAND ${target}_benchmark --benchmark_min_time=0.01)
      set_tests_properties(${NAME}_benchmark_smoke PROPERTIES LABELS bench
                           ENVIRONMENT "UNGCUU_BENCH_SCALE=0.01")
    endif()
  endif()
endfunction()
