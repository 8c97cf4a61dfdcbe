# Realistic program: a priority-queue task scheduler on a hand-written binary min-heap class
# (sift up/down, __len__/__bool__/__iter__/__contains__), tasks ordered by rich comparisons
# with a FIFO tie-break, periodic and one-shot jobs, cancellation and a simulated clock.
# Expected output: python3 3.11's.


class EmptyHeapError(IndexError):
    pass


class BinaryHeap:
    """A min-heap over items supporting <; the smallest item is at index 0."""

    def __init__(self, items=()):
        self._data = []
        for item in items:
            self.push(item)

    def push(self, item):
        data = self._data
        data.append(item)
        i = len(data) - 1
        while i > 0:
            parent = (i - 1) // 2
            if data[i] < data[parent]:
                data[i], data[parent] = data[parent], data[i]
                i = parent
            else:
                break

    def peek(self):
        if not self._data:
            raise EmptyHeapError("peek from an empty heap")
        return self._data[0]

    def pop(self):
        data = self._data
        if not data:
            raise EmptyHeapError("pop from an empty heap")
        last = data.pop()
        if not data:
            return last
        top, data[0] = data[0], last
        self._sift_down(0)
        return top

    def _sift_down(self, i):
        data = self._data
        n = len(data)
        while True:
            smallest = i
            for child in (2 * i + 1, 2 * i + 2):
                if child < n and data[child] < data[smallest]:
                    smallest = child
            if smallest == i:
                return
            data[i], data[smallest] = data[smallest], data[i]
            i = smallest

    def remove(self, item):
        idx = self._data.index(item)
        last = self._data.pop()
        if idx < len(self._data):
            self._data[idx] = last
            self._sift_down(idx)
            # The moved item may also need to rise.
            while idx > 0 and self._data[idx] < self._data[(idx - 1) // 2]:
                parent = (idx - 1) // 2
                self._data[idx], self._data[parent] = self._data[parent], self._data[idx]
                idx = parent

    def is_valid(self):
        d = self._data
        return all(not (d[i] < d[(i - 1) // 2]) for i in range(1, len(d)))

    def __len__(self):
        return len(self._data)

    def __bool__(self):
        return bool(self._data)

    def __contains__(self, item):
        return item in self._data

    def __iter__(self):
        # Sorted order without disturbing the heap.
        copy = BinaryHeap()
        copy._data = list(self._data)
        while copy:
            yield copy.pop()

    def __repr__(self):
        return f"BinaryHeap({self._data!r})"


class Task:
    _seq = 0

    def __init__(self, name, due, priority=5, every=None, runs=1):
        Task._seq += 1
        self.seq = Task._seq
        self.name = name
        self.due = due
        self.priority = priority
        self.every = every
        self.runs_left = runs
        self.cancelled = False

    def key(self):
        return (self.due, self.priority, self.seq)

    def __lt__(self, other):
        return self.key() < other.key()

    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__

    def __repr__(self):
        return f"Task({self.name}@{self.due} p{self.priority})"


class Scheduler:
    def __init__(self):
        self.queue = BinaryHeap()
        self.clock = 0
        self.done = []

    def add(self, *args, **kwargs):
        task = Task(*args, **kwargs)
        self.queue.push(task)
        return task

    def cancel(self, task):
        if task in self.queue:
            self.queue.remove(task)
            task.cancelled = True
            return True
        return False

    def run_until(self, limit):
        while self.queue and self.queue.peek().due <= limit:
            task = self.queue.pop()
            self.clock = task.due
            self.execute(task)
            if not self.queue.is_valid():
                raise AssertionError("heap invariant broken")
        self.clock = limit

    def execute(self, task):
        print(f"t={self.clock:>3} run {task.name:<10} p{task.priority} (seq {task.seq})")
        self.done.append(task.name)
        task.runs_left -= 1
        if task.every and task.runs_left > 0:
            task.due += task.every
            self.queue.push(task)


heap = BinaryHeap([5, 3, 8, 1, 9, 2, 7])
print(len(heap), heap.peek(), list(heap), len(heap), heap.is_valid(), 4 in heap, 8 in heap)
print([heap.pop() for _ in range(3)], heap, bool(heap))
heap.remove(8)
print(list(heap), heap.is_valid())
try:
    BinaryHeap().pop()
except IndexError as e:
    print(type(e).__name__, e)

s = Scheduler()
s.add("backup", 30, priority=1)
s.add("email", 5, priority=3, every=10, runs=4)
s.add("report", 20, priority=2)
s.add("cleanup", 20, priority=2)
beat = s.add("heartbeat", 0, priority=9, every=15, runs=10)
urgent = s.add("urgent", 20, priority=0)
doomed = s.add("doomed", 25)
print("queued:", list(s.queue))
s.run_until(20)
print("clock", s.clock, "pending", len(s.queue))
print("cancel doomed:", s.cancel(doomed), "again:", s.cancel(doomed), doomed.cancelled)
s.add("late", 21, priority=1)
s.run_until(50)
print("cancel heartbeat:", s.cancel(beat))
s.run_until(1000)
print("done:", s.done)
print("left:", list(s.queue), s.clock, urgent.runs_left, beat.runs_left)
words = BinaryHeap("the quick brown fox jumps over the lazy dog".split())
print(list(words))
