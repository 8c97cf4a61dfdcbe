"""Operating-system interfaces (CPython 3.11's os module, the basics gilpy offers): the
working directory, directory listings, creating and removing files and directories, the
process environment (environ, getenv, putenv, unsetenv), the path constants and os.path, and
the process calls (getppid, fork, _exit, kill, waitpid and the W* status functions, pipe, read,
write, close, cpu_count); the system calls come from the native posix module.
"""

__all__ = ['altsep', 'curdir', 'defpath', 'devnull', 'environ', 'extsep', 'fspath', 'getcwd',
           'getenv', 'getpid', 'linesep', 'listdir', 'mkdir', 'name', 'pardir', 'path',
           'pathsep', 'putenv', 'remove', 'rmdir', 'sep', 'unlink', 'unsetenv', 'getppid',
           'fork', '_exit', 'kill', 'waitpid', 'WNOHANG', 'WUNTRACED', 'WCONTINUED',
           'WIFEXITED', 'WEXITSTATUS', 'WIFSIGNALED', 'WTERMSIG', 'WIFSTOPPED', 'WSTOPSIG',
           'waitstatus_to_exitcode', 'pipe', 'read', 'write', 'close', 'cpu_count',
           'register_at_fork', 'sched_getaffinity', 'abort']

import posix as _posix
from posix import getcwd, listdir, getpid, mkdir, remove, rmdir, unlink
from posix import (abort, getppid, _exit, kill, waitpid, WNOHANG, WUNTRACED, WCONTINUED,
                   WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG, WIFSTOPPED, WSTOPSIG,
                   waitstatus_to_exitcode, pipe, read, write, close, cpu_count)

name = 'posix'
sep = '/'
altsep = None
extsep = '.'
pathsep = ':'
linesep = '\n'
curdir = '.'
pardir = '..'
defpath = '/bin:/usr/bin'
devnull = '/dev/null'


def fspath(path):
    """The str or bytes form of a path: path itself, or what its __fspath__() returns."""
    if isinstance(path, (str, bytes)):
        return path
    method = getattr(type(path), '__fspath__', None)
    if method is None:
        raise TypeError('expected str, bytes or os.PathLike object, not '
                        + type(path).__name__)
    result = method(path)
    if isinstance(result, (str, bytes)):
        return result
    raise TypeError(f'expected {type(path).__name__}.__fspath__() to return str or bytes, '
                    f'not {type(result).__name__}')


# register_at_fork's callables, per interpreter because this module is.
_before_fork = []
_after_fork_in_parent = []
_after_fork_in_child = []


def register_at_fork(*, before=None, after_in_child=None, after_in_parent=None):
    """Register callables to run around fork(): before it (last registered first), and after
    it in the parent or in the child (first registered first)."""
    if before is None and after_in_child is None and after_in_parent is None:
        raise TypeError('At least one argument is required.')
    for name, func in (('before', before), ('after_in_child', after_in_child),
                       ('after_in_parent', after_in_parent)):
        if func is not None and not callable(func):
            raise TypeError(f"'{name}' must be callable, not {type(func).__name__}")
    if before is not None:
        _before_fork.append(before)
    if after_in_child is not None:
        _after_fork_in_child.append(after_in_child)
    if after_in_parent is not None:
        _after_fork_in_parent.append(after_in_parent)


def _run_fork_hooks(hooks):
    # As CPython: a failing hook is reported and the fork goes on.
    for func in hooks:
        try:
            func()
        except BaseException as exc:
            import sys
            print('Exception ignored in:', repr(func), file=sys.stderr)
            tb = exc.__traceback__
            sys.excepthook(type(exc), exc, tb.tb_next if tb is not None else None)


def fork():
    """Fork a child process: 0 in the child, the child's process id in the parent."""
    _run_fork_hooks(reversed(_before_fork))
    pid = _posix.fork()
    _run_fork_hooks(_after_fork_in_child if pid == 0 else _after_fork_in_parent)
    return pid


def sched_getaffinity(pid):
    """The set of CPUs the process [pid] (0: this one) may run on."""
    return _posix.sched_getaffinity(pid)


def _check_env(value):
    if not isinstance(value, str):
        raise TypeError(f'str expected, not {type(value).__name__}')
    return value


class _Environ:
    """The process environment as a mapping of str to str; changes are passed on to the
    process (putenv/unsetenv), so child processes see them."""

    def __init__(self, data):
        self._data = data

    def __getitem__(self, key):
        try:
            return self._data[_check_env(key)]
        except KeyError:
            raise KeyError(key) from None

    def __setitem__(self, key, value):
        _check_env(key)
        _check_env(value)
        _posix.putenv(key, value)
        self._data[key] = value

    def __delitem__(self, key):
        _check_env(key)
        _posix.unsetenv(key)
        try:
            del self._data[key]
        except KeyError:
            raise KeyError(key) from None

    def __iter__(self):
        # A snapshot, so the loop body may change the environment.
        return iter(list(self._data))

    def __len__(self):
        return len(self._data)

    def __contains__(self, key):
        return _check_env(key) in self._data

    def __repr__(self):
        items = ', '.join(f'{key!r}: {value!r}' for key, value in self._data.items())
        return f'environ({{{items}}})'

    def __eq__(self, other):
        if isinstance(other, _Environ):
            other = other._data
        return self._data == other

    __hash__ = None

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def copy(self):
        """A plain dict of the environment."""
        return dict(self._data)

    def setdefault(self, key, value):
        if key not in self:
            self[key] = value
        return self[key]

    _marker = object()

    def pop(self, key, default=_marker):
        try:
            value = self[key]
        except KeyError:
            if default is _Environ._marker:
                raise
            return default
        del self[key]
        return value

    def popitem(self):
        if not self._data:
            raise KeyError('popitem(): dictionary is empty')
        key = next(iter(self._data))
        return key, self.pop(key)

    def clear(self):
        for key in list(self._data):
            del self[key]

    def update(self, other=(), /, **kwds):
        items = other.items() if hasattr(other, 'keys') else other
        for key, value in items:
            self[key] = value
        for key, value in kwds.items():
            self[key] = value

    def __or__(self, other):
        if not isinstance(other, (dict, _Environ)):
            return NotImplemented
        new = dict(self._data)
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, (dict, _Environ)):
            return NotImplemented
        new = dict(other)
        new.update(self._data)
        return new

    def __ior__(self, other):
        self.update(other)
        return self


environ = _Environ(_posix._environ())


def getenv(key, default=None):
    """The environment variable key if it exists, else default."""
    return environ.get(key, default)


def putenv(key, value):
    """Sets an environment variable for the process without updating os.environ."""
    _posix.putenv(key, value)


def unsetenv(key):
    """Removes an environment variable from the process without updating os.environ."""
    _posix.unsetenv(key)


# By its dotted name: gilpy's `from os import path` does not import submodules yet.
import os.path as path
