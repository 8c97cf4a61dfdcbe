# A realistic program: a cooperative task scheduler on a simulated clock. Tasks are generators
# that yield requests (sleep, wait for an event, spawn, finish with a value); the scheduler keeps
# them in a heapq priority queue ordered by (wake time, priority, sequence) with __lt__ on a
# class, delegates with `yield from`, throws timeouts into waiting tasks, closes cancelled ones
# (GeneratorExit runs their finally blocks) and reports results and a trace.
# Expected output: python3 3.11's.

import heapq
import itertools


class Request:
    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class Sleep(Request):
    def __init__(self, delay):
        self.delay = delay


class Wait(Request):
    def __init__(self, event, timeout=None):
        self.event = event
        self.timeout = timeout


class Spawn(Request):
    def __init__(self, name, gen, priority=5):
        self.name = name
        self.gen = gen
        self.priority = priority


class Timeout(Exception):
    pass


class Event:
    def __init__(self, name):
        self.name = name
        self.waiters = []
        self.value = None
        self.fired = False


class Task:
    _ids = itertools.count(1)

    def __init__(self, name, gen, priority):
        self.id = next(Task._ids)
        self.name = name
        self.gen = gen
        self.priority = priority
        self.result = None
        self.done = False
        self.send_value = None
        self.throw_exc = None
        self.steps = 0

    def __repr__(self):
        state = "done" if self.done else "live"
        return f"<Task {self.id}:{self.name} p{self.priority} {state}>"


class Entry:
    __slots__ = ("when", "priority", "seq", "task")

    def __init__(self, when, priority, seq, task):
        self.when, self.priority, self.seq, self.task = when, priority, seq, task

    def __lt__(self, other):
        return (self.when, self.priority, self.seq) < (other.when, other.priority, other.seq)


class Scheduler:
    def __init__(self):
        self.now = 0
        self.queue = []
        self.seq = itertools.count()
        self.tasks = []
        self.trace = []
        self.timeouts = {}

    def spawn(self, name, gen, priority=5):
        task = Task(name, gen, priority)
        self.tasks.append(task)
        self._schedule(task, self.now)
        return task

    def _schedule(self, task, when):
        heapq.heappush(self.queue, Entry(when, task.priority, next(self.seq), task))

    def log(self, text):
        self.trace.append(f"t={self.now:>3} {text}")

    def fire(self, event, value=None):
        event.fired, event.value = True, value
        waiters, event.waiters = event.waiters, []
        for task in waiters:
            self.timeouts.pop(task.id, None)
            task.send_value = value
            self._schedule(task, self.now)
        self.log(f"event {event.name} -> {len(waiters)} waiter(s)")

    def _step(self, task):
        task.steps += 1
        try:
            if task.throw_exc is not None:
                exc, task.throw_exc = task.throw_exc, None
                request = task.gen.throw(exc)
            else:
                value, task.send_value = task.send_value, None
                request = task.gen.send(value)
        except StopIteration as stop:
            task.done, task.result = True, stop.value
            self.log(f"{task.name} finished -> {stop.value!r}")
            return
        except Exception as e:
            task.done, task.result = True, e
            self.log(f"{task.name} crashed: {type(e).__name__}: {e}")
            return
        if isinstance(request, Sleep):
            self._schedule(task, self.now + request.delay)
        elif isinstance(request, Wait):
            if request.event.fired:
                task.send_value = request.event.value
                self._schedule(task, self.now)
            else:
                request.event.waiters.append(task)
                if request.timeout is not None:
                    self.timeouts[task.id] = (self.now + request.timeout, request.event)
        elif isinstance(request, Spawn):
            child = self.spawn(request.name, request.gen, request.priority)
            task.send_value = child
            self._schedule(task, self.now)
        else:
            raise RuntimeError(f"{task.name} yielded {request!r}")

    def _expire_timeouts(self):
        for tid, (deadline, event) in sorted(self.timeouts.items()):
            if deadline <= self.now:
                del self.timeouts[tid]
                task = next(t for t in self.tasks if t.id == tid)
                event.waiters.remove(task)
                task.throw_exc = Timeout(f"{event.name} after {deadline}")
                self._schedule(task, self.now)

    def next_deadline(self):
        return min((d for d, _ in self.timeouts.values()), default=None)

    def run(self, until=100):
        while self.queue or self.timeouts:
            deadline = self.next_deadline()
            if self.queue and (deadline is None or self.queue[0].when <= deadline):
                entry = heapq.heappop(self.queue)
                self.now = entry.when
                if self.now > until:
                    break
                if not entry.task.done:
                    self._step(entry.task)
            else:
                self.now = deadline
                self._expire_timeouts()
        for task in self.tasks:
            if not task.done:
                task.gen.close()
                self.log(f"{task.name} cancelled")


def countdown(name, n, delay):
    total = 0
    while n > 0:
        yield Sleep(delay)
        total += n
        n -= 1
    return f"{name}:{total}"


def delayed_sum(values):
    acc = 0
    for v in values:
        acc += yield from work(v)
    return acc


def work(v):
    yield Sleep(v % 3 + 1)
    return v * v


def producer(sched, ready):
    results = []
    for i in range(3):
        child = yield Spawn(f"worker{i}", countdown(f"w{i}", i + 2, i + 1), priority=9 - i)
        results.append(child.id)
    yield Sleep(4)
    sched.fire(ready, sum(results))
    return results


def consumer(name, ready, timeout):
    try:
        value = yield Wait(ready, timeout)
        return f"{name} got {value}"
    except Timeout as e:
        return f"{name} timed out ({e})"


def forever(log):
    try:
        n = 0
        while True:
            yield Sleep(7)
            n += 1
    finally:
        log.append(f"forever stopped after {n} naps")


def faulty():
    yield Sleep(2)
    {}["missing"]


def main():
    sched = Scheduler()
    ready = Event("ready")
    stopped = []
    sched.spawn("producer", producer(sched, ready), priority=1)
    sched.spawn("patient", consumer("patient", ready, 50))
    sched.spawn("hasty", consumer("hasty", ready, 2), priority=0)
    sched.spawn("summer", delayed_sum([4, 5, 6, 7]))
    sched.spawn("forever", forever(stopped), priority=8)
    sched.spawn("faulty", faulty())
    sched.run(until=30)
    for line in sched.trace:
        print(line)
    print("stopped:", stopped)
    for task in sorted(sched.tasks, key=lambda t: (t.priority, t.id)):
        result = task.result
        shown = f"{type(result).__name__}({result})" if isinstance(result, Exception) else repr(result)
        print(f"{task!r:<28} steps={task.steps:<3} result={shown}")
    by_state = {}
    for t in sched.tasks:
        by_state.setdefault("done" if t.done else "live", []).append(t.name)
    print(by_state)
    print("queue left:", len(sched.queue), "clock:", sched.now)

    # heapq on its own: the same ordering rules with tuples, and merging sorted streams.
    jobs = [(3, "c"), (1, "a"), (2, "b"), (1, "aa"), (5, "e")]
    heapq.heapify(jobs)
    print([heapq.heappop(jobs) for _ in range(len(jobs))])
    print(heapq.nsmallest(3, [9, 1, 8, 2, 7, 3]), heapq.nlargest(2, "scheduler"))
    print(list(heapq.merge([1, 4, 9], [2, 3, 10], [0])))
    print(heapq.heappushpop([5, 7], 6), heapq.heapreplace([1, 8], 9))


main()
