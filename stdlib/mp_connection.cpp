// Part of _multiprocessing (stdlib/multiprocessing.hpp): Connection, Pipe and wait, CPython's
// multiprocessing.connection over a file descriptor, written natively.
//
// The wire format is CPython's, so gilpy and CPython processes can talk: a 4-byte big-endian
// signed length, then the payload; a payload longer than 0x7fffffff gets the length -1 and then
// an 8-byte length. A message goes out in one writev()/sendmsg() (header and payload, no copy),
// and comes in as two reads: the header, then the payload straight into a new bytes object.
// Never reading past the message matters: several processes may share one reading end (a
// Queue), each taking whole messages under a lock.
//
// A transfer first goes as far as it can without blocking, GIL held (MSG_DONTWAIT, RWF_NOWAIT);
// whatever would block, and every wait, releases the GIL through the blocking seam. A blocked
// main thread sees Ctrl-C promptly: it waits for readiness in slices of kSignalPollNs, and a
// read or write cut short by a signal (the runtime's SIGINT handler has no SA_RESTART) is
// followed by a look at the pending signal. SIGPIPE never kills the process here: sockets send
// with MSG_NOSIGNAL, and a pipe write, when the process does not ignore SIGPIPE, blocks it for
// the call and swallows the one it raised, so a write to a closed end is BrokenPipeError as in
// CPython (which ignores SIGPIPE at start-up).
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/blocking.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/multiprocessing.hpp"
#include "stdlib/pickle.hpp"

namespace gilpy::stdlib {

using namespace runtime;

extern TypeObject kConnectionType;

namespace {

// Lengths up to this go in the 4-byte header; longer ones after a -1.
constexpr uint64_t kMaxShortLength = 0x7fffffff;

struct ConnectionObject : Object {
    int fd = -1;  // -1: closed
    bool readable = true;
    bool writable = true;
    bool is_socket = false;        // sends use sendmsg(MSG_NOSIGNAL)
    bool sigpipe_ignored = false;  // pipe writes need no SIGPIPE guard
    bool try_nowait = true;        // false once the kernel refused RWF_NOWAIT on this descriptor
    explicit ConnectionObject(TypeObject* t) : Object(t) {}
};

inline bool is_connection(Value v) {
    return v.is_object() && is_subtype(v.as_object()->type, &kConnectionType);
}

// ---------------------------------------------------------------------------------------------
// Descriptor I/O. Each transfer first goes as far as it can without blocking, with the GIL
// held (recv/sendmsg with MSG_DONTWAIT on sockets, preadv2/pwritev2 with RWF_NOWAIT on pipes):
// a message already waiting costs its two reads and nothing else. Only what would block is
// done with the GIL released, by the functions below that touch no object, only the memory
// they are given, and report what happened for the caller to raise.

enum class Io { Ok, Eof, EofMid, Interrupted, Error };

struct IoResult {
    Io status = Io::Ok;
    int err = 0;
};

bool would_block(int err) {
    return err == EAGAIN || err == EWOULDBLOCK;
}

// The kernel does not support RWF_NOWAIT for this descriptor (older kernels, some files).
bool nowait_unsupported(int err) {
    return err == EOPNOTSUPP || err == EINVAL;
}

// In the main thread: waits until [fd] is ready for [events], in slices so that a pending
// Ctrl-C is seen within kSignalPollNs; false if a signal is pending. An error condition
// counts as ready: the read or write that follows reports it.
bool wait_main_ready(const ThreadState& ts, int fd, short events) {
    pollfd p{fd, events, 0};
    for (;;) {
        if (signal_pending(ts)) return false;
        timespec slice{0, kSignalPollNs};
        int r = ::ppoll(&p, 1, &slice, nullptr);
        if (r > 0 || (r < 0 && errno != EINTR)) return true;
    }
}

// Blocking reads (GIL released) until [p] holds [n] bytes, of which [done] are already there.
// Eof: the input ended before the first byte; EofMid: after some. The main thread waits for
// readiness in slices before each read.
IoResult read_blocking(const ThreadState& ts, int fd, char* p, size_t n, size_t done) {
    while (done < n) {
        if (ts.is_main && !wait_main_ready(ts, fd, POLLIN)) return {Io::Interrupted, 0};
        ssize_t r = ::read(fd, p + done, n - done);
        if (r > 0) {
            done += static_cast<size_t>(r);
        } else if (r == 0) {
            return {done == 0 ? Io::Eof : Io::EofMid, 0};
        } else if (errno != EINTR) {
            return {Io::Error, errno};
        } else if (signal_pending(ts)) {
            return {Io::Interrupted, 0};
        }
    }
    return {};
}

// One read that never blocks: bytes read, 0 at end of input, -1 with errno.
ssize_t read_nowait(const ConnectionObject* c, char* p, size_t n) {
    if (c->is_socket) return ::recv(c->fd, p, n, MSG_DONTWAIT);
    iovec v{p, n};
    return ::preadv2(c->fd, &v, 1, -1, RWF_NOWAIT);
}

// Reads exactly [n] bytes into [p] from [c] (GIL held; released only to wait).
IoResult read_fully(ThreadState& ts, ConnectionObject* c, char* p, size_t n) {
    size_t done = 0;
    while (c->try_nowait && done < n) {
        ssize_t r = read_nowait(c, p + done, n - done);
        if (r > 0) {
            done += static_cast<size_t>(r);
        } else if (r == 0) {
            return {done == 0 ? Io::Eof : Io::EofMid, 0};
        } else if (would_block(errno)) {
            break;
        } else if (!c->is_socket && nowait_unsupported(errno)) {
            c->try_nowait = false;
        } else if (errno != EINTR) {
            return {Io::Error, errno};
        }
    }
    if (done == n) return {};
    int fd = c->fd;
    BlockingSection blocked(ts);
    return read_blocking(ts, fd, p, n, done);
}

// Blocks SIGPIPE in this thread for its lifetime; a SIGPIPE that a write raised meanwhile is
// consumed before unblocking, so it never reaches the process's default action (death).
class SigpipeGuard {
  public:
    SigpipeGuard() {
        sigemptyset(&pipe_set_);
        sigaddset(&pipe_set_, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_set_, &old_);
    }
    ~SigpipeGuard() {
        if (raised) {
            timespec zero{0, 0};
            while (sigtimedwait(&pipe_set_, nullptr, &zero) < 0 && errno == EINTR) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SigpipeGuard(const SigpipeGuard&) = delete;
    SigpipeGuard& operator=(const SigpipeGuard&) = delete;

    bool raised = false;  // a write failed with EPIPE

  private:
    sigset_t pipe_set_;
    sigset_t old_;
};

// Drops [written] bytes from the front of [iov]/[count].
void advance(iovec*& iov, int& count, size_t written) {
    while (count > 0 && written >= iov->iov_len) {
        written -= iov->iov_len;
        ++iov;
        --count;
    }
    if (count > 0) {
        iov->iov_base = static_cast<char*>(iov->iov_base) + written;
        iov->iov_len -= written;
    }
}

ssize_t write_once(int fd, bool is_socket, const iovec* iov, int count, bool nowait) {
    if (is_socket) {
        msghdr msg{};
        msg.msg_iov = const_cast<iovec*>(iov);
        msg.msg_iovlen = static_cast<size_t>(count);
        return ::sendmsg(fd, &msg, MSG_NOSIGNAL | (nowait ? MSG_DONTWAIT : 0));
    }
    if (nowait) return ::pwritev2(fd, iov, count, -1, RWF_NOWAIT);
    return ::writev(fd, iov, count);
}

// Blocking writes (GIL released) of every byte of [iov]. The main thread waits for room in
// slices before each write; a write cut short by a signal returns what it wrote, so the
// pending signal is looked at after each one too.
IoResult write_blocking(const ThreadState& ts, int fd, bool is_socket, iovec* iov, int count) {
    while (count > 0) {
        if (ts.is_main && !wait_main_ready(ts, fd, POLLOUT)) return {Io::Interrupted, 0};
        ssize_t r = write_once(fd, is_socket, iov, count, false);
        if (r >= 0) {
            advance(iov, count, static_cast<size_t>(r));
        } else if (errno != EINTR) {
            return {Io::Error, errno};
        } else if (signal_pending(ts)) {
            return {Io::Interrupted, 0};
        }
    }
    return {};
}

// Writes every byte of [iov] (modified as it goes) to [c] (GIL held; released only to wait).
IoResult write_fully(ThreadState& ts, ConnectionObject* c, iovec* iov, int count) {
    advance(iov, count, 0);
    while (c->try_nowait && count > 0) {
        ssize_t r = write_once(c->fd, c->is_socket, iov, count, true);
        if (r >= 0) {
            advance(iov, count, static_cast<size_t>(r));
        } else if (would_block(errno)) {
            break;
        } else if (!c->is_socket && nowait_unsupported(errno)) {
            c->try_nowait = false;
        } else if (errno != EINTR) {
            return {Io::Error, errno};
        }
    }
    if (count == 0) return {};
    int fd = c->fd;
    bool is_socket = c->is_socket;
    BlockingSection blocked(ts);
    return write_blocking(ts, fd, is_socket, iov, count);
}

// The header for a payload of [size] bytes; its length (4 or 12).
size_t make_header(uint64_t size, unsigned char (&out)[12]) {
    if (size <= kMaxShortLength) {
        for (int i = 0; i < 4; ++i)
            out[i] = static_cast<unsigned char>(size >> (24 - 8 * i));
        return 4;
    }
    std::memset(out, 0xff, 4);
    for (int i = 0; i < 8; ++i)
        out[4 + i] = static_cast<unsigned char>(size >> (56 - 8 * i));
    return 12;
}

// ---------------------------------------------------------------------------------------------
// Errors and checks, as CPython's _ConnectionBase raises them.

std::nullptr_t raise_closed(ThreadState& ts) {
    return raise(ts, &kOSErrorType, "handle is closed");
}

// The connection in [self] if open and readable; null if raised.
ConnectionObject* readable_connection(ThreadState& ts, Value self) {
    auto* c = self.as<ConnectionObject>();
    if (c->fd < 0) return raise_closed(ts);
    if (!c->readable) return raise(ts, &kOSErrorType, "connection is write-only");
    return c;
}

ConnectionObject* writable_connection(ThreadState& ts, Value self) {
    auto* c = self.as<ConnectionObject>();
    if (c->fd < 0) return raise_closed(ts);
    if (!c->writable) return raise(ts, &kOSErrorType, "connection is read-only");
    return c;
}

// An I/O failure as an exception (the GIL is held again).
std::nullptr_t raise_io(ThreadState& ts, IoResult r) {
    switch (r.status) {
        case Io::Eof:
            return raise_empty(ts, &kEOFErrorType);
        case Io::EofMid:
            return raise(ts, &kOSErrorType, "got end of file during message");
        case Io::Interrupted:
            if (!check_signals(ts)) return nullptr;
            return raise_os_error(ts, EINTR);
        case Io::Error:
            return raise_os_error(ts, r.err);
        case Io::Ok:
            break;
    }
    return nullptr;
}

void close_fd(ConnectionObject* c) {
    int fd = c->fd;
    c->fd = -1;
    // Linux releases the descriptor even when close() reports EINTR: never retry.
    if (fd >= 0) ::close(fd);
}

// ---------------------------------------------------------------------------------------------
// Sending

// Sends header + [payload] with the GIL released. [payload] must not change meanwhile (bytes,
// or a private copy).
bool send_message(ThreadState& ts, ConnectionObject* c, std::string_view payload) {
    unsigned char header[12];
    size_t header_len = make_header(payload.size(), header);
    iovec iov[2] = {{header, header_len}, {const_cast<char*>(payload.data()), payload.size()}};
    IoResult r;
    if (c->sigpipe_ignored) {
        r = write_fully(ts, c, iov, 2);
    } else {
        SigpipeGuard guard;
        r = write_fully(ts, c, iov, 2);
        guard.raised = r.status == Io::Error && r.err == EPIPE;
    }
    if (r.status != Io::Ok) {
        raise_io(ts, r);
        return false;
    }
    return true;
}

// send_bytes(buf, offset=0, size=None)
Owned connection_send_bytes(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"buf", "offset", "size"};
    Value a[3];
    if (!parse_args(ts, drop_self(args), "send_bytes", kNames, 1, a)) return nullptr;
    ConnectionObject* c = writable_connection(ts, args[0]);
    if (!c) return nullptr;
    std::string_view data;
    if (!bytes_like_view(a[0], &data)) {
        return raisef(ts, &kTypeErrorType, "memoryview: a bytes-like object is required, not '{}'",
                      type_name(a[0]));
    }
    int64_t n = static_cast<int64_t>(data.size());
    int64_t offset = 0;
    if (!a[1].is_null() && !index_int64(ts, a[1], &offset)) return nullptr;
    if (offset < 0) return raise(ts, &kValueErrorType, "offset is negative");
    if (n < offset) return raise(ts, &kValueErrorType, "buffer length < offset");
    int64_t size = n - offset;
    if (!a[2].is_null() && !a[2].is_none()) {
        if (!index_int64(ts, a[2], &size)) return nullptr;
        if (size < 0) return raise(ts, &kValueErrorType, "size is negative");
        if (offset + size > n) return raise(ts, &kValueErrorType, "buffer length < offset + size");
    }
    data = data.substr(static_cast<size_t>(offset), static_cast<size_t>(size));
    // The GIL is released while writing: a bytearray could change meanwhile, bytes cannot.
    std::string copy;
    if (!is_bytes(a[0])) {
        copy.assign(data);
        data = copy;
    }
    if (!send_message(ts, c, data)) return nullptr;
    return Owned::none();
}

// send(obj): the pickle of [obj] (default protocol) as one message.
Owned connection_send(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"obj"};
    Value a[1];
    if (!parse_args(ts, drop_self(args), "send", kNames, 1, a)) return nullptr;
    ConnectionObject* c = writable_connection(ts, args[0]);
    if (!c) return nullptr;
    std::string payload;
    if (!pickle_into(ts, a[0], kPickleDefaultProtocol, payload)) return nullptr;
    // Pickling may have run Python code that closed the connection.
    if (c->fd < 0) return raise_closed(ts);
    if (!send_message(ts, c, payload)) return nullptr;
    return Owned::none();
}

// ---------------------------------------------------------------------------------------------
// Receiving

// A bytes object of [size] bytes for the caller to fill (the payload is read straight into
// it); null if memory ran out (no exception set).
Ref<BytesObject> alloc_bytes(uint64_t size) {
    if (size > static_cast<uint64_t>(PTRDIFF_MAX) - sizeof(BytesObject)) return nullptr;
    void* memory = ::operator new(sizeof(BytesObject) + size, std::nothrow);
    if (!memory) return nullptr;
    auto* b = static_cast<BytesObject*>(static_cast<Object*>(new (memory) Object(&kBytesType)));
    b->size = static_cast<int64_t>(size);
    b->hash = -1;
    b->data[size] = '\0';
    return Ref<BytesObject>::steal(b);
}

// CPython's _bad_message_length: a duplex connection stops reading, a read-only one closes.
std::nullptr_t bad_message_length(ThreadState& ts, ConnectionObject* c) {
    if (c->writable) {
        c->readable = false;
    } else {
        close_fd(c);
    }
    return raise(ts, &kOSErrorType, "bad message length");
}

// The next message as a bytes object; null if raised. A header announcing more than
// [maxlength] (-1: no limit) leaves the payload unread.
Ref<BytesObject> receive(ThreadState& ts, ConnectionObject* c, int64_t maxlength) {
    unsigned char header[8];
    IoResult r = read_fully(ts, c, reinterpret_cast<char*>(header), 4);
    if (r.status != Io::Ok) return raise_io(ts, r);
    auto raw = static_cast<int32_t>((uint32_t{header[0]} << 24) | (uint32_t{header[1]} << 16) |
                                    (uint32_t{header[2]} << 8) | uint32_t{header[3]});
    uint64_t size;
    if (raw == -1) {
        r = read_fully(ts, c, reinterpret_cast<char*>(header), 8);
        if (r.status != Io::Ok) return raise_io(ts, r);
        size = 0;
        for (unsigned char byte : header)
            size = (size << 8) | byte;
    } else {
        // CPython reads a negative length as an empty message.
        size = raw < 0 ? 0 : static_cast<uint64_t>(raw);
    }
    if (maxlength >= 0 &&
        (raw == -1 ? size > static_cast<uint64_t>(maxlength) : int64_t{raw} > maxlength)) {
        return bad_message_length(ts, c);
    }
    Ref<BytesObject> message = alloc_bytes(size);
    if (!message) return raise_empty(ts, &kMemoryErrorType);
    r = read_fully(ts, c, message->data, size);
    if (r.status != Io::Ok) return raise_io(ts, r);
    return message;
}

// recv_bytes(maxlength=None)
Owned connection_recv_bytes(ThreadState& ts, CallArgs args) {
    int64_t maxlength = -1;
    if (args.nargs != 1 || args.kwnames) {
        static const char* const kNames[] = {"maxlength"};
        Value a[1];
        if (!parse_args(ts, drop_self(args), "recv_bytes", kNames, 0, a)) return nullptr;
        if (!readable_connection(ts, args[0])) return nullptr;
        if (!a[0].is_null() && !a[0].is_none()) {
            if (!index_int64(ts, a[0], &maxlength)) return nullptr;
            if (maxlength < 0) return raise(ts, &kValueErrorType, "negative maxlength");
        }
    }
    ConnectionObject* c = readable_connection(ts, args[0]);
    if (!c) return nullptr;
    return receive(ts, c, maxlength);
}

// recv(): the next message, unpickled.
Owned connection_recv(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "recv", 0, 0)) return nullptr;
    ConnectionObject* c = readable_connection(ts, args[0]);
    if (!c) return nullptr;
    Ref<BytesObject> message = receive(ts, c, -1);
    if (!message) return nullptr;
    return unpickle_bytes(ts, message->view());
}

// multiprocessing.BufferTooShort(message), from the Python half of the package.
std::nullptr_t raise_buffer_too_short(ThreadState& ts, Ref<BytesObject> message) {
    if (!ts.interp.hooks.import) return raise(ts, &kImportErrorType, "__import__ not found");
    Owned package = ts.interp.hooks.import(ts, ts.interp.intern("multiprocessing"), nullptr, 0);
    if (!package) return nullptr;
    Owned type = get_attr(ts, package.get(), ts.interp.intern("BufferTooShort"));
    if (!type) return nullptr;
    Owned exc = call_values(ts, type.get(), {Value::from_object(message.get())});
    if (!exc) return nullptr;
    return set_exception(ts, std::move(exc));
}

// recv_bytes_into(buf, offset=0): the message copied into the bytearray [buf] at [offset];
// its length.
Owned connection_recv_bytes_into(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"buf", "offset"};
    Value a[2];
    if (!parse_args(ts, drop_self(args), "recv_bytes_into", kNames, 1, a)) return nullptr;
    ConnectionObject* c = readable_connection(ts, args[0]);
    if (!c) return nullptr;
    if (!is_bytearray(a[0])) {
        std::string_view unused;
        if (bytes_like_view(a[0], &unused)) {
            return raise(ts, &kTypeErrorType, "cannot receive into a read-only buffer");
        }
        return raisef(ts, &kTypeErrorType, "memoryview: a bytes-like object is required, not '{}'",
                      type_name(a[0]));
    }
    int64_t offset = 0;
    if (!a[1].is_null() && !index_int64(ts, a[1], &offset)) return nullptr;
    auto* target = a[0].as<ByteArrayObject>();
    if (offset < 0) return raise(ts, &kValueErrorType, "negative offset");
    if (offset > static_cast<int64_t>(target->data.size())) {
        return raise(ts, &kValueErrorType, "offset too large");
    }
    Owned keep = Owned::borrow(a[0]);
    Ref<BytesObject> message = receive(ts, c, -1);
    if (!message) return nullptr;
    // The bytearray may have changed size while the GIL was released: check again.
    int64_t room = static_cast<int64_t>(target->data.size()) - offset;
    if (room < message->size) return raise_buffer_too_short(ts, std::move(message));
    std::memcpy(target->data.data() + offset, message->data, static_cast<size_t>(message->size));
    return Owned::steal(Value::from_int(message->size));
}

// ---------------------------------------------------------------------------------------------
// Waiting for input: poll() and wait()

// A timeout argument: -1 for None (no deadline), else the monotonic deadline in ns. Computes
// monotonic() + timeout as CPython does, so a bad type raises CPython's TypeError.
bool deadline_from(ThreadState& ts, Value timeout, int64_t* deadline) {
    if (timeout.is_null() || timeout.is_none()) {
        *deadline = -1;
        return true;
    }
    int64_t now = monotonic_ns();
    double seconds;
    if (timeout.is_int()) {
        seconds = static_cast<double>(timeout.as_int());
    } else if (timeout.is_float()) {
        seconds = timeout.as_float();
    } else {
        Owned sum = binary_op(ts, Value::from_float(static_cast<double>(now) / 1e9), timeout,
                              BinaryOp::Add);
        if (!sum) return false;
        double end;
        if (!to_double(ts, sum.get(), &end)) return false;
        seconds = end - static_cast<double>(now) / 1e9;
    }
    if (!(seconds > 0)) {  // negative, zero or NaN: poll once
        *deadline = now;
    } else if (seconds > 1e9) {  // beyond thirty years: forever
        *deadline = -1;
    } else {
        *deadline = now + static_cast<int64_t>(seconds * 1e9);
    }
    return true;
}

// poll() on [fds] until one is ready or [deadline_ns] passes (-1: never), GIL released unless
// the deadline is already due. Returns the ready count (0: timed out), -1 if raised.
int poll_fds(ThreadState& ts, pollfd* fds, size_t count, int64_t deadline_ns) {
    int ready;
    int err = 0;
    bool interrupted = false;
    if (deadline_ns >= 0 && monotonic_ns() >= deadline_ns) {
        // A zero timeout never blocks: no need to give the GIL away.
        do {
            ready = ::poll(fds, count, 0);
        } while (ready < 0 && errno == EINTR && !signal_pending(ts));
        if (ready < 0) err = errno;
    } else {
        BlockingSection blocked(ts, /*is_io=*/false);
        for (;;) {
            if (signal_pending(ts)) {
                interrupted = true;
                ready = -1;
                break;
            }
            int64_t slice = -1;
            int64_t now = monotonic_ns();
            if (deadline_ns >= 0) slice = deadline_ns > now ? deadline_ns - now : 0;
            if (ts.is_main && (slice < 0 || slice > kSignalPollNs)) slice = kSignalPollNs;
            timespec t{static_cast<time_t>(slice / 1'000'000'000), slice % 1'000'000'000};
            ready = ::ppoll(fds, count, slice < 0 ? nullptr : &t, nullptr);
            if (ready > 0) break;
            if (ready < 0 && errno != EINTR) {
                err = errno;
                break;
            }
            if (ready == 0 && deadline_ns >= 0 && monotonic_ns() >= deadline_ns) break;
        }
    }
    if (interrupted || (ready < 0 && err == EINTR)) {
        if (!check_signals(ts)) return -1;
        raise_os_error(ts, EINTR);
        return -1;
    }
    if (ready < 0) {
        raise_os_error(ts, err);
        return -1;
    }
    return ready;
}

// poll(timeout=0.0): whether a message (or the end of input) is waiting; None waits forever.
Owned connection_poll(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"timeout"};
    Value a[1];
    if ((args.nargs != 1 || args.kwnames) &&
        !parse_args(ts, drop_self(args), "poll", kNames, 0, a)) {
        return nullptr;
    }
    ConnectionObject* c = readable_connection(ts, args[0]);
    if (!c) return nullptr;
    int64_t deadline = monotonic_ns();
    if (args.nargs != 1 || args.kwnames) {
        if (!deadline_from(ts, a[0].is_null() ? Value::from_float(0.0) : a[0], &deadline)) {
            return nullptr;
        }
    }
    pollfd p{c->fd, POLLIN, 0};
    int ready = poll_fds(ts, &p, 1, deadline);
    if (ready < 0) return nullptr;
    return Owned::from_bool(ready > 0);
}

// The descriptor of an object wait() was given, as selectors finds it.
bool fd_of(ThreadState& ts, Value obj, int* fd) {
    if (is_connection(obj)) {
        *fd = obj.as<ConnectionObject>()->fd;
        if (*fd < 0) {
            raise_closed(ts);
            return false;
        }
        return true;
    }
    int64_t n;
    if (is_int(obj)) {
        if (!index_int64(ts, obj, &n)) return false;
        if (n < 0) {
            raisef(ts, &kValueErrorType, "Invalid file descriptor: {}", n);
            return false;
        }
    } else {
        Owned method = get_attr_opt(ts, obj, ts.interp.intern("fileno"));
        Owned r = method ? call_values(ts, method.get(), {}) : Owned();
        if (!r && !ts.has_exception()) {
            Owned text = repr(ts, obj);
            if (!text) return false;
            raisef(ts, &kValueErrorType, "Invalid file object: {}",
                   text.get().as<StrObject>()->view());
            return false;
        }
        if (!r) return false;
        if (!is_int(r.get()) || !index_int64(ts, r.get(), &n)) {
            clear_exception(ts);
            Owned text = repr(ts, obj);
            if (!text) return false;
            raisef(ts, &kValueErrorType, "Invalid file object: {}",
                   text.get().as<StrObject>()->view());
            return false;
        }
        if (n < 0) {
            raisef(ts, &kValueErrorType, "Invalid file descriptor: {}", n);
            return false;
        }
    }
    if (n > INT32_MAX) {
        raise(ts, &kOverflowErrorType, "signed integer is greater than maximum");
        return false;
    }
    *fd = static_cast<int>(n);
    return true;
}

// wait(object_list, timeout=None): the objects (connections, descriptors, objects with a
// fileno()) ready to read or at end of input, in the order given.
Owned mp_wait(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"object_list", "timeout"};
    Value a[2];
    if (!parse_args(ts, args, "wait", kNames, 1, a)) return nullptr;
    std::vector<Owned> objects;
    std::vector<pollfd> fds;
    Owned it = get_iter(ts, a[0]);
    if (!it) return nullptr;
    while (Owned obj = iter_next(ts, it.get())) {
        int fd;
        if (!fd_of(ts, obj.get(), &fd)) return nullptr;
        for (size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd == fd) {
                Owned text = repr(ts, obj.get());
                if (!text) return nullptr;
                return raisef(ts, &kKeyErrorType, "{} (FD {}) is already registered",
                              text.get().as<StrObject>()->view(), fd);
            }
        }
        fds.push_back({fd, POLLIN, 0});
        objects.push_back(std::move(obj));
    }
    if (ts.has_exception()) return nullptr;
    int64_t deadline;
    if (!deadline_from(ts, a[1], &deadline)) return nullptr;
    int ready = poll_fds(ts, fds.data(), fds.size(), deadline);
    if (ready < 0) return nullptr;
    Ref<ListObject> result = new_list(ready);
    for (size_t i = 0; i < fds.size(); ++i) {
        if (fds[i].revents != 0) list_append_value(result.get(), objects[i].get());
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// Life cycle and attributes

bool ignores_sigpipe() {
    struct sigaction current {};
    return sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_IGN;
}

void init_connection(ConnectionObject* c, int fd, bool readable, bool writable) {
    c->fd = fd;
    c->readable = readable;
    c->writable = writable;
    struct stat st {};
    c->is_socket = ::fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
    c->sigpipe_ignored = c->is_socket || ignores_sigpipe();
}

Ref<ConnectionObject> new_connection(int fd, bool readable, bool writable) {
    Ref<ConnectionObject> c = make_object<ConnectionObject>(&kConnectionType);
    init_connection(c.get(), fd, readable, writable);
    return c;
}

// Connection(handle, readable=True, writable=True)
Owned connection_new(ThreadState& ts, TypeObject* type, CallArgs args) {
    static const char* const kNames[] = {"handle", "readable", "writable"};
    Value a[3];
    if (!parse_args(ts, args, "Connection", kNames, 1, a)) return nullptr;
    // handle.__index__(), as CPython's constructor calls it.
    Owned handle;
    if (is_int(a[0])) {
        handle = Owned::borrow(a[0]);
    } else {
        handle = call_method(ts, a[0], ts.interp.intern("__index__"), {});
        if (!handle) return nullptr;
    }
    int64_t fd;
    if (!index_int64(ts, handle.get(), &fd)) return nullptr;
    if (fd < 0) return raise(ts, &kValueErrorType, "invalid handle");
    int readable = a[1].is_null() ? 1 : truth(ts, a[1]);
    if (readable < 0) return nullptr;
    int writable = a[2].is_null() ? 1 : truth(ts, a[2]);
    if (writable < 0) return nullptr;
    if (!readable && !writable) {
        return raise(ts, &kValueErrorType,
                     "at least one of `readable` and `writable` must be True");
    }
    if (fd > INT32_MAX) return raise(ts, &kOverflowErrorType, "fd is greater than maximum");
    retain_heap_type(type);
    Ref<ConnectionObject> c = make_object<ConnectionObject>(type);
    init_connection(c.get(), static_cast<int>(fd), readable, writable);
    return c;
}

void connection_dealloc(Object* self) {
    auto* c = static_cast<ConnectionObject*>(self);
    close_fd(c);
    delete c;
}

Owned connection_close(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "close", 0, 0)) return nullptr;
    close_fd(args[0].as<ConnectionObject>());
    return Owned::none();
}

Owned connection_fileno(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "fileno", 0, 0)) return nullptr;
    auto* c = args[0].as<ConnectionObject>();
    if (c->fd < 0) return raise_closed(ts);
    return Owned::steal(Value::from_int(c->fd));
}

Owned connection_enter(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "__enter__", 0, 0)) return nullptr;
    return Owned::borrow(args[0]);
}

Owned connection_exit(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "__exit__", 3, 3)) return nullptr;
    close_fd(args[0].as<ConnectionObject>());
    return Owned::none();
}

Owned connection_closed_get(ThreadState&, Value self) {
    return Owned::from_bool(self.as<ConnectionObject>()->fd < 0);
}

Owned connection_readable_get(ThreadState&, Value self) {
    return Owned::from_bool(self.as<ConnectionObject>()->readable);
}

Owned connection_writable_get(ThreadState&, Value self) {
    return Owned::from_bool(self.as<ConnectionObject>()->writable);
}

// Pipe(duplex=True): two connected connections; duplex ones share a socket pair, otherwise
// (reader, writer) over a pipe. Both descriptors are close-on-exec.
Owned mp_pipe(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"duplex"};
    Value a[1];
    if (!parse_args(ts, args, "Pipe", kNames, 0, a)) return nullptr;
    int duplex = a[0].is_null() ? 1 : truth(ts, a[0]);
    if (duplex < 0) return nullptr;
    int fds[2];
    if (duplex) {
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
            return raise_os_error(ts, errno);
        }
    } else if (::pipe2(fds, O_CLOEXEC) != 0) {
        return raise_os_error(ts, errno);
    }
    Ref<ConnectionObject> first = new_connection(fds[0], true, duplex != 0);
    Ref<ConnectionObject> second = new_connection(fds[1], duplex != 0, true);
    return new_tuple_of({Value::from_object(first.get()), Value::from_object(second.get())});
}

const MethodDef kConnectionMethods[] = {
    {"send_bytes", connection_send_bytes},
    {"send", connection_send},
    {"recv_bytes", connection_recv_bytes},
    {"recv_bytes_into", connection_recv_bytes_into},
    {"recv", connection_recv},
    {"poll", connection_poll},
    {"fileno", connection_fileno},
    {"close", connection_close},
    {"__enter__", connection_enter},
    {"__exit__", connection_exit},
    {nullptr, nullptr},
};

const GetSetDef kConnectionGetSet[] = {
    {"closed", connection_closed_get},
    {"readable", connection_readable_get},
    {"writable", connection_writable_get},
    {nullptr, nullptr},
};

const MethodDef kConnectionFunctions[] = {
    {"Pipe", mp_pipe},
    {"wait", mp_wait},
    {nullptr, nullptr},
};

}  // namespace

constinit TypeObject kConnectionType("Connection", &kObjectType, kTypeBaseType,
                                     {
                                         .dealloc = connection_dealloc,
                                         .new_ = connection_new,
                                         .methods = kConnectionMethods,
                                         .getset = kConnectionGetSet,
                                     });

bool add_connection(ThreadState& ts, ModuleObject* module) {
    ready_static_type(&kConnectionType, "multiprocessing.connection");
    module_set(ts, module, "Connection", Value::from_object(&kConnectionType));
    module_add_functions(ts, module, kConnectionFunctions);
    return true;
}

}  // namespace gilpy::stdlib
