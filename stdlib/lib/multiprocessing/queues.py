# multiprocessing.queues: Queue, JoinableQueue and SimpleQueue between processes, over a
# one-way pipe. As in CPython, Queue.put never blocks on the pipe: a feeder thread of the
# putting process writes the buffered messages, so a process can put more than a pipe holds.
# As in CPython, the buffer holds the objects themselves and the feeder thread pickles each one
# just before writing it: a producer that runs ahead of the pipe keeps references, not a pickled
# copy of every pending message (a queue of 20,000 puts of one 1 KiB str would otherwise hold
# 20 MiB of fresh bytes). An object that cannot be pickled is reported on stderr by the feeder
# thread and dropped; later items still go.

import collections
import os
import sys
import threading
import time
from pickle import dumps as _dumps, loads as _loads
from queue import Empty, Full

from _multiprocessing import SEM_VALUE_MAX
from . import util
from .connection import Pipe
from .synchronize import Lock, BoundedSemaphore, Semaphore, Condition

__all__ = ['Queue', 'SimpleQueue', 'JoinableQueue']

_SENTINEL = object()  # tells the feeder thread to close the pipe and end


class Queue:
    """A FIFO queue shared by processes; items are pickled."""

    def __init__(self, maxsize=0, *, ctx=None):
        if maxsize <= 0:
            maxsize = SEM_VALUE_MAX
        self._maxsize = maxsize
        self._reader, self._writer = Pipe(duplex=False)
        self._rlock = Lock()
        self._wlock = Lock()
        self._sem = BoundedSemaphore(maxsize)
        self._ignore_epipe = False
        self._reset()

    def _reset(self):
        # The writing side belongs to one process: a forked child starts its own.
        self._generation = util._fork_generation
        self._notempty = threading.Condition(threading.Lock())
        self._buffer = collections.deque()
        self._thread = None
        self._jointhread = None
        self._joincancelled = False
        self._closed = False
        self._close = None

    def _check_process(self):
        if self._generation != util._fork_generation:
            self._reset()

    def put(self, obj, block=True, timeout=None):
        """Put obj on the queue; with a full bounded queue, wait (up to timeout) or raise
        queue.Full."""
        self._accept(block, timeout)
        with self._notempty:
            self._enqueue(obj)

    def _accept(self, block, timeout):
        # Takes a place in the queue.
        self._check_process()
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")
        if not self._sem.acquire(block, timeout):
            raise Full

    def _enqueue(self, obj):
        # With self._notempty held: hands the object to the feeder thread.
        if self._thread is None:
            self._start_thread()
        self._buffer.append(obj)
        self._notempty.notify()

    def get(self, block=True, timeout=None):
        """Remove and return an item; wait (up to timeout) for one or raise queue.Empty."""
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")
        if block and timeout is None:
            with self._rlock:
                data = self._reader.recv_bytes()
            self._sem.release()
        else:
            if block:
                deadline = time.monotonic() + timeout
            if not self._rlock.acquire(block, timeout):
                raise Empty
            try:
                if block:
                    if not self._reader.poll(max(deadline - time.monotonic(), 0)):
                        raise Empty
                elif not self._reader.poll():
                    raise Empty
                data = self._reader.recv_bytes()
                self._sem.release()
            finally:
                self._rlock.release()
        return _loads(data)

    def qsize(self):
        """The approximate number of items in the queue."""
        return self._maxsize - self._sem._semlock._get_value()

    def empty(self):
        return not self._reader.poll()

    def full(self):
        return self._sem._semlock._is_zero()

    def get_nowait(self):
        return self.get(False)

    def put_nowait(self, obj):
        return self.put(obj, False)

    def close(self):
        """No more puts from this process; the feeder thread flushes what is buffered and
        ends."""
        self._check_process()
        self._closed = True
        close = self._close
        if close:
            self._close = None
            close()

    def join_thread(self):
        """Wait for the feeder thread to flush the buffered items (after close())."""
        assert self._closed, "Queue {0!r} not closed".format(self)
        if self._jointhread:
            self._jointhread()

    def cancel_join_thread(self):
        """Do not wait for the feeder thread at exit (buffered items may be lost)."""
        self._joincancelled = True
        try:
            self._jointhread.cancel()
        except AttributeError:
            pass

    def _start_thread(self):
        self._thread = threading.Thread(
            target=Queue._feed,
            args=(self._buffer, self._notempty, self._writer, self._wlock,
                  self._reader.close, self._ignore_epipe, self._sem),
            name='QueueFeederThread', daemon=True)
        self._thread.start()
        if not self._joincancelled:
            self._jointhread = util.Finalize(self._thread, Queue._finalize_join,
                                             [self._thread], exitpriority=-5)
        self._close = util.Finalize(self, Queue._finalize_close,
                                    [self._buffer, self._notempty], exitpriority=10)

    @staticmethod
    def _finalize_join(thread):
        thread.join()

    @staticmethod
    def _finalize_close(buffer, notempty):
        with notempty:
            buffer.append(_SENTINEL)
            notempty.notify()

    @staticmethod
    def _feed(buffer, notempty, writer, wlock, reader_close, ignore_epipe, sem):
        # The feeder thread: pickles the buffered objects and writes them to the pipe, one at a
        # time under the write lock (other processes write to the same pipe). An object that
        # cannot be pickled gives its place in the queue back and is reported, as in CPython.
        popleft = buffer.popleft
        send_bytes = writer.send_bytes
        while True:
            with notempty:
                while not buffer:
                    notempty.wait()
            try:
                while True:
                    obj = popleft()
                    if obj is _SENTINEL:
                        writer.close()
                        return
                    try:
                        data = _dumps(obj)  # before taking the lock, which other writers share
                    except Exception as exc:
                        if util.is_exiting():
                            return
                        sem.release()
                        _report_feeder_error(exc)
                        continue
                    with wlock:
                        send_bytes(data)
            except IndexError:
                pass
            except Exception as exc:
                if ignore_epipe and getattr(exc, 'errno', 0) == 32:
                    return
                if util.is_exiting():
                    return
                _report_feeder_error(exc)


def _report_feeder_error(exc):
    sys.excepthook(type(exc), exc, exc.__traceback__)


class JoinableQueue(Queue):
    """A Queue whose consumers call task_done() for each item, so join() can wait for all."""

    def __init__(self, maxsize=0, *, ctx=None):
        Queue.__init__(self, maxsize, ctx=ctx)
        self._unfinished_tasks = Semaphore(0)
        self._cond = Condition()

    def put(self, obj, block=True, timeout=None):
        self._accept(block, timeout)
        with self._notempty, self._cond:
            self._enqueue(obj)
            self._unfinished_tasks.release()

    def task_done(self):
        """Tell the queue that an item taken with get() has been processed."""
        with self._cond:
            if not self._unfinished_tasks.acquire(False):
                raise ValueError('task_done() called too many times')
            if self._unfinished_tasks._semlock._is_zero():
                self._cond.notify_all()

    def join(self):
        """Wait until every item put has been processed (task_done)."""
        with self._cond:
            if not self._unfinished_tasks._semlock._is_zero():
                self._cond.wait()


class SimpleQueue:
    """An unbounded queue shared by processes: put writes straight to the pipe."""

    def __init__(self, *, ctx=None):
        self._reader, self._writer = Pipe(duplex=False)
        self._rlock = Lock()
        self._wlock = Lock()

    def close(self):
        self._reader.close()
        self._writer.close()

    def empty(self):
        return not self._reader.poll()

    def get(self):
        with self._rlock:
            data = self._reader.recv_bytes()
        return _loads(data)

    def put(self, obj):
        data = _dumps(obj)
        with self._wlock:
            self._writer.send_bytes(data)
