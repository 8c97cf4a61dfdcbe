// The posix module: the operating-system calls the frozen os package (stdlib/lib/os) builds on:
// getcwd, listdir, getpid, putenv/unsetenv, the process environment as a str dict, and the
// st_mode of a path for os.path's exists/isfile/isdir. Failures raise CPython's OSError
// subclasses (FileNotFoundError ...) with strerror and the filename.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "stdlib/registry.hpp"

extern char** environ;

namespace gilpy::stdlib {

using namespace runtime;

namespace {

// The text of a path argument of [function]; [what] is CPython's list of accepted kinds.
bool path_text(ThreadState& ts, Value v, const char* function, const char* what, std::string* out) {
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "{}: path should be {}, not {}", function, what, type_name(v));
        return false;
    }
    std::string_view s = v.as<StrObject>()->view();
    if (s.find('\0') != std::string_view::npos) {
        raise(ts, &kValueErrorType, "embedded null byte");
        return false;
    }
    out->assign(s);
    return true;
}

// getcwd(): the current working directory.
Owned posix_getcwd(ThreadState& ts, CallArgs args) {
    if (!check_no_args(ts, args, "posix.getcwd()")) return nullptr;
    std::string buf(256, '\0');
    while (::getcwd(buf.data(), buf.size()) == nullptr) {
        if (errno != ERANGE) return raise_os_error(ts, errno);
        buf.resize(buf.size() * 2);
    }
    buf.resize(std::char_traits<char>::length(buf.c_str()));
    return new_str(buf);
}

// A system call on one path argument (remove, unlink, rmdir): None, or OSError naming the path.
Owned path_call(ThreadState& ts, CallArgs args, const char* function, int (*call)(const char*)) {
    static const char* const kNames[] = {"path", "dir_fd"};
    Value a[2];
    if (!parse_args(ts, args, function, kNames, 1, a, 1)) return nullptr;
    std::string path;
    if (!path_text(ts, a[0], function, "string, bytes or os.PathLike", &path)) return nullptr;
    if (!a[1].is_null() && !a[1].is_none()) {
        return raisef(ts, &kNotImplementedErrorType, "dir_fd unavailable on this platform");
    }
    if (call(path.c_str()) != 0) return raise_os_error(ts, errno, a[0]);
    return Owned::none();
}

Owned posix_remove(ThreadState& ts, CallArgs args) {
    return path_call(ts, args, "remove", ::unlink);
}
Owned posix_unlink(ThreadState& ts, CallArgs args) {
    return path_call(ts, args, "unlink", ::unlink);
}
Owned posix_rmdir(ThreadState& ts, CallArgs args) {
    return path_call(ts, args, "rmdir", ::rmdir);
}

// mkdir(path, mode=0o777, *, dir_fd=None)
Owned posix_mkdir(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"path", "mode", "dir_fd"};
    Value a[3];
    if (!parse_args(ts, args, "mkdir", kNames, 1, a, 2)) return nullptr;
    std::string path;
    if (!path_text(ts, a[0], "mkdir", "string, bytes or os.PathLike", &path)) return nullptr;
    int64_t mode = 0777;
    if (!a[1].is_null() && !arg_int64(ts, a[1], &mode)) return nullptr;
    if (!a[2].is_null() && !a[2].is_none()) {
        return raisef(ts, &kNotImplementedErrorType, "dir_fd unavailable on this platform");
    }
    if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) != 0) {
        return raise_os_error(ts, errno, a[0]);
    }
    return Owned::none();
}

// listdir(path='.'): the names in the directory, without '.' and '..', in the system's order.
Owned posix_listdir(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"path"};
    Value a[1];
    if (!parse_args(ts, args, "listdir", kNames, 0, a)) return nullptr;
    std::string path = ".";
    if (!a[0].is_null() && !a[0].is_none() &&
        !path_text(ts, a[0], "listdir", "string, bytes, os.PathLike, integer or None", &path)) {
        return nullptr;
    }
    DIR* dir = ::opendir(path.c_str());
    if (!dir) {
        return raise_os_error(ts, errno, a[0].is_null() || a[0].is_none() ? Value::null() : a[0]);
    }
    Ref<ListObject> names = new_list();
    while (true) {
        errno = 0;
        dirent* entry = ::readdir(dir);
        if (!entry) break;
        std::string_view name = entry->d_name;
        if (name == "." || name == "..") continue;
        Owned s = new_str(name);
        if (!s) {
            ::closedir(dir);
            return nullptr;
        }
        list_append_owned(names.get(), std::move(s));
    }
    int err = errno;
    ::closedir(dir);
    if (err != 0) return raise_os_error(ts, err, a[0].is_null() ? Value::null() : a[0]);
    return names;
}

Owned posix_getpid(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "getpid", 0, 0)) return nullptr;
    return Owned::steal(Value::from_int(static_cast<int64_t>(::getpid())));
}

// The text of an environment variable name or value.
bool env_text(ThreadState& ts, Value v, std::string* out) {
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "str expected, not {}", type_name(v));
        return false;
    }
    std::string_view s = v.as<StrObject>()->view();
    if (s.find('\0') != std::string_view::npos) {
        raise(ts, &kValueErrorType, "embedded null byte");
        return false;
    }
    out->assign(s);
    return true;
}

// putenv(name, value): sets the variable in the process environment.
Owned posix_putenv(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "putenv()")) return nullptr;
    if (!check_positional(ts, args, "putenv", 2, 2)) return nullptr;
    std::string name, value;
    if (!env_text(ts, args[0], &name) || !env_text(ts, args[1], &value)) {
        return nullptr;
    }
    if (name.empty() || name.find('=') != std::string::npos) {
        return raise(ts, &kValueErrorType, "illegal environment variable name");
    }
    if (::setenv(name.c_str(), value.c_str(), 1) != 0) return raise_os_error(ts, errno);
    return Owned::none();
}

// unsetenv(name): removes the variable from the process environment.
Owned posix_unsetenv(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "unsetenv()")) return nullptr;
    std::string name;
    if (!env_text(ts, args[0], &name)) return nullptr;
    if (name.empty() || name.find('=') != std::string::npos) {
        return raise(ts, &kValueErrorType, "illegal environment variable name");
    }
    if (::unsetenv(name.c_str()) != 0) return raise_os_error(ts, errno);
    return Owned::none();
}

// _environ(): a new dict of the process environment, name -> value.
Owned posix_environ(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "_environ", 0, 0)) return nullptr;
    Ref<DictObject> d = new_dict();
    for (char** e = environ; e && *e; ++e) {
        std::string_view entry = *e;
        size_t eq = entry.find('=', 1);
        if (eq == std::string_view::npos) continue;
        Owned key = new_str(entry.substr(0, eq));
        Owned value = new_str(entry.substr(eq + 1));
        if (!key || !value) return nullptr;
        // The first definition of a name wins, as getenv() sees it.
        Value existing;
        int r = dict_lookup(ts, d.get(), key.get(), &existing);
        if (r < 0) return nullptr;
        if (r == 0 && !dict_set(ts, d.get(), key.get(), value.get())) return nullptr;
    }
    return d;
}

// _stat_mode(path): the path's st_mode (following symlinks), or None when stat() fails.
Owned posix_stat_mode(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "_stat_mode()")) return nullptr;
    if (!is_str(args[0])) {
        return raisef(ts, &kTypeErrorType,
                      "stat: path should be string, bytes, os.PathLike or integer, not {}",
                      type_name(args[0]));
    }
    std::string_view s = args[0].as<StrObject>()->view();
    if (s.find('\0') != std::string_view::npos) return Owned::none();
    struct stat st;
    if (::stat(std::string(s).c_str(), &st) != 0) return Owned::none();
    return Owned::steal(Value::from_int(static_cast<int64_t>(st.st_mode)));
}

const MethodDef kPosixFunctions[] = {
    {"getcwd", posix_getcwd},        {"listdir", posix_listdir},   {"getpid", posix_getpid},
    {"putenv", posix_putenv},        {"unsetenv", posix_unsetenv}, {"_environ", posix_environ},
    {"_stat_mode", posix_stat_mode}, {"remove", posix_remove},     {"unlink", posix_unlink},
    {"rmdir", posix_rmdir},          {"mkdir", posix_mkdir},       {nullptr, nullptr},
};

}  // namespace

Ref<ModuleObject> init_posix_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "posix");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kPosixFunctions);
    return m;
}

}  // namespace gilpy::stdlib
