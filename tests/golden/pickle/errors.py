# pickle's errors: unpicklable objects (TypeError, PicklingError, local objects), bad protocol
# arguments, and truncated or corrupt input (UnpicklingError/EOFError, never a crash), with
# CPython 3.11's messages. The expected output is python3 3.11's.
import pickle


def outer():
    def inner():
        pass

    class Local:
        pass

    return inner, Local


inner, Local = outer()


def gen():
    yield 1


def show(f, *args):
    try:
        r = f(*args)
        print('ok', r)
    except Exception as e:
        msg = str(e)
        if ' at 0x' in msg:
            # Function reprs carry addresses: keep the text around them.
            start = msg.index(' at 0x')
            msg = msg[:start] + msg[msg.index('>', start):]
        print(type(e).__name__, msg)


show(pickle.dumps, lambda: 1)
show(pickle.dumps, inner)
show(pickle.dumps, Local)
show(pickle.dumps, Local())
show(pickle.dumps, gen())
show(pickle.dumps, pickle)
show(pickle.dumps, [1, 2, gen()])
show(pickle.dumps, 1, 6)
show(pickle.dumps, 1, 1.5)
show(pickle.dumps, 1, -1)
show(pickle.loads, 'text')
show(pickle.dump, 1, 'not a file')

good = pickle.dumps([1, 'two', (3.0, b'four'), {5: None}], 4)
for cut in range(len(good)):
    try:
        pickle.loads(good[:cut])
        print(cut, 'loaded')
    except (pickle.UnpicklingError, EOFError) as e:
        print(cut, type(e).__name__, e)

for data in [b'', b'\x80', b'x', b'\x80\x07N.', b'\x80\x02h\x05.', b'\x80\x02a.', b'\x80\x02(.',
             b'\x80\x02X\x05\x00\x00\x00ab.', b'\x80\x02cnomodule_here\nx\n.', b'\x80\x02Na',
             b'\x80\x02N\x00', b'\xff', b'\x80\x02]N\x85e.', b'\x80\x02.', b'\x80\x020.',
             b'\x80\x02(0N.', b'\x80\x02N2\x86.', b'\x80\x04\x95\xff\x00\x00\x00\x00\x00\x00\x00N.',
             b'\x80\x02}K\x01s.', b'\x80\x02]K\x01K\x02\x86a.', b'\x80\x02K\x01K\x02R.',
             b'\x80\x04\x8c\x04mainx\x8c\x01y\x93.', b'\x80\x02j\x00\x00\x00\x01.']:
    try:
        print(repr(pickle.loads(data)))
    except ModuleNotFoundError as e:
        print('ModuleNotFoundError', e)
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
