# multiprocessing.connection: Connection objects (message passing over a pipe or a socket pair,
# pickled objects or raw bytes), Pipe() and wait(). The Connection type is native
# (_multiprocessing), so a message costs one system call each way and no Python-level framing.

from _multiprocessing import Connection, Pipe, wait

__all__ = ['Connection', 'Pipe', 'wait']
