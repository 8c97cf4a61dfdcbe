# multiprocessing.pool: Pool, a fixed set of worker processes that run tasks (apply, map,
# imap, starmap and their async forms) and send back results or exceptions.
#
# Shape: each worker has its own duplex connection; one handler thread in the parent hands
# tasks to idle workers, receives their results, and watches the workers' sentinels. Because
# the parent knows which task each worker holds, a worker that dies mid-task (killed, crashed,
# out of memory) fails exactly that task with WorkerLostError and is replaced, instead of
# leaving the caller waiting forever (CPython's pool hangs there: cpython#96062). Tasks queued
# behind it go to other workers.

import collections
import itertools
import os
import threading
from pickle import dumps as _dumps

from . import util
from .connection import Pipe, wait
from .context import ProcessError, TimeoutError, _default_context

__all__ = ['Pool', 'AsyncResult', 'ApplyResult', 'MapResult', 'IMapIterator',
           'IMapUnorderedIterator', 'MaybeEncodingError', 'WorkerLostError']

INIT = 'INIT'
RUN = 'RUN'
CLOSE = 'CLOSE'
TERMINATE = 'TERMINATE'

job_counter = itertools.count()

# A second task is sent to a busy worker only when it is this small, so that sending never
# blocks on a worker that is itself blocked sending a large result back.
_PREFETCH_BYTES = 16384


def mapstar(args):
    return list(map(*args))


def starmapstar(args):
    return list(itertools.starmap(args[0], args[1]))


class MaybeEncodingError(Exception):
    """A worker's result (or exception) could not be pickled to be sent back."""

    def __init__(self, exc, value):
        self.exc = repr(exc)
        self.value = repr(value)
        super().__init__(self.exc, self.value)

    def __str__(self):
        return "Error sending result: '%s'. Reason: '%s'" % (self.value, self.exc)

    def __repr__(self):
        return "<%s: %s>" % (self.__class__.__name__, self)


class WorkerLostError(ProcessError):
    """The worker process running a task ended before it sent the result back."""


def worker(conn, initializer=None, initargs=(), maxtasks=None, inherited=()):
    # The body of a worker process: receives (func, args, kwds), sends back (ok, value).
    for other in inherited:
        # Descriptors of the parent's side: if only the parent holds them, a worker sees
        # end-of-file when the parent dies and ends too.
        other.close()
    if initializer is not None:
        initializer(*initargs)
    completed = 0
    while maxtasks is None or completed < maxtasks:
        try:
            task = conn.recv()
        except EOFError:
            break
        except Exception as exc:
            # A task that cannot be unpickled here (a function defined after the pool
            # started, say) fails alone.
            conn.send((False, exc))
            continue
        if task is None:
            break
        func, args, kwds = task
        try:
            result = (True, func(*args, **kwds))
        except Exception as exc:
            result = (False, exc)
        try:
            conn.send(result)
        except Exception as exc:
            conn.send((False, MaybeEncodingError(exc, result[1])))
        completed += 1


class _Worker:
    # The parent's view of one worker: its process, its connection, and the tasks sent to it
    # and not yet answered (oldest first: results come back in order).

    def __init__(self, process, conn):
        self.process = process
        self.conn = conn
        self.inflight = collections.deque()
        self.sent = 0


class Pool:
    """A pool of worker processes to which tasks can be submitted."""

    def __init__(self, processes=None, initializer=None, initargs=(), maxtasksperchild=None,
                 context=None):
        self._state = INIT
        self._ctx = context or _default_context.get_context()
        if processes is None:
            processes = os.cpu_count() or 1
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        if maxtasksperchild is not None:
            if not isinstance(maxtasksperchild, int) or maxtasksperchild <= 0:
                raise ValueError("maxtasksperchild must be a positive int or None")
        if initializer is not None and not callable(initializer):
            raise TypeError('initializer must be a callable')
        self._processes = processes
        self._initializer = initializer
        self._initargs = initargs
        self._maxtasksperchild = maxtasksperchild
        self._cache = {}
        self._tasks = collections.deque()  # (job, index, (func, args, kwds)) not yet sent
        self._lock = threading.Lock()      # guards _tasks, _state and _wake_pending
        self._wake_pending = False
        self._wake_r, self._wake_w = Pipe(duplex=False)
        self._workers = []
        self._pool = []
        for _ in range(processes):
            self._add_worker()
        self._state = RUN
        self._handler = threading.Thread(target=self._handle, name='PoolHandler',
                                         daemon=True)
        self._handler.start()

    def __repr__(self):
        cls = self.__class__
        return (f'<{cls.__module__}.{cls.__qualname__} '
                f'state={self._state} pool_size={len(self._pool)}>')

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.terminate()

    def _check_running(self):
        if self._state != RUN:
            raise ValueError("Pool not running")

    # ---------------------------------------------------------------- workers

    def _add_worker(self):
        parent_end, child_end = Pipe()
        inherited = [w.conn for w in self._workers] + [parent_end, self._wake_r, self._wake_w]
        process = self._ctx.Process(
            target=worker, args=(child_end, self._initializer, self._initargs,
                                 self._maxtasksperchild, inherited))
        process.name = process.name.replace('Process', 'PoolWorker')
        process.daemon = True
        process.start()
        child_end.close()
        self._workers.append(_Worker(process, parent_end))
        self._pool.append(process)

    def _remove_worker(self, w, error=None):
        # [w] has ended: its unanswered tasks fail (the one it was running) or go back to the
        # queue (those it had not started).
        w.process.join()
        self._workers.remove(w)
        self._pool.remove(w.process)
        w.conn.close()
        if self._state == RUN:
            # Replaced before its lost task is reported, so a caller who sees the error finds
            # the pool whole again.
            self._add_worker()
        if w.inflight:
            job, index, _ = w.inflight.popleft()
            exitcode = w.process.exitcode
            self._set_result(job, index, (False, WorkerLostError(
                f'pool worker {w.process.name} ended with exit code {exitcode} while '
                f'running a task')))
            with self._lock:
                self._tasks.extendleft(reversed(w.inflight))
            w.inflight.clear()

    # ---------------------------------------------------------------- the handler thread

    def _handle(self):
        while True:
            with self._lock:
                self._wake_pending = False
                state = self._state
                if state == TERMINATE:
                    break
                if state == CLOSE and not self._tasks and not any(
                        w.inflight for w in self._workers):
                    break
                has_tasks = bool(self._tasks)
            # Keep the pool full (workers end after maxtasksperchild tasks, or crash) while it
            # runs, or while closing with work left.
            while len(self._workers) < self._processes and (state == RUN or has_tasks):
                self._add_worker()
            with self._lock:
                self._dispatch()
            waitables = [self._wake_r]
            for w in self._workers:
                waitables.append(w.conn)
                waitables.append(w.process.sentinel)
            ready = set(wait(waitables))
            if self._wake_r in ready:
                while self._wake_r.poll():
                    self._wake_r.recv_bytes()
            for w in list(self._workers):
                if w.conn in ready:
                    self._receive(w)
                if w.process.sentinel in ready:
                    # Take what it sent before it ended, then account for it.
                    while w.inflight and self._poll_quietly(w.conn) and self._receive(w):
                        pass
                    self._remove_worker(w)
        self._stop_workers()

    @staticmethod
    def _poll_quietly(conn):
        try:
            return conn.poll()
        except OSError:
            return False

    def _receive(self, w):
        # One result from [w]; False when there is none because it has ended (its sentinel
        # tells the rest).
        try:
            result = w.conn.recv()
        except (EOFError, OSError):
            return False
        except Exception as exc:
            result = (False, exc)  # a result that cannot be unpickled in the parent
        if w.inflight:
            job, index, _ = w.inflight.popleft()
            self._set_result(job, index, result)
        return True

    def _dispatch(self):
        # With self._lock held: sends waiting tasks to idle workers (and a small second one to
        # busy workers, so they need not wait for the handler between tasks).
        limit = self._maxtasksperchild
        for w in self._workers:
            while self._tasks and len(w.inflight) < 2 and (limit is None or w.sent < limit):
                job, index, task = self._tasks[0]
                try:
                    data = _dumps(task)
                except Exception as exc:
                    self._tasks.popleft()
                    self._set_result(job, index, (False, exc))
                    continue
                if w.inflight and len(data) > _PREFETCH_BYTES:
                    break
                self._tasks.popleft()
                try:
                    w.conn.send_bytes(data)
                except OSError:
                    self._tasks.appendleft((job, index, task))
                    break  # it has ended: its sentinel will say so
                w.inflight.append((job, index, task))
                w.sent += 1

    def _set_result(self, job, index, result):
        target = self._cache.get(job)
        if target is not None:
            target._set(index, result)

    def _stop_workers(self):
        if self._state == TERMINATE:
            for w in self._workers:
                w.process.terminate()
        else:
            for w in self._workers:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self._workers:
            w.process.join()
            w.conn.close()
        # Results still pending after terminate() never complete, as in CPython; forgetting
        # them here also breaks the pool <-> result reference cycle (gilpy has no cycle
        # collector).
        self._cache.clear()

    # ---------------------------------------------------------------- submitting

    def _submit(self, tasks):
        with self._lock:
            self._check_running()
            self._tasks.extend(tasks)
            wake = not self._wake_pending
            self._wake_pending = True
        if wake:
            self._wake_w.send_bytes(b'')

    def _wake(self):
        with self._lock:
            wake = not self._wake_pending
            self._wake_pending = True
        if wake:
            self._wake_w.send_bytes(b'')

    def apply(self, func, args=(), kwds={}):
        """func(*args, **kwds) in a worker; returns its result."""
        return self.apply_async(func, args, kwds).get()

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        """func(*args, **kwds) in a worker; returns an AsyncResult."""
        self._check_running()
        result = ApplyResult(self, callback, error_callback)
        self._submit([(result._job, 0, (func, args, kwds))])
        return result

    def map(self, func, iterable, chunksize=None):
        """[func(x) for x in iterable], computed by the workers in chunks."""
        return self._map_async(func, iterable, mapstar, chunksize).get()

    def starmap(self, func, iterable, chunksize=None):
        """[func(*args) for args in iterable], computed by the workers in chunks."""
        return self._map_async(func, iterable, starmapstar, chunksize).get()

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, mapstar, chunksize, callback, error_callback)

    def starmap_async(self, func, iterable, chunksize=None, callback=None,
                      error_callback=None):
        return self._map_async(func, iterable, starmapstar, chunksize, callback,
                               error_callback)

    def _map_async(self, func, iterable, mapper, chunksize=None, callback=None,
                   error_callback=None):
        self._check_running()
        if not hasattr(iterable, '__len__'):
            iterable = list(iterable)
        if chunksize is None:
            chunksize, extra = divmod(len(iterable), len(self._pool) * 4)
            if extra:
                chunksize += 1
        if len(iterable) == 0:
            chunksize = 0
        result = MapResult(self, chunksize, len(iterable), callback, error_callback)
        if chunksize:
            self._submit([(result._job, i, (mapper, (batch,), {}))
                          for i, batch in enumerate(self._get_tasks(func, iterable,
                                                                    chunksize))])
        return result

    @staticmethod
    def _get_tasks(func, iterable, size):
        it = iter(iterable)
        while True:
            chunk = tuple(itertools.islice(it, size))
            if not chunk:
                return
            yield (func, chunk)

    def imap(self, func, iterable, chunksize=1):
        """Like map(), but an iterator over the results, in order, as they arrive."""
        return self._imap(IMapIterator, func, iterable, chunksize)

    def imap_unordered(self, func, iterable, chunksize=1):
        """Like imap(), but results in the order they are computed."""
        return self._imap(IMapUnorderedIterator, func, iterable, chunksize)

    def _imap(self, iterator_type, func, iterable, chunksize):
        self._check_running()
        if chunksize < 1:
            raise ValueError("Chunksize must be 1+, not {0:n}".format(chunksize))
        result = iterator_type(self)
        if chunksize == 1:
            tasks = [(result._job, i, (func, (x,), {})) for i, x in enumerate(iterable)]
            self._submit(tasks)
            result._set_length(len(tasks))
            return result
        tasks = [(result._job, i, (mapstar, (batch,), {}))
                 for i, batch in enumerate(self._get_tasks(func, iterable, chunksize))]
        self._submit(tasks)
        result._set_length(len(tasks))
        return (item for chunk in result for item in chunk)

    # ---------------------------------------------------------------- ending

    def close(self):
        """No more tasks; the workers end once the submitted ones are done."""
        with self._lock:
            if self._state == RUN:
                self._state = CLOSE
        self._wake()

    def terminate(self):
        """Stop the workers now, without finishing outstanding work."""
        with self._lock:
            self._state = TERMINATE
        self._wake()
        self._handler.join()

    def join(self):
        """Wait for the workers to end (after close() or terminate())."""
        if self._state == RUN:
            raise ValueError("Pool is still running")
        elif self._state not in (CLOSE, TERMINATE):
            raise ValueError("In unknown state")
        self._handler.join()


class ApplyResult:
    """The future result of one task."""

    def __init__(self, pool, callback, error_callback):
        self._pool = pool
        self._event = threading.Event()
        self._job = next(job_counter)
        self._cache = pool._cache
        self._callback = callback
        self._error_callback = error_callback
        self._cache[self._job] = self

    def ready(self):
        return self._event.is_set()

    def successful(self):
        if not self.ready():
            raise ValueError("{0!r} not ready".format(self))
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        """The result; raises the task's exception, or multiprocessing.TimeoutError."""
        self.wait(timeout)
        if not self.ready():
            raise TimeoutError
        if self._success:
            return self._value
        raise self._value

    def _set(self, i, obj):
        self._success, self._value = obj
        if self._callback and self._success:
            self._callback(self._value)
        if self._error_callback and not self._success:
            self._error_callback(self._value)
        self._event.set()
        del self._cache[self._job]
        self._pool = None


AsyncResult = ApplyResult


class MapResult(ApplyResult):
    """The future result of a map: ready when every chunk is back."""

    def __init__(self, pool, chunksize, length, callback, error_callback):
        ApplyResult.__init__(self, pool, callback, error_callback=error_callback)
        self._success = True
        self._value = [None] * length
        self._chunksize = chunksize
        if chunksize <= 0:
            self._number_left = 0
            self._event.set()
            del self._cache[self._job]
        else:
            self._number_left = length // chunksize + bool(length % chunksize)

    def _set(self, i, success_result):
        self._number_left -= 1
        success, result = success_result
        if success and self._success:
            self._value[i * self._chunksize:(i + 1) * self._chunksize] = result
            if self._number_left == 0:
                if self._callback:
                    self._callback(self._value)
                del self._cache[self._job]
                self._event.set()
                self._pool = None
        else:
            if not success and self._success:
                # The first exception is the one get() raises.
                self._success = False
                self._value = result
            if self._number_left == 0:
                if self._error_callback:
                    self._error_callback(self._value)
                del self._cache[self._job]
                self._event.set()
                self._pool = None


class IMapIterator:
    """The results of imap(), in order, each as soon as it and those before it are back."""

    def __init__(self, pool):
        self._pool = pool
        self._cond = threading.Condition(threading.Lock())
        self._job = next(job_counter)
        self._cache = pool._cache
        self._items = collections.deque()
        self._index = 0
        self._length = None
        self._unsorted = {}
        self._cache[self._job] = self

    def __iter__(self):
        return self

    def next(self, timeout=None):
        with self._cond:
            try:
                item = self._items.popleft()
            except IndexError:
                if self._index == self._length:
                    self._pool = None
                    raise StopIteration from None
                self._cond.wait(timeout)
                try:
                    item = self._items.popleft()
                except IndexError:
                    if self._index == self._length:
                        self._pool = None
                        raise StopIteration from None
                    raise TimeoutError from None
        success, value = item
        if success:
            return value
        raise value

    __next__ = next

    def _set(self, i, obj):
        with self._cond:
            if self._index == i:
                self._items.append(obj)
                self._index += 1
                while self._index in self._unsorted:
                    self._items.append(self._unsorted.pop(self._index))
                    self._index += 1
                self._cond.notify()
            else:
                self._unsorted[i] = obj
            if self._index == self._length:
                del self._cache[self._job]
                self._pool = None

    def _set_length(self, length):
        with self._cond:
            self._length = length
            if self._index == self._length:
                self._cond.notify()
                del self._cache[self._job]
                self._pool = None


class IMapUnorderedIterator(IMapIterator):
    """The results of imap_unordered(), in the order they come back."""

    def _set(self, i, obj):
        with self._cond:
            self._items.append(obj)
            self._index += 1
            self._cond.notify()
            if self._index == self._length:
                del self._cache[self._job]
                self._pool = None
