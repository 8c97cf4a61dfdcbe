# Runs one golden script with gilpy and compares it with what python3 printed (stored beside it):
#   <name>.out   exact stdout
#   <name>.err   optional: the expected tail of stderr (its last lines, compared exactly)
#   <name>.exit  optional: the expected exit code (0 when absent)
#   <name>.in    optional: text fed to stdin
# The script runs in its own folder, as `gilpy <name>.py`, so file names in messages are stable.
get_filename_component(dir ${SCRIPT} DIRECTORY)
get_filename_component(file ${SCRIPT} NAME)
string(REGEX REPLACE "\\.py$" "" base ${SCRIPT})

set(input_args "")
if(EXISTS ${base}.in)
  set(input_args INPUT_FILE ${base}.in)
endif()
# Scripts that create reference cycles say so in a comment; those leak until gilpy has a cycle
# collector, so LeakSanitizer is told not to count them (issue 2's rule for such tests).
file(READ ${SCRIPT} script_text)
set(env_prefix "")
if(script_text MATCHES "# leaks-cycles:")
  set(env_prefix ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0)
endif()
execute_process(COMMAND ${env_prefix} ${GILPY} ${file}
                WORKING_DIRECTORY ${dir}
                ${input_args}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code
                TIMEOUT 120)

set(failed "")
file(READ ${base}.out want_out)
if(NOT out STREQUAL want_out)
  string(APPEND failed "stdout differs.\n--- expected\n${want_out}\n--- got\n${out}\n")
endif()

set(want_code 0)
if(EXISTS ${base}.exit)
  file(STRINGS ${base}.exit want_code LIMIT_COUNT 1)
endif()
if(NOT code STREQUAL want_code)
  string(APPEND failed "exit code: expected ${want_code}, got ${code}\n")
endif()

# python3 prints the script's absolute path in tracebacks; the stored tails name it relative to
# its folder (tests/golden/regen does the same), so the checkout location does not matter.
string(REPLACE "File \"${dir}/" "File \"" err "${err}")

if(EXISTS ${base}.err)
  file(READ ${base}.err want_err)
  string(LENGTH "${want_err}" want_len)
  string(LENGTH "${err}" got_len)
  set(tail "${err}")
  if(got_len GREATER want_len)
    math(EXPR start "${got_len} - ${want_len}")
    string(SUBSTRING "${err}" ${start} -1 tail)
  endif()
  if(NOT tail STREQUAL want_err)
    string(APPEND failed "stderr tail differs.\n--- expected tail\n${want_err}\n--- got stderr\n${err}\n")
  endif()
elseif(NOT code STREQUAL "0" AND want_code STREQUAL "0")
  string(APPEND failed "stderr:\n${err}\n")
endif()

if(failed)
  message(FATAL_ERROR "${SCRIPT}\n${failed}")
endif()
