# Helpers shared by every CMakeLists.txt in the tree.

# outpost_add_test(<name> SOURCES <files...> LIBS <targets...> LABELS <labels...>
#                  [TIMEOUT <seconds>] [GUI])
# Builds one Qt Test executable and registers it with ctest, once. Every test carries at
# least one label (core, server, sync, ui, e2e, chaos, fuzz, packaging) so that one part
# can be run alone: ctest -L core. GUI tests run on the offscreen platform.
function(outpost_add_test name)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    if(NOT ARG_LABELS)
        message(FATAL_ERROR "outpost_add_test(${name}): LABELS is required")
    endif()
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set(env "QT_QPA_PLATFORM=offscreen;OUTPOST_TEST_TMP=${CMAKE_BINARY_DIR}/test-tmp")
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
                                            ENVIRONMENT "${env}")
endfunction()

# outpost_add_bench(<name> SOURCES <files...> LIBS <targets...>)
# A benchmark prints numbers; it is never a pass/fail test and is not registered with ctest.
function(outpost_add_bench name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBS})
endfunction()

# outpost_add_postgres_variant(<test> LABELS <labels...> [TIMEOUT <seconds>])
# Registers <test>_postgres: the same executable against a throwaway PostgreSQL cluster (the
# server_pg fixture of tests/server, scripts/pg-test-cluster.sh) instead of SQLite.
set(OUTPOST_PG_STATE ${CMAKE_BINARY_DIR}/test-tmp/pg)
function(outpost_add_postgres_variant name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "LABELS" ${ARGN})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 600)
    endif()
    add_test(NAME ${name}_postgres COMMAND ${name})
    set_tests_properties(${name}_postgres PROPERTIES
        LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT} FIXTURES_REQUIRED server_pg
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;OUTPOST_TEST_TMP=${CMAKE_BINARY_DIR}/test-tmp;OUTPOST_TEST_DB=postgres;OUTPOST_TEST_PG_STATE=${OUTPOST_PG_STATE}")
endfunction()
