// GilRelease and GilAcquire through the public header: a host function that releases the GIL
// lets a Python thread (started with the native _thread module) run meanwhile, the released time
// is counted by the GIL statistics, GilAcquire takes the GIL back for a callback, and touching
// objects without the GIL is refused.
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <catch2/catch.hpp>

#include "gilpy/gilpy.hpp"

using gilpy::Interpreter;
using gilpy::Object;

namespace {

// Waits (up to 10 s) for [flag] with the GIL released, as long native work would.
bool wait_released(const std::atomic<bool>& flag) {
    gilpy::GilRelease release;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!flag.load()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

}  // namespace

TEST_CASE("GilRelease lets a Python thread run while the host works") {
    Interpreter interp;
    std::atomic<bool> python_ran{false};
    interp.def_module("host").def("signal", [&] { python_ran = true; }).def("wait_released", [&] {
        return wait_released(python_ran);
    });
    interp.exec(
        "import _thread, host, gil\n"
        "done = _thread.allocate_lock()\n"
        "done.acquire()\n"
        "def worker():\n"
        "    global total\n"
        "    total = sum(range(100000))\n"  // Python bytecode runs while the host waits
        "    host.signal()\n"
        "    done.release()\n"
        "_thread.start_new_thread(worker, ())\n"
        "ok = host.wait_released()\n"
        "done.acquire()\n");
    CHECK(interp.eval("ok").cast<bool>());
    CHECK(interp.eval("total").cast<long>() == 4999950000);
    // The released time is counted as the main thread's own (io) time by the seam.
    CHECK(interp.eval("gil.stats()['MainThread']['io'] > 0").cast<bool>());
}

TEST_CASE("GilRelease also works between Interpreter calls on the host thread") {
    Interpreter interp;
    std::atomic<bool> python_ran{false};
    interp.def_module("host").def("signal", [&] { python_ran = true; });
    interp.exec(
        "import _thread, host\n"
        "def worker():\n"
        "    host.signal()\n"
        "_thread.start_new_thread(worker, ())\n");
    // The host thread holds the GIL between calls; the worker only runs once it is released.
    CHECK(wait_released(python_ran));
}

TEST_CASE("GilAcquire takes the GIL back inside a release") {
    Interpreter interp;
    interp.def_module("host").def("work", [](Object callback) {
        long sum = 0;
        gilpy::GilRelease release;
        for (int i = 0; i < 3; ++i) {
            sum += i;  // native work without the GIL
            gilpy::GilAcquire acquire;
            callback(i);
            gilpy::GilAcquire nested;  // already held: does nothing
        }
        return sum;
    });
    interp.exec("import host\nseen = []\nresult = host.work(seen.append)\n");
    CHECK(interp.eval_repr("result, seen") == "(3, [0, 1, 2])");
}

TEST_CASE("objects cannot be used without the GIL") {
    Interpreter interp;
    Object x = interp.eval("[1, 2]");
    {
        gilpy::GilRelease release;
        CHECK_THROWS_AS(x.repr(), std::logic_error);
    }
    CHECK(x.repr() == "[1, 2]");
    std::thread other([] { CHECK_THROWS_AS(gilpy::GilAcquire(), std::logic_error); });
    other.join();
}

TEST_CASE("host threads the interpreter has never seen call into scripts") {
    Interpreter interp;
    interp.exec(
        "import gil\n"
        "calls = []\n"
        "def callback(n):\n"
        "    calls.append(n)\n"
        "    return n * n\n");
    Object callback = interp.eval("callback");
    std::vector<long> results(4);
    {
        std::vector<std::thread> threads;
        gilpy::GilRelease release;  // the host thread holds the GIL between calls: let go
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&, i] {
                for (int k = 0; k < 25; ++k) {
                    gilpy::GilAcquire acquire(interp);
                    results[i] += callback(i).cast<long>();
                }
            });
        }
        for (std::thread& t : threads)
            t.join();
    }
    CHECK(results == std::vector<long>{0, 25, 100, 225});
    CHECK(interp.eval("len(calls)").cast<int>() == 100);
    CHECK(interp.eval("sorted(set(calls))").cast<std::vector<int>>() ==
          std::vector<int>{0, 1, 2, 3});
    // Each guard's thread state is counted, under CPython's name for foreign threads.
    CHECK(interp.eval("sum(1 for name in gil.stats() if name.startswith('Dummy-'))").cast<int>() ==
          100);
    // Nested: a guard for an interpreter whose GIL the thread already holds does nothing.
    gilpy::GilAcquire again(interp);
    CHECK(interp.eval("1").cast<int>() == 1);
}

TEST_CASE("two interpreters run CPU-bound scripts in parallel on two host threads") {
    auto work = [] {
        Interpreter interp;
        return interp.eval("sum(i * i for i in range(200000))").cast<long long>();
    };
    long long a = 0, b = 0;
    std::thread t1([&] { a = work(); });
    std::thread t2([&] { b = work(); });
    t1.join();
    t2.join();
    CHECK(a == 2666646666700000LL);
    CHECK(b == a);
}
