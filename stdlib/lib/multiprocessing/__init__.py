# multiprocessing: processes with threading's API, for work the GIL would serialise. gilpy's
# package is written in Python over the native _multiprocessing (shared semaphores, shared
# memory, connections) and os.fork(), as CPython's is; the start method is fork.


from . import context

__all__ = ['Array', 'AuthenticationError', 'Barrier', 'BoundedSemaphore', 'BufferTooShort',
           'Condition', 'Event', 'JoinableQueue', 'Lock', 'Pipe', 'Pool', 'Process',
           'ProcessError', 'Queue', 'RLock', 'RawArray', 'RawValue', 'Semaphore',
           'SimpleQueue', 'TimeoutError', 'Value', 'active_children', 'cpu_count',
           'current_process', 'freeze_support', 'get_all_start_methods', 'get_context',
           'get_start_method', 'parent_process', 'set_start_method']

# The module's functions are the default context's methods, as in CPython.
_default = context._default_context
Process = context.Process
ProcessError = context.ProcessError
BufferTooShort = context.BufferTooShort
TimeoutError = context.TimeoutError
AuthenticationError = context.AuthenticationError
for _name in __all__:
    if _name not in globals():
        globals()[_name] = getattr(_default, _name)
del _name, _default

SUBDEBUG = 5
SUBWARNING = 25
