# multiprocessing.synchronize: Lock, RLock, Semaphore, BoundedSemaphore, Condition, Event and
# Barrier that work across processes. Each is built on _multiprocessing.SemLock, a semaphore in
# shared memory that a forked child shares with its parent; waiting on one releases the GIL.

import sys
import threading

from _multiprocessing import SemLock as _NativeSemLock, SEM_VALUE_MAX
from . import process
from .sharedctypes import RawArray

__all__ = ['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition', 'Event', 'Barrier']

RECURSIVE_MUTEX, SEMAPHORE = list(range(2))


class SemLock:
    """The shared semaphore behind every primitive here."""

    def __init__(self, kind, value, maxvalue, *, ctx=None):
        self._semlock = _NativeSemLock(kind, value, maxvalue)
        self.acquire = self._semlock.acquire
        self.release = self._semlock.release

    def __enter__(self):
        return self._semlock.__enter__()

    def __exit__(self, *args):
        return self._semlock.__exit__(*args)


class Semaphore(SemLock):

    def __init__(self, value=1, *, ctx=None):
        SemLock.__init__(self, SEMAPHORE, value, SEM_VALUE_MAX, ctx=ctx)

    def get_value(self):
        return self._semlock._get_value()

    def __repr__(self):
        return '<%s(value=%s)>' % (self.__class__.__name__, self._semlock._get_value())


class BoundedSemaphore(Semaphore):

    def __init__(self, value=1, *, ctx=None):
        SemLock.__init__(self, SEMAPHORE, value, value, ctx=ctx)

    def __repr__(self):
        return '<%s(value=%s, maxvalue=%s)>' % (self.__class__.__name__,
                                               self._semlock._get_value(),
                                               self._semlock.maxvalue)


def _owner_name():
    name = process.current_process().name
    thread_name = threading.current_thread().name
    if thread_name != 'MainThread':
        name += '|' + thread_name
    return name


class Lock(SemLock):

    def __init__(self, *, ctx=None):
        SemLock.__init__(self, SEMAPHORE, 1, 1, ctx=ctx)

    def __repr__(self):
        if self._semlock._is_mine():
            owner = _owner_name()
        elif self._semlock._get_value() == 1:
            owner = 'None'
        elif self._semlock._count() > 0:
            owner = 'SomeOtherThread'
        else:
            owner = 'SomeOtherProcess'
        return '<%s(owner=%s)>' % (self.__class__.__name__, owner)


class RLock(SemLock):

    def __init__(self, *, ctx=None):
        SemLock.__init__(self, RECURSIVE_MUTEX, 1, 1, ctx=ctx)

    def __repr__(self):
        if self._semlock._is_mine():
            owner, count = _owner_name(), self._semlock._count()
        elif self._semlock._get_value() == 1:
            owner, count = 'None', 0
        elif self._semlock._count() > 0:
            owner, count = 'SomeOtherThread', 'nonzero'
        else:
            owner, count = 'SomeOtherProcess', 'nonzero'
        return '<%s(%s, %s)>' % (self.__class__.__name__, owner, count)


class Condition:
    """A condition variable across processes. A waiter counts itself in sleeping, releases
    the lock fully (however deep an RLock is held) and sleeps on a semaphore; notify(n) wakes
    up to n sleepers and waits until each has woken, so a notification is never lost to a
    waiter that has not yet gone to sleep and never taken by one that arrives later."""

    def __init__(self, lock=None, *, ctx=None):
        self._lock = lock or RLock()
        self._sleeping = Semaphore(0)
        self._woken = Semaphore(0)
        self._wakeup = Semaphore(0)
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        try:
            waiters = (self._sleeping._semlock._get_value() -
                       self._woken._semlock._get_value())
        except Exception:
            waiters = 'unknown'
        return '<%s(%s, %s)>' % (self.__class__.__name__, self._lock, waiters)

    def wait(self, timeout=None):
        assert self._lock._semlock._is_mine(), 'must acquire() condition before using wait()'
        self._sleeping.release()
        depth = self._lock._semlock._count()
        for _ in range(depth):
            self._lock.release()
        try:
            return self._wakeup.acquire(True, timeout)
        finally:
            self._woken.release()
            for _ in range(depth):
                self._lock.acquire()

    def notify(self, n=1):
        assert self._lock._semlock._is_mine(), 'lock is not owned'
        assert not self._wakeup.acquire(False)
        # Waiters that timed out since the last notify are sleeping no more.
        while self._woken.acquire(False):
            gone = self._sleeping.acquire(False)
            assert gone, 'notify: Bug in sleeping_count.acquire - res should not be False'
        woken = 0
        while woken < n and self._sleeping.acquire(False):
            self._wakeup.release()
            woken += 1
        if woken:
            for _ in range(woken):
                self._woken.acquire()
            # A waiter that timed out meanwhile left its wake-up unused.
            while self._wakeup.acquire(False):
                pass

    def notify_all(self):
        self.notify(n=sys.maxsize)

    def wait_for(self, predicate, timeout=None):
        result = predicate()
        if result:
            return result
        if timeout is not None:
            endtime = _monotonic() + timeout
        else:
            endtime = None
            waittime = None
        while not result:
            if endtime is not None:
                waittime = endtime - _monotonic()
                if waittime <= 0:
                    break
            self.wait(waittime)
            result = predicate()
        return result


def _monotonic():
    import time
    return time.monotonic()


class Event:
    """A flag shared by processes: set, clear, wait."""

    def __init__(self, *, ctx=None):
        self._cond = Condition(Lock())
        self._flag = Semaphore(0)

    def is_set(self):
        with self._cond:
            if self._flag.acquire(False):
                self._flag.release()
                return True
            return False

    def set(self):
        with self._cond:
            self._flag.acquire(False)
            self._flag.release()
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag.acquire(False)

    def wait(self, timeout=None):
        with self._cond:
            if self._flag.acquire(False):
                self._flag.release()
            else:
                self._cond.wait(timeout)
            if self._flag.acquire(False):
                self._flag.release()
                return True
            return False

    def __repr__(self):
        set_status = 'set' if self.is_set() else 'unset'
        return f"<{type(self).__qualname__} at {id(self):#x} {set_status}>"


class Barrier(threading.Barrier):
    """threading's Barrier with its state and count in shared memory and a shared Condition."""

    def __init__(self, parties, action=None, timeout=None, *, ctx=None):
        self._array = RawArray('i', 2)
        threading.Barrier.__init__(self, parties, action, timeout)
        self._cond = Condition()

    @property
    def _state(self):
        return self._array[0]

    @_state.setter
    def _state(self, value):
        self._array[0] = value

    @property
    def _count(self):
        return self._array[1]

    @_count.setter
    def _count(self, value):
        self._array[1] = value
