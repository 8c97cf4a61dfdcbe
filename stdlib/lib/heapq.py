# heapq: binary min-heaps kept in ordinary lists (heap[k] <= heap[2k+1] and heap[2k+2]), with
# CPython 3.11's functions, results and comparison order (only "<" is used on items).

__all__ = ['heappush', 'heappop', 'heapify', 'heapreplace', 'merge',
           'nlargest', 'nsmallest', 'heappushpop']


def _check_list(heap, fname, which="argument 1"):
    # Functions of one argument say "argument", as CPython's argument clinic does.
    if not isinstance(heap, list):
        raise TypeError(f"{fname}() {which} must be list, not {type(heap).__name__}")


def _sift_up(heap, pos):
    # Moves heap[pos] towards the root while it is smaller than its parent.
    item = heap[pos]
    while pos > 0:
        parent = (pos - 1) >> 1
        above = heap[parent]
        if item < above:
            heap[pos] = above
            pos = parent
        else:
            break
    heap[pos] = item


def _sift_down(heap, pos, end):
    # Moves heap[pos] down to a leaf along the smaller children, then back up: fewer
    # comparisons than stopping early, as in CPython (the moved item is usually large).
    start = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    while pos > start:
        parent = (pos - 1) >> 1
        above = heap[parent]
        if item < above:
            heap[pos] = above
            pos = parent
        else:
            break
    heap[pos] = item


def heappush(heap, item, /):
    """Push item onto heap, maintaining the heap invariant."""
    _check_list(heap, "heappush")
    heap.append(item)
    _sift_up(heap, len(heap) - 1)


def heappop(heap, /):
    """Pop the smallest item off the heap, maintaining the heap invariant."""
    _check_list(heap, "heappop", "argument")
    if not heap:
        raise IndexError("index out of range")
    last = heap.pop()
    if not heap:
        return last
    smallest = heap[0]
    heap[0] = last
    _sift_down(heap, 0, len(heap))
    return smallest


def heapreplace(heap, item, /):
    """Pop and return the smallest item, then push the new item (the heap size is unchanged)."""
    _check_list(heap, "heapreplace")
    if not heap:
        raise IndexError("index out of range")
    smallest = heap[0]
    heap[0] = item
    _sift_down(heap, 0, len(heap))
    return smallest


def heappushpop(heap, item, /):
    """Push item on the heap, then pop and return the smallest item (faster than both)."""
    _check_list(heap, "heappushpop")
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _sift_down(heap, 0, len(heap))
    return item


def heapify(heap, /):
    """Transform list into a heap, in-place, in O(len(heap)) time."""
    _check_list(heap, "heapify", "argument")
    n = len(heap)
    for pos in range(n // 2 - 1, -1, -1):
        _sift_down(heap, pos, n)


# Max-heap helpers for merge(reverse=True) and nsmallest: the same algorithms with ">".
def _sift_up_max(heap, pos):
    item = heap[pos]
    while pos > 0:
        parent = (pos - 1) >> 1
        above = heap[parent]
        if above < item:
            heap[pos] = above
            pos = parent
        else:
            break
    heap[pos] = item


def _sift_down_max(heap, pos, end):
    start = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[right] < heap[child]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    while pos > start:
        parent = (pos - 1) >> 1
        above = heap[parent]
        if above < item:
            heap[pos] = above
            pos = parent
        else:
            break
    heap[pos] = item


def _heapify_max(heap):
    n = len(heap)
    for pos in range(n // 2 - 1, -1, -1):
        _sift_down_max(heap, pos, n)


def _heapreplace_max(heap, item):
    top = heap[0]
    heap[0] = item
    _sift_down_max(heap, 0, len(heap))
    return top


def _heappop_max(heap):
    last = heap.pop()
    if not heap:
        return last
    top = heap[0]
    heap[0] = last
    _sift_down_max(heap, 0, len(heap))
    return top


def merge(*iterables, key=None, reverse=False):
    """Merge multiple sorted inputs into a single sorted output (a generator).

    Equal items come out in the order of the iterables they came from."""
    # Heap entries are [key, order, value, next]: "order" breaks ties by input position, and is
    # negated for reverse merges so the max-heap still favours the earlier input.
    if reverse:
        push_down, pop, replace, build = _sift_down_max, _heappop_max, _heapreplace_max, _heapify_max
        sign = -1
    else:
        push_down, pop, replace, build = _sift_down, heappop, heapreplace, heapify
        sign = 1
    entries = []
    for order, iterable in enumerate(iterables):
        it = iter(iterable)
        nxt = it.__next__
        for value in it:
            if key is None:
                entries.append([value, order * sign, nxt])
            else:
                entries.append([key(value), order * sign, value, nxt])
            break
    build(entries)
    if key is None:
        while len(entries) > 1:
            entry = entries[0]
            yield entry[0]
            try:
                entry[0] = entry[2]()
            except StopIteration:
                pop(entries)
                continue
            replace(entries, entry)
        if entries:
            entry = entries[0]
            yield entry[0]
            for value in _rest(entry[2]):
                yield value
        return
    while len(entries) > 1:
        entry = entries[0]
        yield entry[2]
        try:
            value = entry[3]()
        except StopIteration:
            pop(entries)
            continue
        entry[0] = key(value)
        entry[2] = value
        replace(entries, entry)
    if entries:
        entry = entries[0]
        yield entry[2]
        for value in _rest(entry[3]):
            yield value


def _rest(nxt):
    # The remaining items of the last open input.
    while True:
        try:
            value = nxt()
        except StopIteration:
            return
        yield value


def nsmallest(n, iterable, key=None):
    """Find the n smallest elements in a dataset (sorted(iterable, key=key)[:n])."""
    if n == 1:
        it = iter(iterable)
        sentinel = object()
        if key is None:
            result = min(it, default=sentinel)
        else:
            result = min(it, default=sentinel, key=key)
        return [] if result is sentinel else [result]
    try:
        size = len(iterable)
    except (TypeError, AttributeError):
        pass
    else:
        if n >= size:
            return sorted(iterable, key=key)[:n]
    if n <= 0:
        return []
    # A max-heap of the n best so far, entries [key, order, value]; order keeps the sort stable.
    it = iter(iterable)
    heap = []
    order = 0
    for value in it:
        heap.append([value if key is None else key(value), order, value])
        order += 1
        if order == n:
            break
    if not heap:
        return []
    _heapify_max(heap)
    top = heap[0][0]
    for value in it:
        k = value if key is None else key(value)
        if k < top:
            _heapreplace_max(heap, [k, order, value])
            top = heap[0][0]
            order += 1
    heap.sort()
    return [entry[2] for entry in heap]


def nlargest(n, iterable, key=None):
    """Find the n largest elements in a dataset (sorted(iterable, key=key, reverse=True)[:n])."""
    if n == 1:
        it = iter(iterable)
        sentinel = object()
        if key is None:
            result = max(it, default=sentinel)
        else:
            result = max(it, default=sentinel, key=key)
        return [] if result is sentinel else [result]
    try:
        size = len(iterable)
    except (TypeError, AttributeError):
        pass
    else:
        if n >= size:
            return sorted(iterable, key=key, reverse=True)[:n]
    if n <= 0:
        return []
    # A min-heap of the n best so far, entries [key, -order, value]: among equal keys the
    # earlier item ranks first, as a stable reverse sort does.
    it = iter(iterable)
    heap = []
    order = 0
    for value in it:
        heap.append([value if key is None else key(value), order, value])
        order -= 1
        if -order == n:
            break
    if not heap:
        return []
    heapify(heap)
    top = heap[0][0]
    for value in it:
        k = value if key is None else key(value)
        if top < k:
            heapreplace(heap, [k, order, value])
            top = heap[0][0]
            order -= 1
    heap.sort(reverse=True)
    return [entry[2] for entry in heap]
