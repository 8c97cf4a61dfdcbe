"""atexit: functions to run when the interpreter finishes its main program.

Written in Python over nothing: the callbacks live in this module, which is one per interpreter,
and the embedding layer calls _run_exitfuncs() after threading has joined its threads, the order
CPython's finalisation uses.
"""

import sys

__all__ = ['register', 'unregister']

_callbacks = []


def register(func, *args, **kwargs):
    if not callable(func):
        raise TypeError('the first argument must be callable')
    _callbacks.append((func, args, kwargs))
    return func


def unregister(func):
    # Equality, not identity, as CPython: a bound method registered twice matches either way.
    _callbacks[:] = [entry for entry in _callbacks if entry[0] != func]


def _clear():
    del _callbacks[:]


def _ncallbacks():
    return len(_callbacks)


def _run_exitfuncs():
    # Last registered, first run; a failing callback is reported and the others still run.
    while _callbacks:
        func, args, kwargs = _callbacks.pop()
        try:
            func(*args, **kwargs)
        except BaseException as exc:
            try:
                sys.stdout.flush()
            except Exception:
                pass
            print('Exception ignored in atexit callback:', repr(func), file=sys.stderr)
            # The report starts at the callback, not at this loop.
            tb = exc.__traceback__
            sys.excepthook(type(exc), exc, tb.tb_next if tb is not None else None)
