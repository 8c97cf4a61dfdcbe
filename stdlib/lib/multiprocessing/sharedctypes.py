# multiprocessing.sharedctypes: values and arrays of C types in shared memory that a forked
# child shares with its parent (RawValue, RawArray: native, in _multiprocessing), and the same
# wrapped with a process-shared lock (Value, Array). A wrapper takes its lock for each single
# access, so `v.value += 1` is still a read then a write: exact only inside `with v.get_lock():`.

from _multiprocessing import RawValue, RawArray

__all__ = ['RawValue', 'RawArray', 'Value', 'Array', 'synchronized']


def _new_lock(lock):
    if lock is True or lock is None:
        from .synchronize import RLock
        return RLock()
    if not hasattr(lock, 'acquire'):
        raise AttributeError("%r has no method 'acquire'" % lock)
    return lock


def Value(typecode_or_type, *args, lock=True, ctx=None):
    """A shared value of a C type, synchronized by a lock unless lock is False."""
    obj = RawValue(typecode_or_type, *args)
    if lock is False:
        return obj
    return synchronized(obj, _new_lock(lock))


def Array(typecode_or_type, size_or_initializer, *, lock=True, ctx=None):
    """A shared array of a C type, synchronized by a lock unless lock is False."""
    obj = RawArray(typecode_or_type, size_or_initializer)
    if lock is False:
        return obj
    return synchronized(obj, _new_lock(lock))


def synchronized(obj, lock=None, ctx=None):
    """obj wrapped so that each access takes lock (a new RLock if None)."""
    type_name = type(obj).__name__
    if type_name.startswith('c_char_Array_'):
        return SynchronizedString(obj, lock)
    if '_Array_' in type_name:
        return SynchronizedArray(obj, lock)
    return Synchronized(obj, lock)


class SynchronizedBase:

    def __init__(self, obj, lock=None, ctx=None):
        self._obj = obj
        self._lock = _new_lock(lock)
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def get_obj(self):
        return self._obj

    def get_lock(self):
        return self._lock

    def __repr__(self):
        return '<%s wrapper for %s>' % (type(self).__name__, self._obj)


class Synchronized(SynchronizedBase):

    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, value):
        with self._lock:
            self._obj.value = value


class SynchronizedArray(SynchronizedBase):

    def __len__(self):
        return len(self._obj)

    def __getitem__(self, i):
        with self._lock:
            return self._obj[i]

    def __setitem__(self, i, value):
        with self._lock:
            self._obj[i] = value


class SynchronizedString(SynchronizedArray):

    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, value):
        with self._lock:
            self._obj.value = value

    @property
    def raw(self):
        with self._lock:
            return self._obj.raw

    @raw.setter
    def raw(self, value):
        with self._lock:
            self._obj.raw = value
