#!/usr/bin/env bash
# Installs the current build into a temporary prefix and builds a host against the installed
# package, as a project outside this tree would, then runs it and compares its output.
#   check_install.sh find_package BUILD_DIR SOURCE_DIR VERSION CXX LIBDIR
#       the example examples/embed/installed with find_package(gilpy), linked shared
#       (gilpy::gilpy) and static (gilpy::gilpy_static); also checks the installed layout
#   check_install.sh pkg_config BUILD_DIR SOURCE_DIR VERSION CXX LIBDIR
#       the example's main.cpp compiled alone with `pkg-config --cflags --libs gilpy`
# (VERSION: the project's; CXX: the compiler; LIBDIR: CMAKE_INSTALL_LIBDIR, relative.)
# Nothing of gilpy is recompiled: the install copies what the build already made.
# CMAKE (environment) names the cmake to use.
set -euo pipefail
mode=$1 build=$2 src=$3 version=$4 cxx=$5 libdir=$6
cmake=${CMAKE:-cmake}
example=$src/examples/embed/installed

work=$(mktemp -d "${TMPDIR:-/tmp}/gilpy_install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" || {
    cat "$work/install.log"
    fail "cmake --install"
}

expected="hello, gilpy from gilpy $version
sum of squares: 30
repr: (4, 16)"

# run_host NAME EXE: runs a built host and compares its output.
run_host() {
    local out
    out=$("$2") || fail "$1 exited with $?"
    if [ "$out" != "$expected" ]; then
        printf 'FAIL: %s printed:\n%s\nexpected:\n%s\n' "$1" "$out" "$expected" >&2
        exit 1
    fi
    echo "ok: $1"
}

case $mode in
find_package)
    for f in include/gilpy/gilpy.hpp bin/gilpy "$libdir/libgilpy.a" "$libdir/libgilpy.so" \
             "$libdir/cmake/gilpy/gilpyConfig.cmake" \
             "$libdir/cmake/gilpy/gilpyConfigVersion.cmake" "$libdir/pkgconfig/gilpy.pc"; do
        [ -e "$prefix/$f" ] || fail "not installed: $f"
    done
    soname=$(readelf -d "$prefix/$libdir/libgilpy.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
    [ "$soname" = "libgilpy.so.${version%.*}" ] || fail "SONAME is '$soname'"
    [ -e "$prefix/$libdir/$soname" ] || fail "no $soname"
    # The header stands alone: no internal header, only the standard library.
    if grep -q '#include "' "$prefix/include/gilpy/gilpy.hpp"; then
        fail "gilpy.hpp includes a local header"
    fi
    [ "$("$prefix/bin/gilpy" -c 'print(6 * 7)')" = 42 ] || fail "installed gilpy binary"
    echo "ok: layout, SONAME $soname"

    for variant in shared static; do
        static=OFF
        [ $variant = static ] && static=ON
        if ! { "$cmake" -S "$example" -B "$work/host_$variant" -DCMAKE_CXX_COMPILER="$cxx" \
                   -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
                   -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DHELLO_STATIC=$static &&
               "$cmake" --build "$work/host_$variant"; } >"$work/host_$variant.log" 2>&1; then
            cat "$work/host_$variant.log"
            fail "building the example ($variant)"
        fi
        found=$(sed -n 's/^gilpy_DIR:PATH=//p' "$work/host_$variant/CMakeCache.txt")
        [ "$found" = "$prefix/$libdir/cmake/gilpy" ] || fail "find_package found '$found'"
        exe=$work/host_$variant/hello_host
        needs_lib=no
        if readelf -d "$exe" | grep -q "NEEDED.*\[libgilpy\.so"; then
            needs_lib=yes
        fi
        [ $needs_lib = "$([ $variant = shared ] && echo yes || echo no)" ] ||
            fail "$variant host: needs libgilpy.so: $needs_lib"
        run_host "find_package host ($variant)" "$exe"
    done
    ;;
pkg_config)
    command -v pkg-config >/dev/null || fail "pkg-config is not installed"
    export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
    flags=$(pkg-config --cflags --libs gilpy) || fail "pkg-config gilpy"
    pkg-config --static --libs gilpy | grep -q -- '-lgmp' || fail "pkg-config --static lacks gmp"
    # Only the prefix's include folder: the header must compile alone.
    cflags=$(pkg-config --cflags gilpy)
    # shellcheck disable=SC2086  # the flags are words
    "$cxx" -std=c++20 -fsyntax-only -Wno-pragma-once-outside-header -x c++ \
        "$prefix/include/gilpy/gilpy.hpp" $cflags || fail "gilpy.hpp does not compile alone"
    # shellcheck disable=SC2086  # the flags are words
    "$cxx" -std=c++20 -O1 "$example/main.cpp" -o "$work/hello_pc" $flags \
        -Wl,-rpath,"$(pkg-config --variable=libdir gilpy)" ||
        fail "compiling with pkg-config's flags: $flags"
    run_host "pkg-config host ($flags)" "$work/hello_pc"
    ;;
*)
    fail "unknown mode $mode"
    ;;
esac
