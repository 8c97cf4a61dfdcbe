// An embedding host: a small job runner. It exposes a `host` module to a Python script
// (logging with a keyword argument, a CPU-heavy primitive that releases the GIL, and a C++
// class the script uses to tally results), runs the script, lets the script's Python threads
// run that primitive in parallel, and calls the script's callback from several host worker
// threads. Usage: job_runner [jobs.py]
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gilpy/gilpy.hpp"

namespace {

// Native work: the number of primes below [n] (touches no Python object).
long primes_below(long n) {
    std::vector<bool> composite(static_cast<size_t>(n), false);
    long count = 0;
    for (long i = 2; i < n; ++i) {
        if (composite[i]) continue;
        ++count;
        for (long j = i * i; j < n; j += i)
            composite[j] = true;
    }
    return count;
}

// The host function scripts call: checks its argument, then releases the GIL around the work,
// so Python threads (and other callers of this function) run meanwhile.
long count_primes(long n) {
    if (n < 0) throw std::invalid_argument("count_primes: n must be >= 0");
    gilpy::GilRelease release;
    return primes_below(n);
}

// A running total the script keeps in a C++ object (host.Tally).
struct Tally {
    std::string name;
    long total = 0;
    long jobs = 0;
    explicit Tally(std::string n) : name(std::move(n)) {}
    void add(long value) {
        total += value;
        ++jobs;
    }
};

}  // namespace

int main(int argc, char** argv) {
    std::string script = argc > 1 ? argv[1] : "jobs.py";
    gilpy::Interpreter interp;
    std::mutex log_mutex;
    gilpy::Module host = interp.def_module("host");
    host.def(
            "log",
            [&](const std::string& line, const std::string& level) {
                std::lock_guard<std::mutex> lock(log_mutex);
                std::printf("[script%s%s] %s\n", level == "info" ? "" : " ",
                            level == "info" ? "" : level.c_str(), line.c_str());
            },
            gilpy::arg("line"), gilpy::arg("level") = "info")
        .def("count_primes", count_primes)
        .add("WORKERS", 3);
    gilpy::class_<Tally>(host, "Tally")
        .def(gilpy::init<std::string>())
        .def("add", &Tally::add)
        .def_readonly("total", &Tally::total)
        .def("__repr__", [](const Tally& t) {
            return "Tally(" + t.name + ": " + std::to_string(t.total) + ")";
        });
    try {
        interp.run_file(script);
    } catch (const gilpy::ScriptError& e) {
        std::fputs(e.traceback().c_str(), stderr);
        return e.is_system_exit() ? e.exit_code() : 1;
    }

    // Host worker threads report their results through the script's callback.
    gilpy::Object on_result = interp.globals().item("on_result");
    std::vector<std::thread> workers;
    {
        gilpy::GilRelease release;  // this thread holds the GIL between calls: let them in
        for (int w = 0; w < 3; ++w) {
            workers.emplace_back([&, w] {
                long primes = primes_below(10000 * (w + 1));  // no GIL needed
                gilpy::GilAcquire acquire(interp);
                on_result("host-worker-" + std::to_string(w), primes);
            });
        }
        for (std::thread& t : workers)
            t.join();
    }

    try {
        auto summary = interp.eval("summary()").cast<std::vector<std::pair<std::string, long>>>();
        for (const auto& [name, value] : summary)
            std::printf("%s: %ld\n", name.c_str(), value);
        // The script's C++ object, seen from the host without a copy.
        const Tally& tally = interp.globals().item("tally").cast<const Tally&>();
        std::printf("tally %s: %ld over %ld jobs\n", tally.name.c_str(), tally.total, tally.jobs);
    } catch (const gilpy::ScriptError& e) {
        std::fputs(e.traceback().c_str(), stderr);
        return 1;
    }
    return 0;
}
