"""Pathname operations on POSIX paths (CPython 3.11's os.path, the basics gilpy offers):
join, split, basename, dirname, splitext, normpath, abspath, isabs, exists, isfile, isdir."""

__all__ = ['abspath', 'basename', 'curdir', 'dirname', 'exists', 'extsep', 'isabs', 'isdir',
           'isfile', 'join', 'normpath', 'pardir', 'pathsep', 'sep', 'split', 'splitext']

from posix import getcwd as _getcwd, _stat_mode

sep = '/'
altsep = None
extsep = '.'
pathsep = ':'
curdir = '.'
pardir = '..'
defpath = '/bin:/usr/bin'
devnull = '/dev/null'

_S_IFMT = 0o170000
_S_IFDIR = 0o040000
_S_IFREG = 0o100000


def _fspath(p):
    if isinstance(p, str):
        return p
    import os
    return os.fspath(p)


def _join_arg(p):
    if not isinstance(p, str) and getattr(type(p), '__fspath__', None) is None:
        raise TypeError('join() argument must be str, bytes, or os.PathLike object, '
                        f'not {type(p).__name__!r}')
    p = _fspath(p)
    if not isinstance(p, str):
        raise TypeError("gilpy's os.path handles str paths only")
    return p


def join(a, *p):
    """Joins path components with '/': an absolute component discards what came before it."""
    path = _join_arg(a)
    for b in p:
        b = _join_arg(b)
        if b.startswith('/'):
            path = b
        elif not path or path.endswith('/'):
            path += b
        else:
            path += '/' + b
    return path


def split(p):
    """(head, tail): tail is the part after the last '/', head the rest without trailing
    slashes (unless it is only slashes)."""
    p = _fspath(p)
    i = p.rfind('/') + 1
    head, tail = p[:i], p[i:]
    if head and head != '/' * len(head):
        head = head.rstrip('/')
    return head, tail


def basename(p):
    """The final component of a pathname."""
    p = _fspath(p)
    return p[p.rfind('/') + 1:]


def dirname(p):
    """The directory component of a pathname."""
    return split(p)[0]


def splitext(p):
    """(root, ext): ext is the last dot and what follows it in the final component, unless the
    component is only leading dots before it; root + ext == p."""
    p = _fspath(p)
    slash = p.rfind('/')
    dot = p.rfind('.')
    if dot > slash:
        # Leading dots of the file name (".bashrc") do not start an extension.
        for c in p[slash + 1:dot]:
            if c != '.':
                return p[:dot], p[dot:]
    return p, p[:0]


def isabs(s):
    """Whether a path is absolute."""
    return _fspath(s).startswith('/')


def normpath(path):
    """Collapses redundant separators and '.' components, and 'x/..' pairs."""
    path = _fspath(path)
    if not path:
        return '.'
    leading = 0
    if path.startswith('/'):
        # POSIX keeps exactly two leading slashes (implementation-defined), else one.
        leading = 2 if path.startswith('//') and not path.startswith('///') else 1
    parts = []
    for part in path.split('/'):
        if part == '' or part == '.':
            continue
        if part == '..':
            if parts and parts[-1] != '..':
                parts.pop()
                continue
            if leading:
                continue
        parts.append(part)
    result = '/' * leading + '/'.join(parts)
    return result or '.'


def abspath(path):
    """The normalized absolute form of a path."""
    path = _fspath(path)
    if not isabs(path):
        path = join(_getcwd(), path)
    return normpath(path)


def _mode(path):
    # st_mode or None; a path of a wrong type gets stat()'s TypeError.
    if getattr(type(path), '__fspath__', None) is not None:
        path = _fspath(path)
    return _stat_mode(path)


def exists(path):
    """Whether path names an existing file or directory (broken symlinks do not exist)."""
    return _mode(path) is not None


def isfile(path):
    """Whether path names an existing regular file."""
    mode = _mode(path)
    return mode is not None and mode & _S_IFMT == _S_IFREG


def isdir(path):
    """Whether path names an existing directory."""
    mode = _mode(path)
    return mode is not None and mode & _S_IFMT == _S_IFDIR
