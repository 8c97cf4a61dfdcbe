// gil: the GIL's own counters, read from Python (gil.stats(), gil.reset(), gil.policy(),
// gil.switch_count()), and the table `-X gil-stats` prints at exit. The counters are kept by
// the GIL itself at every hand-off (runtime/gil.hpp), so nothing here samples or estimates.
#include "stdlib/gil_stats.hpp"

#include <fmt/format.h>

#include <map>

#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

struct NamedCounters {
    std::string name;
    GilCounters counters;
};

// Live threads then finished ones, each under a unique name (a repeated name gets " #2"...).
std::vector<NamedCounters> collect(ThreadState& ts) {
    std::vector<NamedCounters> rows;
    std::map<std::string, int> seen;
    auto add = [&](const std::string& name, const GilCounters& c) {
        int n = ++seen[name];
        rows.push_back({n == 1 ? name : fmt::format("{} #{}", name, n), c});
    };
    for (ThreadState* t : ts.interp.threads)
        add(t->name, counters_now(*t));
    for (const auto& f : ts.interp.finished_threads)
        add(f.name, f.counters);
    return rows;
}

double seconds(int64_t ns) {
    return static_cast<double>(ns) / 1e9;
}

const char* policy_name(const Gil& gil) {
    return gil.policy() == GilPolicy::Legacy ? "legacy" : "modern";
}

Owned gil_stats(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "stats", 0, 0)) return nullptr;
    Ref<DictObject> result = new_dict();
    for (const NamedCounters& row : collect(ts)) {
        const GilCounters& c = row.counters;
        Ref<DictObject> d = new_dict();
        dict_set_str(ts, d.get(), "acquisitions", Value::from_int(c.acquisitions));
        dict_set_str(ts, d.get(), "held", Value::from_float(seconds(c.held_ns)));
        dict_set_str(ts, d.get(), "waiting", Value::from_float(seconds(c.wait_ns)));
        dict_set_str(ts, d.get(), "blocked", Value::from_float(seconds(c.blocked_ns)));
        dict_set_str(ts, d.get(), "io", Value::from_float(seconds(c.io_ns)));
        dict_set_str(ts, d.get(), "drop_requests", Value::from_int(c.drop_requests));
        dict_set_str(ts, d.get(), "forced_switches", Value::from_int(c.forced_switches));
        dict_set_str(ts, d.get(), "waited_takes", Value::from_int(c.waited_takes));
        if (!dict_set_str(ts, result.get(), row.name, Value::from_object(d.get()))) return nullptr;
    }
    return result;
}

Owned gil_reset(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "reset", 0, 0)) return nullptr;
    int64_t now = monotonic_ns();
    for (ThreadState* t : ts.interp.threads) {
        bool holding = t->gil_stats.held_since != 0;
        t->gil_stats = GilCounters{};
        if (holding) t->gil_stats.held_since = now;
    }
    ts.interp.finished_threads.clear();
    ts.gil->reset_switch_count();
    ts.interp.start_ns = now;
    return Owned::none();
}

Owned gil_policy(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "policy", 0, 0)) return nullptr;
    return new_str(policy_name(*ts.gil));
}

Owned gil_switch_count(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "switch_count", 0, 0)) return nullptr;
    return Owned::steal(Value::from_int(ts.gil->switch_count()));
}

// report(): the table `-X gil-stats` prints at exit, as a str (multiprocessing's children
// print theirs with it, since they end by os._exit).
Owned gil_report(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "report", 0, 0)) return nullptr;
    return new_str(gil_stats_report(ts));
}

const MethodDef kGilFunctions[] = {
    {"stats", gil_stats},   {"reset", gil_reset},
    {"policy", gil_policy}, {"switch_count", gil_switch_count},
    {"report", gil_report}, {nullptr, nullptr},
};

}  // namespace

std::string gil_stats_report(ThreadState& ts) {
    std::vector<NamedCounters> rows = collect(ts);
    const Gil& gil = *ts.gil;
    std::string out = fmt::format(
        "GIL statistics (policy {}, {} {}):\n", policy_name(gil),
        gil.policy() == GilPolicy::Legacy ? "check interval" : "switch interval",
        gil.policy() == GilPolicy::Legacy ? fmt::format("{} ticks", gil.check_interval())
                                          : fmt::format("{:g} s", gil.switch_interval()));
    size_t width = 6;
    for (const NamedCounters& r : rows)
        width = std::max(width, r.name.size());
    out +=
        fmt::format("{:<{}}  {:>9} {:>9} {:>9} {:>12} {:>13} {:>15}\n", "thread", width, "held s",
                    "waiting s", "blocked s", "acquisitions", "drop requests", "forced switches");
    GilCounters total;
    for (const NamedCounters& r : rows) {
        const GilCounters& c = r.counters;
        out += fmt::format("{:<{}}  {:>9.3f} {:>9.3f} {:>9.3f} {:>12} {:>13} {:>15}\n", r.name,
                           width, seconds(c.held_ns), seconds(c.wait_ns), seconds(c.blocked_ns),
                           c.acquisitions, c.drop_requests, c.forced_switches);
        total.held_ns += c.held_ns;
        total.wait_ns += c.wait_ns;
        total.blocked_ns += c.blocked_ns;
        total.io_ns += c.io_ns;
        total.acquisitions += c.acquisitions;
        total.drop_requests += c.drop_requests;
        total.forced_switches += c.forced_switches;
    }
    out += fmt::format("{:<{}}  {:>9.3f} {:>9.3f} {:>9.3f} {:>12} {:>13} {:>15}\n", "total", width,
                       seconds(total.held_ns), seconds(total.wait_ns), seconds(total.blocked_ns),
                       total.acquisitions, total.drop_requests, total.forced_switches);
    // Running = holding the GIL (executing Python) or doing I/O, sleeping or native work
    // outside it: the time a thread made progress. Waiting for the GIL or for another thread
    // (locks, joins, queues) is not.
    double wall = seconds(monotonic_ns() - ts.interp.start_ns);
    double running = seconds(total.held_ns + total.io_ns);
    out += fmt::format(
        "wall {:.3f} s, GIL switches {}, achieved parallelism {:.2f} "
        "((held + I/O time) / wall time)\n",
        wall, gil.switch_count(), wall > 0 ? running / wall : 0.0);
    return out;
}

Ref<ModuleObject> init_gil_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "gil");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kGilFunctions);
    return m;
}

}  // namespace gilpy::stdlib
