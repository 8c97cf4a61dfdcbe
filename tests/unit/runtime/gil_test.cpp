// The GIL's hand-off protocol, driven directly by test threads (no interpreter loop): a waiter
// asks for the GIL after one switch interval, the holder hands it over and does not take it
// straight back (forced switching), the legacy policy never asks, and the counters add up.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "runtime/gil.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"

using namespace gilpy::runtime;

namespace {

// Thread states need an interpreter to belong to; the Gil under test is a separate one, so
// the interpreter's own GIL (held by this thread) plays no part.
struct GilFixture {
    InterpreterState interp;
    std::atomic<uint32_t> breaker{0};
    Gil gil{breaker};
    ThreadState a{interp};
    ThreadState b{interp};

    bool drop_requested() const { return breaker.load() & kBreakerGilDropRequest; }
};

void spin_until(const std::atomic<bool>& flag) {
    while (!flag.load())
        std::this_thread::yield();
}

}  // namespace

TEST_CASE("a waiter asks the holder to drop the GIL after one switch interval", "[gil]") {
    GilFixture f;
    f.gil.set_switch_interval(0.002);
    f.gil.acquire(f.a);
    std::atomic<bool> b_has_it{false};
    std::thread waiter([&] {
        f.gil.acquire(f.b);
        b_has_it = true;
        f.gil.release(f.b);
    });
    // The request appears once the interval passed, and not before anyone released.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!f.drop_requested() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(f.drop_requested());
    REQUIRE_FALSE(b_has_it.load());
    REQUIRE(f.gil.held_by(&f.a));

    f.gil.yield_to_waiter(f.a);  // what the eval loop does when it sees the bit
    // Forced switching: a could only come back after b had taken the GIL.
    REQUIRE(b_has_it.load());
    REQUIRE(f.gil.held_by(&f.a));
    waiter.join();
    f.gil.release(f.a);

    CHECK(f.b.gil_stats.drop_requests >= 1);
    CHECK(f.b.gil_stats.waited_takes == 1);
    CHECK(f.b.gil_stats.acquisitions == 1);
    CHECK(f.a.gil_stats.forced_switches == 1);
    CHECK(f.a.gil_stats.acquisitions == 2);
    CHECK(f.gil.switch_count() == 2);  // a -> b -> a
    // Taking the GIL clears the request, so the new holder is not asked to drop it at once.
    CHECK_FALSE(f.drop_requested());
}

TEST_CASE("the dropper does not retake the GIL before the waiter ran", "[gil]") {
    GilFixture f;
    f.gil.set_switch_interval(0.001);
    constexpr int kRounds = 50;
    std::atomic<bool> stop{false};
    std::atomic<bool> waiting{false};
    std::vector<char> order;  // appended only while holding the GIL under test
    f.gil.acquire(f.a);
    std::thread waiter([&] {
        waiting = true;
        for (int i = 0; i < kRounds; ++i) {
            f.gil.acquire(f.b);
            order.push_back('b');
            f.gil.release(f.b);
        }
        stop = true;
    });
    spin_until(waiting);
    while (!stop.load()) {
        order.push_back('a');
        if (f.drop_requested()) f.gil.yield_to_waiter(f.a);
        std::this_thread::yield();
    }
    f.gil.release(f.a);
    waiter.join();
    // Every drop by a was followed by b's turn: b got all its rounds while a kept "running".
    REQUIRE(std::count(order.begin(), order.end(), 'b') == kRounds);
    CHECK(f.a.gil_stats.forced_switches >= 1);
}

TEST_CASE("the legacy policy never posts drop requests or forces switches", "[gil]") {
    GilFixture f;
    f.gil.set_policy(GilPolicy::Legacy);
    CHECK(f.gil.policy() == GilPolicy::Legacy);
    // The tick bit stays set so that the eval loop counts ticks at every check.
    CHECK((f.breaker.load() & kBreakerGilTick) != 0);
    f.gil.set_switch_interval(0.001);
    f.gil.acquire(f.a);
    std::atomic<bool> b_done{false};
    std::thread waiter([&] {
        f.gil.acquire(f.b);
        f.gil.release(f.b);
        b_done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // many switch intervals
    CHECK_FALSE(f.drop_requested());
    // Tick releases let the waiter in eventually (the OS decides who wins each race).
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!b_done.load() && std::chrono::steady_clock::now() < deadline)
        f.gil.yield_to_waiter(f.a);
    REQUIRE(b_done.load());
    f.gil.release(f.a);
    waiter.join();
    CHECK(f.a.gil_stats.forced_switches == 0);
    CHECK(f.b.gil_stats.drop_requests == 0);

    f.gil.set_policy(GilPolicy::Modern);
    CHECK((f.breaker.load() & kBreakerGilTick) == 0);
}

TEST_CASE("counters add up to the time spent", "[gil]") {
    GilFixture f;
    const int64_t start = monotonic_ns();
    f.gil.acquire(f.a);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    std::thread waiter([&] {
        f.gil.acquire(f.b);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        f.gil.release(f.b);
    });
    // b asks for a drop once it has waited a switch interval inside acquire (a loaded machine
    // may start it late): from then on it waits at least 20 ms more.
    while (!f.drop_requested())
        std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    f.gil.release(f.a);
    waiter.join();
    const int64_t wall = monotonic_ns() - start;

    GilCounters a = counters_now(f.a), b = counters_now(f.b);
    CHECK(a.acquisitions == 1);
    CHECK(a.held_ns >= 50'000'000);
    CHECK(b.acquisitions == 1);
    CHECK(b.held_ns >= 10'000'000);
    CHECK(b.wait_ns >= 20'000'000);  // a switch interval, then the 20 ms after the request
    CHECK(b.waited_takes == 1);
    // One GIL: the holdings never overlap, so together they fit in the wall time.
    CHECK(a.held_ns + b.held_ns <= wall);
    CHECK(a.held_since == 0);
}

TEST_CASE("counters_now includes the current holding", "[gil]") {
    GilFixture f;
    f.gil.acquire(f.a);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(f.a.gil_stats.held_ns == 0);
    CHECK(counters_now(f.a).held_ns >= 5'000'000);
    f.gil.release(f.a);
}

TEST_CASE("the switch interval is kept in whole microseconds", "[gil]") {
    GilFixture f;
    CHECK(f.gil.switch_interval() == 0.005);
    f.gil.set_switch_interval(0.0000015);
    CHECK(f.gil.switch_interval() == 0.000001);
    f.gil.set_check_interval(0);
    CHECK(f.gil.check_interval() == 1);
}
