// The frozen-module loader (stdlib/frozen.hpp, registry.hpp): every stdlib/lib/*.py is in the
// table compiled into the binary, byte for byte, under its dotted name, packages flagged;
// find_frozen_module finds exactly those names; native modules are a separate registry.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "stdlib/frozen.hpp"
#include "stdlib/registry.hpp"

using namespace gilpy::stdlib;
namespace fs = std::filesystem;

namespace {

// stdlib/lib in the source tree, found from this file's own path (CMake compiles it by its
// absolute path).
fs::path lib_dir() {
    fs::path here = fs::path(__FILE__);
    return here.parent_path().parent_path().parent_path().parent_path() / "stdlib" / "lib";
}

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

// "a/b/__init__.py" -> "a.b" (package), "a/c.py" -> "a.c".
std::string module_name(const fs::path& rel, bool* is_package) {
    fs::path p = rel;
    *is_package = p.filename() == "__init__.py";
    if (*is_package)
        p = p.parent_path();
    else
        p.replace_extension();
    std::string name;
    for (const fs::path& part : p) {
        if (!name.empty()) name += '.';
        name += part.string();
    }
    return name;
}

}  // namespace

TEST_CASE("frozen: plain modules are found with their source", "[frozen]") {
    const FrozenModule* queue = find_frozen_module("queue");
    REQUIRE(queue != nullptr);
    CHECK(std::string(queue->name) == "queue");
    CHECK_FALSE(queue->is_package);
    CHECK(std::string(queue->source).find("class Queue") != std::string::npos);

    const FrozenModule* threading = find_frozen_module("threading");
    REQUIRE(threading != nullptr);
    CHECK_FALSE(threading->is_package);
    CHECK(std::string(threading->source).find("import _thread") != std::string::npos);
}

TEST_CASE("frozen: packages and their submodules", "[frozen]") {
    const FrozenModule* os = find_frozen_module("os");
    REQUIRE(os != nullptr);
    CHECK(os->is_package);
    const FrozenModule* path = find_frozen_module("os.path");
    REQUIRE(path != nullptr);
    CHECK_FALSE(path->is_package);
    CHECK(std::string(path->source).find("def join") != std::string::npos);
    const FrozenModule* collections = find_frozen_module("collections");
    REQUIRE(collections != nullptr);
    CHECK(collections->is_package);
    // The file names are not module names.
    CHECK(find_frozen_module("os.__init__") == nullptr);
    CHECK(find_frozen_module("os/path") == nullptr);
    CHECK(find_frozen_module("queue.py") == nullptr);
}

TEST_CASE("frozen: a missing name is null, with no partial or case-insensitive match", "[frozen]") {
    CHECK(find_frozen_module("no_such_module") == nullptr);
    CHECK(find_frozen_module("") == nullptr);
    CHECK(find_frozen_module("queu") == nullptr);
    CHECK(find_frozen_module("queues") == nullptr);
    CHECK(find_frozen_module("Queue") == nullptr);
    CHECK(find_frozen_module("os.pathx") == nullptr);
    CHECK(find_frozen_module("os.") == nullptr);
    // A name given as a string_view that is not null-terminated where the name ends.
    std::string text = "queue.extra";
    CHECK(find_frozen_module(std::string_view(text).substr(0, 5)) == find_frozen_module("queue"));
}

TEST_CASE("frozen: the table holds every stdlib/lib source compiled in byte for byte", "[frozen]") {
    fs::path lib = lib_dir();
    REQUIRE(fs::is_directory(lib));
    std::set<std::string> on_disk;
    for (const auto& entry : fs::recursive_directory_iterator(lib)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".py") continue;
        bool is_package = false;
        std::string name = module_name(fs::relative(entry.path(), lib), &is_package);
        INFO("module " << name);
        on_disk.insert(name);
        const FrozenModule* m = find_frozen_module(name);
        REQUIRE(m != nullptr);
        CHECK(m->is_package == is_package);
        CHECK(std::string(m->source) == read_all(entry.path()));
    }
    CHECK(on_disk.size() >= 8);
    // And nothing else: the table ends with a null name, and its names are unique.
    std::set<std::string> in_table;
    for (const FrozenModule* m = kFrozenModules; m->name; ++m) {
        INFO("frozen entry " << m->name);
        CHECK(in_table.insert(m->name).second);
        CHECK(find_frozen_module(m->name) == m);
        CHECK(m->source != nullptr);
    }
    CHECK(in_table == on_disk);
}

TEST_CASE("frozen: native modules are a separate registry", "[frozen]") {
    const NativeModule* math = find_native_module("math");
    REQUIRE(math != nullptr);
    CHECK(std::string(math->name) == "math");
    CHECK(math->init != nullptr);
    CHECK(find_native_module("_thread") != nullptr);
    // queue is written in Python over _thread: frozen, not native; and the reverse for math.
    CHECK(find_native_module("queue") == nullptr);
    CHECK(find_frozen_module("math") == nullptr);
    CHECK(find_native_module("no_such_module") == nullptr);
}
