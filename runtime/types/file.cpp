// File objects over POSIX descriptors: open(), buffered reads and writes, text decoding with
// universal newlines, and the methods of CPython's io classes (see file.hpp).
#include "runtime/types/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <optional>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/blocking.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/fork.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/dict.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/list.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

// ---------------------------------------------------------------------------------------------
// The raw system calls (the blocking seam wraps these two and nothing else).

namespace {

// A signal for the main thread interrupts a blocking call so that Ctrl-C is raised promptly;
// other threads (and callers without a thread state) just retry.
bool interrupted_by_signal(ThreadState* ts) {
    return ts && signal_pending(*ts);
}

}  // namespace

ssize_t file_raw_read(ThreadState* ts, int fd, char* buffer, size_t size) {
    std::optional<BlockingSection> released;
    if (ts) released.emplace(*ts);
    while (true) {
        ssize_t n = ::read(fd, buffer, size);
        if (n >= 0 || errno != EINTR || interrupted_by_signal(ts)) return n;
    }
}

ssize_t file_raw_write(ThreadState* ts, int fd, const char* data, size_t size, size_t* written) {
    std::optional<BlockingSection> released;
    if (ts) released.emplace(*ts);
    size_t done = 0;
    ssize_t result = 0;
    while (done < size) {
        ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR && !interrupted_by_signal(ts)) continue;
            result = -1;
            break;
        }
        done += static_cast<size_t>(n);
    }
    if (written) *written = done;
    return result < 0 ? -1 : static_cast<ssize_t>(done);
}

namespace {

constexpr size_t kBufferSize = 8192;

// The object that holds the descriptor and buffers: the text file for a .buffer view.
FileObject* state_of(FileObject* f) {
    return f->owner ? f->owner.get() : f;
}

FileObject* self_file(Value v) {
    return state_of(v.as<FileObject>());
}

std::nullptr_t unsupported(ThreadState& ts, const char* what) {
    return raise(ts, &kUnsupportedOperationType, what);
}

bool check_open(ThreadState& ts, FileObject* s) {
    if (!s->closed) return true;
    raise(ts, &kValueErrorType, "I/O operation on closed file.");
    return false;
}

// Binary objects name the operation ("read"), text files say "not readable" (CPython's
// BufferedWriter.read versus TextIOWrapper.read).
bool check_readable(ThreadState& ts, FileObject* f, const char* op) {
    FileObject* s = state_of(f);
    if (s->closed) {
        if (f->binary) {
            raisef(ts, &kValueErrorType, "{} of closed file", op);
        } else {
            raise(ts, &kValueErrorType, "I/O operation on closed file.");
        }
        return false;
    }
    if (s->readable) return true;
    unsupported(ts, f->binary ? "read" : "not readable");
    return false;
}

bool check_writable(ThreadState& ts, FileObject* f) {
    FileObject* s = state_of(f);
    if (!check_open(ts, s)) return false;
    if (s->writable) return true;
    unsupported(ts, f->binary ? "write" : "not writable");
    return false;
}

// The file's system calls run with the GIL released and this lock held, so a second thread
// using the same file waits for them (outside the GIL, as CPython's buffered I/O lock does)
// instead of touching the buffers mid-call, and the bytes come out in the order written.
class FileIoLock {
  public:
    FileIoLock(ThreadState& ts, FileObject* s) : s_(s) {
        // First use in a forked child (the GIL is held): a thread that held the lock when the
        // process forked does not exist here. Made anew in place, not destroyed.
        if (s->io_generation != fork_generation()) {
            new (&s->io_mutex) std::mutex;
            s->io_generation = fork_generation();
        }
        if (s->io_mutex.try_lock()) return;
        BlockingSection waiting(ts, /*is_io=*/false);
        s->io_mutex.lock();
    }
    ~FileIoLock() { s_->io_mutex.unlock(); }
    FileIoLock(const FileIoLock&) = delete;
    FileIoLock& operator=(const FileIoLock&) = delete;

  private:
    FileObject* s_;
};

// After a failed system call: true to try it again (a signal cut it short and its handler
// returned normally, PEP 475); false with the handler's exception (KeyboardInterrupt for
// Ctrl-C) or CPython's OSError raised.
bool retry_after_signal(ThreadState& ts, int err) {
    if (err == EINTR) return check_signals(ts);
    raise_os_error(ts, err);
    return false;
}

bool flush_buffer(ThreadState& ts, FileObject* s) {
    while (!s->wbuf.empty()) {
        int err = 0;
        {
            FileIoLock lock(ts, s);
            if (!check_open(ts, s)) return false;  // closed by another thread while we waited
            // Other threads may append to wbuf while the GIL is released: write from our own
            // copy.
            std::string out;
            out.swap(s->wbuf);
            size_t written = 0;
            if (file_raw_write(&ts, s->fd, out.data(), out.size(), &written) >= 0) return true;
            err = errno;
            // Keep what was not written, ahead of anything appended meanwhile.
            s->wbuf.insert(0, out, written, std::string::npos);
        }
        // PEP 475: when the signal's handler returns normally, the write goes on.
        if (!retry_after_signal(ts, err)) return false;
    }
    return true;
}

// Before writing at the logical position, give back the bytes read ahead.
void drop_read_ahead(FileObject* s) {
    size_t ahead = s->rbuf.size() - s->rpos;
    if (ahead > 0) ::lseek(s->fd, -static_cast<off_t>(ahead), SEEK_CUR);
    s->rbuf.clear();
    s->rpos = 0;
    s->eof = false;
}

bool prepare_read(ThreadState& ts, FileObject* s) {
    if (!flush_buffer(ts, s)) return false;
    if (s->flush_before_read && !s->flush_before_read->closed) {
        return flush_buffer(ts, s->flush_before_read.get());
    }
    return true;
}

// Reads one more chunk into rbuf: the byte count, 0 at end of file, -1 if raised.
ssize_t fill(ThreadState& ts, FileObject* s) {
    if (s->rpos > 0) {
        s->rbuf.erase(0, s->rpos);
        s->rpos = 0;
    }
    char chunk[kBufferSize];
    while (true) {
        ssize_t n;
        int err = 0;
        {
            FileIoLock lock(ts, s);
            if (!check_open(ts, s)) return -1;  // closed by another thread while we waited
            n = file_raw_read(&ts, s->fd, chunk, kBufferSize);
            if (n < 0) err = errno;
        }
        if (n >= 0) {
            s->rbuf.append(chunk, static_cast<size_t>(n));
            if (n == 0) s->eof = true;
            return n;
        }
        // PEP 475: when the signal's handler returns normally, the read goes on (the file's
        // I/O lock is not held while the handler runs).
        if (!retry_after_signal(ts, err)) return -1;
    }
}

// Reads until end of file.
bool fill_all(ThreadState& ts, FileObject* s) {
    while (true) {
        ssize_t n = fill(ts, s);
        if (n < 0) return false;
        if (n == 0) return true;
    }
}

bool write_bytes(ThreadState& ts, FileObject* s, std::string_view data, bool newline_written) {
    if (!s->rbuf.empty()) drop_read_ahead(s);
    s->wbuf.append(data);
    if (s->unbuffered || s->wbuf.size() >= kBufferSize || (s->line_buffering && newline_written)) {
        return flush_buffer(ts, s);
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Text decoding

size_t utf8_sequence_length(unsigned char c) {
    if (c < 0x80) return 1;
    if (c >= 0xc2 && c <= 0xdf) return 2;
    if (c >= 0xe0 && c <= 0xef) return 3;
    if (c >= 0xf0 && c <= 0xf4) return 4;
    return 1;  // invalid lead byte: validation reports it
}

std::nullptr_t decode_error(ThreadState& ts, std::string_view raw, int64_t at) {
    auto byte = static_cast<unsigned char>(raw[at]);
    const char* reason = "invalid continuation byte";
    size_t need = utf8_sequence_length(byte);
    if (need == 1) {
        reason = "invalid start byte";
    } else {
        size_t i = 1;
        while (i < need && at + static_cast<int64_t>(i) < static_cast<int64_t>(raw.size()) &&
               (static_cast<unsigned char>(raw[at + i]) & 0xc0) == 0x80) {
            ++i;
        }
        if (at + static_cast<int64_t>(i) >= static_cast<int64_t>(raw.size())) {
            reason = "unexpected end of data";
        }
    }
    return raisef(ts, &kUnicodeDecodeErrorType,
                  "'utf-8' codec can't decode byte {:#04x} in position {}: {}", byte, at, reason);
}

// Decodes raw bytes of a text file into a str, translating line endings in universal mode.
Owned decode_text(ThreadState& ts, FileObject* s, std::string_view raw) {
    int64_t bad = utf8_validate(raw);
    if (bad >= 0) return decode_error(ts, raw, bad);
    if (s->newline != NewlineMode::Universal || raw.find('\r') == std::string_view::npos) {
        return new_str(raw);
    }
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\r') {
            out.push_back(raw[i]);
            continue;
        }
        out.push_back('\n');
        if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    }
    return new_str(out);
}

// Where the line starting at rbuf[start] ends (just past its terminator), or npos when more
// bytes are needed to tell.
size_t find_line_end(const FileObject* s, bool binary, size_t start) {
    const std::string& b = s->rbuf;
    if (binary || s->newline == NewlineMode::Lf) {
        size_t i = b.find('\n', start);
        return i == std::string::npos ? i : i + 1;
    }
    if (s->newline == NewlineMode::CrLf) {
        size_t i = b.find("\r\n", start);
        return i == std::string::npos ? i : i + 2;
    }
    if (s->newline == NewlineMode::Cr) {
        size_t i = b.find('\r', start);
        return i == std::string::npos ? i : i + 1;
    }
    size_t i = b.find_first_of("\r\n", start);
    if (i == std::string::npos || b[i] == '\n') return i == std::string::npos ? i : i + 1;
    if (i + 1 < b.size()) return b[i + 1] == '\n' ? i + 2 : i + 1;
    return s->eof ? i + 1 : std::string::npos;
}

// Scans rbuf from [pos] over at most [max_chars] code points (\r\n counting as one in
// universal mode); *count receives the number scanned. Returns the end; *complete is false
// when the scan stopped because the buffer ends inside a character (or right after a \r) and
// more bytes could follow.
size_t scan_chars(const FileObject* s, size_t pos, int64_t max_chars, int64_t* count,
                  bool* complete) {
    const std::string& b = s->rbuf;
    *count = 0;
    *complete = true;
    while (pos < b.size() && *count < max_chars) {
        size_t len = utf8_sequence_length(static_cast<unsigned char>(b[pos]));
        if (b[pos] == '\r' && s->newline == NewlineMode::Universal) {
            if (pos + 1 < b.size()) {
                if (b[pos + 1] == '\n') len = 2;
            } else if (!s->eof) {
                *complete = false;
                break;
            }
        }
        if (pos + len > b.size()) {
            if (!s->eof) {
                *complete = false;
                break;
            }
            len = b.size() - pos;  // truncated at end of file: decoding reports it
        }
        pos += len;
        ++*count;
    }
    return pos;
}

// Takes rbuf[rpos:end] as the next piece of the stream.
std::string_view consume(FileObject* s, size_t end) {
    std::string_view piece(s->rbuf.data() + s->rpos, end - s->rpos);
    s->rpos = end;
    return piece;
}

// ---------------------------------------------------------------------------------------------
// Reading

Owned read_all(ThreadState& ts, FileObject* f) {
    FileObject* s = state_of(f);
    if (!prepare_read(ts, s) || !fill_all(ts, s)) return nullptr;
    std::string_view raw = consume(s, s->rbuf.size());
    Owned result = f->binary ? Owned(new_bytes(raw)) : decode_text(ts, s, raw);
    s->rbuf.clear();
    s->rpos = 0;
    return result;
}

Owned read_binary(ThreadState& ts, FileObject* f, int64_t n) {
    FileObject* s = state_of(f);
    if (!prepare_read(ts, s)) return nullptr;
    while (s->rbuf.size() - s->rpos < static_cast<size_t>(n)) {
        ssize_t got = fill(ts, s);
        if (got < 0) return nullptr;
        if (got == 0) break;
    }
    size_t end = std::min(s->rbuf.size(), s->rpos + static_cast<size_t>(n));
    return new_bytes(consume(s, end));
}

Owned read_text(ThreadState& ts, FileObject* f, int64_t n) {
    FileObject* s = state_of(f);
    if (!prepare_read(ts, s)) return nullptr;
    size_t end;
    while (true) {
        int64_t count;
        bool complete;
        end = scan_chars(s, s->rpos, n, &count, &complete);
        if ((count == n && complete) || s->eof) break;
        if (fill(ts, s) < 0) return nullptr;
    }
    return decode_text(ts, s, consume(s, end));
}

// readline(limit): [limit] counts bytes (binary) or characters (text); negative: no limit.
Owned read_line(ThreadState& ts, FileObject* f, int64_t limit) {
    FileObject* s = state_of(f);
    if (!prepare_read(ts, s)) return nullptr;
    size_t searched = 0;  // bytes after rpos known to hold no terminator (less one, for \r\n)
    size_t end;
    while (true) {
        end = find_line_end(s, f->binary, s->rpos + searched);
        if (end == std::string::npos && s->eof) end = s->rbuf.size();
        if (limit >= 0) {
            size_t stop = end == std::string::npos ? s->rbuf.size() : end;
            size_t cut;
            bool complete = true;
            if (f->binary) {
                cut = std::min(stop, s->rpos + static_cast<size_t>(limit));
            } else {
                int64_t count;
                cut = scan_chars(s, s->rpos, limit, &count, &complete);
                if (count < limit) complete = false;
                cut = std::min(cut, stop);
            }
            if (cut < stop || (complete && cut - s->rpos >= static_cast<size_t>(limit))) {
                end = cut;
                break;
            }
        }
        if (end != std::string::npos) break;
        size_t pending = s->rbuf.size() - s->rpos;
        searched = pending > 0 ? pending - 1 : 0;
        if (fill(ts, s) < 0) return nullptr;
    }
    std::string_view raw = consume(s, end);
    if (f->binary) return new_bytes(raw);
    return decode_text(ts, s, raw);
}

bool write_text(ThreadState& ts, FileObject* s, std::string_view utf8) {
    bool has_lf = utf8.find('\n') != std::string_view::npos;
    if (has_lf && (s->newline == NewlineMode::Cr || s->newline == NewlineMode::CrLf)) {
        const char* ending = s->newline == NewlineMode::Cr ? "\r" : "\r\n";
        std::string out;
        out.reserve(utf8.size() + 16);
        for (char c : utf8) {
            if (c == '\n') {
                out += ending;
            } else {
                out.push_back(c);
            }
        }
        return write_bytes(ts, s, out, true);
    }
    bool line_end = has_lf || (s->line_buffering && utf8.find('\r') != std::string_view::npos);
    return write_bytes(ts, s, utf8, line_end);
}

// The size argument of read() and readline(): None or an int (negative: everything).
bool size_arg(ThreadState& ts, CallArgs args, size_t i, bool allow_none, int64_t* out) {
    *out = -1;
    if (args.nargs <= i || (allow_none && args[i].is_none())) return true;
    if (allow_none && !is_int(args[i])) {
        raisef(ts, &kTypeErrorType, "argument should be integer or None, not '{}'",
               type_name(args[i]));
        return false;
    }
    return index_int64(ts, args[i], out);
}

// ---------------------------------------------------------------------------------------------
// Methods

Owned file_read(ThreadState& ts, CallArgs args) {
    FileObject* f = args[0].as<FileObject>();
    int64_t n;
    if (!check_positional(ts, drop_self(args), "read", 0, 1)) return nullptr;
    if (!size_arg(ts, drop_self(args), 0, true, &n)) return nullptr;
    if (!check_readable(ts, f, "read")) return nullptr;
    if (n < 0) return read_all(ts, f);
    return f->binary ? read_binary(ts, f, n) : read_text(ts, f, n);
}

Owned file_readline(ThreadState& ts, CallArgs args) {
    FileObject* f = args[0].as<FileObject>();
    int64_t limit;
    if (!check_positional(ts, drop_self(args), "readline", 0, 1)) return nullptr;
    if (!size_arg(ts, drop_self(args), 0, f->binary, &limit)) return nullptr;
    if (!check_readable(ts, f, "readline")) return nullptr;
    return read_line(ts, f, limit);
}

Owned file_readlines(ThreadState& ts, CallArgs args) {
    FileObject* f = args[0].as<FileObject>();
    int64_t hint;
    if (!check_positional(ts, drop_self(args), "readlines", 0, 1)) return nullptr;
    if (!size_arg(ts, drop_self(args), 0, true, &hint)) return nullptr;
    if (!check_open(ts, state_of(f)) || !check_readable(ts, f, "readline")) return nullptr;
    Ref<ListObject> lines = new_list();
    int64_t total = 0;
    while (true) {
        Owned line = read_line(ts, f, -1);
        if (!line) return nullptr;
        int64_t size =
            f->binary ? line.get().as<BytesObject>()->size : line.get().as<StrObject>()->length;
        if (size == 0) break;
        total += size;
        list_append_owned(lines.get(), std::move(line));
        if (hint > 0 && total >= hint) break;
    }
    return lines;
}

// One write() of [v]; the count write() returns, or -1 if raised.
int64_t write_value(ThreadState& ts, FileObject* f, Value v) {
    FileObject* s = state_of(f);
    if (f->binary) {
        std::string_view data;
        if (!bytes_like_view(v, &data)) {
            raisef(ts, &kTypeErrorType, "a bytes-like object is required, not '{}'", type_name(v));
            return -1;
        }
        if (!check_writable(ts, f)) return -1;
        // Copy first: writing may reallocate a bytearray's storage only through Python code,
        // but the view must not outlive a flush that could run finalizers.
        std::string copy(data);
        return write_bytes(ts, s, copy, copy.find('\n') != std::string::npos)
                   ? static_cast<int64_t>(copy.size())
                   : -1;
    }
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "write() argument must be str, not {}", type_name(v));
        return -1;
    }
    if (!check_writable(ts, f)) return -1;
    auto* text = v.as<StrObject>();
    return write_text(ts, s, text->view()) ? text->length : -1;
}

Owned file_write(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "write", 1, 1)) return nullptr;
    int64_t n = write_value(ts, args[0].as<FileObject>(), args[1]);
    return n < 0 ? nullptr : Owned::steal(Value::from_int(n));
}

Owned file_writelines(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "writelines", 1, 1)) return nullptr;
    FileObject* f = args[0].as<FileObject>();
    if (!check_open(ts, state_of(f))) return nullptr;
    Owned it = get_iter(ts, args[1]);
    if (!it) return nullptr;
    while (Owned line = iter_next(ts, it.get())) {
        if (write_value(ts, f, line.get()) < 0) return nullptr;
    }
    if (ts.has_exception()) return nullptr;
    return Owned::none();
}

Owned file_flush_method(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "flush", 0, 0)) return nullptr;
    FileObject* f = args[0].as<FileObject>();
    FileObject* s = state_of(f);
    if (!check_open(ts, s)) return nullptr;
    if (!flush_buffer(ts, s)) return nullptr;
    return Owned::none();
}

// Flushes and closes; the descriptor is closed even when the flush fails.
bool close_file(ThreadState& ts, FileObject* s) {
    if (s->closed) return true;
    bool ok = flush_buffer(ts, s);
    s->closed = true;
    s->rbuf.clear();
    s->rpos = 0;
    if (s->closefd && s->fd >= 0 && ::close(s->fd) < 0 && ok) {
        raise_os_error(ts, errno);
        ok = false;
    }
    return ok;
}

Owned file_close(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "close", 0, 0)) return nullptr;
    if (!close_file(ts, self_file(args[0]))) return nullptr;
    return Owned::none();
}

Owned file_fileno(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "fileno", 0, 0)) return nullptr;
    FileObject* s = self_file(args[0]);
    if (s->closed) return raise(ts, &kValueErrorType, "I/O operation on closed file");
    return Owned::steal(Value::from_int(s->fd));
}

Owned file_seek(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "seek", 1, 2)) return nullptr;
    FileObject* f = args[0].as<FileObject>();
    FileObject* s = state_of(f);
    int64_t offset, whence = 0;
    if (!index_int64(ts, args[1], &offset)) return nullptr;
    if (args.nargs > 2 && !index_int64(ts, args[2], &whence)) return nullptr;
    if (f->binary && s->closed) return raise(ts, &kValueErrorType, "seek of closed file");
    if (!check_open(ts, s)) return nullptr;
    if (whence < 0 || whence > 2) {
        return raisef(ts, &kValueErrorType, "invalid whence ({}, should be 0, 1 or 2)", whence);
    }
    if (!f->binary && whence == 1 && offset != 0) {
        return unsupported(ts, "can't do nonzero cur-relative seeks");
    }
    if (!f->binary && whence == 2 && offset != 0) {
        return unsupported(ts, "can't do nonzero end-relative seeks");
    }
    if (whence == 0 && offset < 0) {
        return raisef(ts, &kValueErrorType, "negative seek position {}", offset);
    }
    if (!flush_buffer(ts, s)) return nullptr;
    if (whence == 1) offset -= static_cast<int64_t>(s->rbuf.size() - s->rpos);
    s->rbuf.clear();
    s->rpos = 0;
    s->eof = false;
    off_t pos = ::lseek(s->fd, offset, static_cast<int>(whence));
    if (pos < 0) return raise_os_error(ts, errno);
    return Owned::steal(Value::from_int(pos));
}

Owned file_tell(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "tell", 0, 0)) return nullptr;
    FileObject* s = self_file(args[0]);
    if (args[0].as<FileObject>()->binary && s->closed) {
        return raise(ts, &kValueErrorType, "I/O operation on closed file");
    }
    if (!check_open(ts, s)) return nullptr;
    off_t pos = ::lseek(s->fd, 0, SEEK_CUR);
    if (pos < 0) return raise_os_error(ts, errno);
    int64_t logical = static_cast<int64_t>(pos) - static_cast<int64_t>(s->rbuf.size() - s->rpos) +
                      static_cast<int64_t>(s->wbuf.size());
    return Owned::steal(Value::from_int(logical));
}

Owned file_truncate(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "truncate", 0, 1)) return nullptr;
    FileObject* f = args[0].as<FileObject>();
    FileObject* s = state_of(f);
    if (!check_writable(ts, f)) return nullptr;
    if (!flush_buffer(ts, s)) return nullptr;
    int64_t size;
    if (args.nargs > 1 && !args[1].is_none()) {
        if (!index_int64(ts, args[1], &size)) return nullptr;
    } else {
        off_t pos = ::lseek(s->fd, 0, SEEK_CUR);
        if (pos < 0) return raise_os_error(ts, errno);
        size = pos - static_cast<int64_t>(s->rbuf.size() - s->rpos);
    }
    if (::ftruncate(s->fd, size) < 0) return raise_os_error(ts, errno);
    return Owned::steal(Value::from_int(size));
}

// readable(), writable(), seekable(), isatty(): [what] picks the question.
Owned file_query(ThreadState& ts, CallArgs args, const char* name, char what) {
    if (!check_positional(ts, drop_self(args), name, 0, 0)) return nullptr;
    FileObject* s = self_file(args[0]);
    if (args[0].as<FileObject>()->binary && s->closed) {
        return raise(ts, &kValueErrorType, "I/O operation on closed file");
    }
    if (!check_open(ts, s)) return nullptr;
    switch (what) {
        case 'r':
            return Owned::from_bool(s->readable);
        case 'w':
            return Owned::from_bool(s->writable);
        case 's':
            return Owned::from_bool(::lseek(s->fd, 0, SEEK_CUR) >= 0);
        default:
            return Owned::from_bool(::isatty(s->fd) == 1);
    }
}

Owned file_readable(ThreadState& ts, CallArgs args) {
    return file_query(ts, args, "readable", 'r');
}
Owned file_writable(ThreadState& ts, CallArgs args) {
    return file_query(ts, args, "writable", 'w');
}
Owned file_seekable(ThreadState& ts, CallArgs args) {
    return file_query(ts, args, "seekable", 's');
}
Owned file_isatty(ThreadState& ts, CallArgs args) {
    return file_query(ts, args, "isatty", 't');
}

Owned file_enter(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, drop_self(args), "__enter__", 0, 0)) return nullptr;
    if (!check_open(ts, self_file(args[0]))) return nullptr;
    return Owned::borrow(args[0]);
}

Owned file_exit(ThreadState& ts, CallArgs args) {
    if (!check_no_keywords(ts, args, "__exit__()")) return nullptr;
    if (!close_file(ts, self_file(args[0]))) return nullptr;
    return Owned::none();
}

// ---------------------------------------------------------------------------------------------
// Attributes

Owned file_get_closed(ThreadState&, Value self) {
    return Owned::from_bool(self_file(self)->closed);
}
Owned file_get_name(ThreadState&, Value self) {
    return self_file(self)->name;
}
Owned file_get_mode(ThreadState&, Value self) {
    FileObject* f = self.as<FileObject>();
    if (f->owner) {
        return new_str(f->owner->writable && !f->owner->readable ? "wb" : "rb");
    }
    return new_str(f->mode);
}

std::nullptr_t no_attribute(ThreadState& ts, Value self, const char* name) {
    return raisef(ts, &kAttributeErrorType, "'{}' object has no attribute '{}'", type_name(self),
                  name);
}

Owned file_get_encoding(ThreadState& ts, Value self) {
    FileObject* f = self.as<FileObject>();
    if (f->binary) return no_attribute(ts, self, "encoding");
    return new_str(f->encoding);
}
Owned file_get_errors(ThreadState& ts, Value self) {
    if (self.as<FileObject>()->binary) return no_attribute(ts, self, "errors");
    return new_str("strict");
}
Owned file_get_line_buffering(ThreadState& ts, Value self) {
    FileObject* f = self.as<FileObject>();
    if (f->binary) return no_attribute(ts, self, "line_buffering");
    return Owned::from_bool(f->line_buffering);
}

// text_file.buffer: a binary view sharing the text file's descriptor and buffers, so bytes
// written through it stay in order with the text written before and after.
Owned file_get_buffer(ThreadState& ts, Value self) {
    FileObject* f = self.as<FileObject>();
    if (f->binary) return no_attribute(ts, self, "buffer");
    TypeObject* t = f->readable && f->writable ? &kBufferedRandomType
                    : f->readable              ? &kBufferedReaderType
                                               : &kBufferedWriterType;
    Ref<FileObject> view = make_object<FileObject>(t);
    view->binary = true;
    view->owner = Ref<FileObject>::borrow(f);
    view->name = f->name;
    return view;
}

const GetSetDef kFileGetSet[] = {
    {"closed", file_get_closed}, {"name", file_get_name},
    {"mode", file_get_mode},     {"encoding", file_get_encoding},
    {"errors", file_get_errors}, {"line_buffering", file_get_line_buffering},
    {"buffer", file_get_buffer}, {nullptr, nullptr},
};

// ---------------------------------------------------------------------------------------------
// Slots

Owned file_repr(ThreadState& ts, Value self) {
    FileObject* f = self.as<FileObject>();
    Owned name = repr(ts, f->name.get());
    if (!name) return nullptr;
    std::string_view n = name.get().as<StrObject>()->view();
    if (f->binary) return new_str(fmt::format("<{} name={}>", f->type->name, n));
    return new_str(fmt::format("<_io.TextIOWrapper name={} mode={} encoding={}>", n,
                               str_repr(f->mode), str_repr(f->encoding)));
}

Owned file_iter(ThreadState& ts, Value self) {
    if (!check_open(ts, self_file(self))) return nullptr;
    return Owned::borrow(self);
}

Owned file_next(ThreadState& ts, Value self) {
    FileObject* f = self.as<FileObject>();
    if (!check_readable(ts, f, "readline")) return nullptr;
    Owned line = read_line(ts, f, -1);
    if (!line) return nullptr;
    int64_t size =
        f->binary ? line.get().as<BytesObject>()->size : line.get().as<StrObject>()->size;
    if (size == 0) return nullptr;  // exhausted: no exception
    return line;
}

// Like CPython, a file that is never closed is flushed and closed when it is freed.
void file_dealloc(Object* self) {
    auto* f = static_cast<FileObject*>(self);
    if (!f->owner && !f->closed) {
        if (!f->wbuf.empty()) file_raw_write(nullptr, f->fd, f->wbuf.data(), f->wbuf.size());
        if (f->closefd && f->fd >= 0) ::close(f->fd);
    }
    delete f;
}

// ---------------------------------------------------------------------------------------------
// open()

struct OpenMode {
    bool reading = false, writing = false, appending = false, creating = false;
    bool updating = false, text = false, binary = false;
};

bool parse_mode(ThreadState& ts, std::string_view mode, OpenMode* m) {
    bool invalid = false;
    for (size_t i = 0; i < mode.size(); ++i) {
        char c = mode[i];
        if (mode.find(c) != i) invalid = true;  // a repeated character
        switch (c) {
            case 'r':
                m->reading = true;
                break;
            case 'w':
                m->writing = true;
                break;
            case 'a':
                m->appending = true;
                break;
            case 'x':
                m->creating = true;
                break;
            case '+':
                m->updating = true;
                break;
            case 't':
                m->text = true;
                break;
            case 'b':
                m->binary = true;
                break;
            default:
                invalid = true;
        }
    }
    if (invalid) {
        raisef(ts, &kValueErrorType, "invalid mode: '{}'", mode);
        return false;
    }
    if (m->text && m->binary) {
        raise(ts, &kValueErrorType, "can't have text and binary mode at once");
        return false;
    }
    if (m->reading + m->writing + m->appending + m->creating != 1) {
        raise(ts, &kValueErrorType, "must have exactly one of create/read/write/append mode");
        return false;
    }
    return true;
}

bool optional_str_arg(ThreadState& ts, Value v, const char* name, std::string_view* out,
                      bool* given) {
    *given = !v.is_null() && !v.is_none();
    if (!*given) return true;
    if (!is_str(v)) {
        raisef(ts, &kTypeErrorType, "open() argument '{}' must be str or None, not {}", name,
               type_name(v));
        return false;
    }
    *out = v.as<StrObject>()->view();
    return true;
}

bool is_utf8_name(std::string_view encoding) {
    std::string n;
    for (char c : encoding)
        n.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(c)));
    return n == "utf-8" || n == "utf8" || n == "u8" || n == "utf" || n == "cp65001";
}

bool parse_newline(ThreadState& ts, std::string_view text, bool given, NewlineMode* out) {
    if (!given) {
        *out = NewlineMode::Universal;
    } else if (text.empty()) {
        *out = NewlineMode::Untranslated;
    } else if (text == "\n") {
        *out = NewlineMode::Lf;
    } else if (text == "\r") {
        *out = NewlineMode::Cr;
    } else if (text == "\r\n") {
        *out = NewlineMode::CrLf;
    } else {
        raisef(ts, &kValueErrorType, "illegal newline value: {}", text);
        return false;
    }
    return true;
}

// Opens the descriptor for open(): a path (through [opener] when given) or an existing fd.
int open_descriptor(ThreadState& ts, Value file, int flags, Value opener, bool closefd) {
    std::string path;
    if (is_str(file)) {
        path = std::string(file.as<StrObject>()->view());
    } else if (is_bytes(file)) {
        path = std::string(file.as<BytesObject>()->view());
    } else if (is_int(file)) {
        int64_t fd;
        if (!index_int64(ts, file, &fd)) return -1;
        if (fd < 0 || fd > INT32_MAX) {
            raise(ts, &kValueErrorType, "negative file descriptor");
            return -1;
        }
        return static_cast<int>(fd);
    } else {
        raisef(ts, &kTypeErrorType, "expected str, bytes or os.PathLike object, not {}",
               type_name(file));
        return -1;
    }
    if (!closefd) {
        raise(ts, &kValueErrorType, "Cannot use closefd=False with file name");
        return -1;
    }
    if (path.find('\0') != std::string::npos) {
        raise(ts, &kValueErrorType, "embedded null byte");
        return -1;
    }
    if (!opener.is_null() && !opener.is_none()) {
        Owned r = call_values(ts, opener, {file, Value::from_int(flags)});
        if (!r) return -1;
        int64_t fd;
        if (!is_int(r.get())) {
            raisef(ts, &kTypeErrorType, "expected an int from opener, got {}", type_name(r.get()));
            return -1;
        }
        if (!index_int64(ts, r.get(), &fd)) return -1;
        if (fd < 0) {
            raisef(ts, &kValueErrorType, "opener returned {}", fd);
            return -1;
        }
        return static_cast<int>(fd);
    }
    int fd;
    do {
        fd = ::open(path.c_str(), flags, 0666);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        raise_os_error(ts, errno, file);
        return -1;
    }
    return fd;
}

}  // namespace

Owned file_open(ThreadState& ts, CallArgs args) {
    static const char* const kNames[] = {"file",   "mode",    "buffering", "encoding",
                                         "errors", "newline", "closefd",   "opener"};
    Value a[8];
    if (!parse_args(ts, args, "open", kNames, 1, a)) return nullptr;
    std::string_view mode = "r";
    if (!a[1].is_null()) {
        if (!is_str(a[1])) {
            return raisef(ts, &kTypeErrorType, "open() argument 'mode' must be str, not {}",
                          type_name(a[1]));
        }
        mode = a[1].as<StrObject>()->view();
    }
    int64_t buffering = -1;
    if (!a[2].is_null() && !index_int64(ts, a[2], &buffering)) return nullptr;
    std::string_view encoding, errors, newline_text;
    bool has_encoding, has_errors, has_newline;
    if (!optional_str_arg(ts, a[3], "encoding", &encoding, &has_encoding) ||
        !optional_str_arg(ts, a[4], "errors", &errors, &has_errors) ||
        !optional_str_arg(ts, a[5], "newline", &newline_text, &has_newline)) {
        return nullptr;
    }
    bool closefd = true;
    if (!a[6].is_null()) {
        int t = truth(ts, a[6]);
        if (t < 0) return nullptr;
        closefd = t;
    }
    OpenMode m;
    if (!parse_mode(ts, mode, &m)) return nullptr;
    if (m.binary && has_encoding) {
        return raise(ts, &kValueErrorType, "binary mode doesn't take an encoding argument");
    }
    if (m.binary && has_errors) {
        return raise(ts, &kValueErrorType, "binary mode doesn't take an errors argument");
    }
    if (m.binary && has_newline) {
        return raise(ts, &kValueErrorType, "binary mode doesn't take a newline argument");
    }

    int flags = O_CLOEXEC;
    if (m.updating) {
        flags |= O_RDWR;
    } else {
        flags |= m.reading ? O_RDONLY : O_WRONLY;
    }
    if (m.writing) flags |= O_CREAT | O_TRUNC;
    if (m.appending) flags |= O_CREAT | O_APPEND;
    if (m.creating) flags |= O_CREAT | O_EXCL;
    int fd = open_descriptor(ts, a[0], flags, a[7], closefd);
    if (fd < 0) return nullptr;

    // From here on the descriptor belongs to the file object, which closes it on error.
    TypeObject* type = &kTextIOWrapperType;
    bool readable = m.reading || m.updating;
    bool writable = !m.reading || m.updating;
    if (m.binary) {
        type = readable && writable ? &kBufferedRandomType
               : readable           ? &kBufferedReaderType
                                    : &kBufferedWriterType;
    }
    Ref<FileObject> f = make_object<FileObject>(type);
    f->fd = fd;
    f->closefd = closefd;
    f->readable = readable;
    f->writable = writable;
    f->binary = m.binary;
    f->name = Owned::borrow(a[0]);

    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close_file(ts, f.get());
        return raise_os_error(ts, EISDIR, a[0]);
    }
    if (m.appending && ::lseek(fd, 0, SEEK_END) < 0 && errno != ESPIPE) {
        int saved = errno;
        close_file(ts, f.get());
        return raise_os_error(ts, saved);
    }
    if (m.binary) {
        f->mode = m.creating ? "xb" : m.appending ? "ab" : m.reading ? "rb" : "wb";
        if (m.updating) f->mode = m.creating ? "xb+" : m.appending ? "ab+" : "rb+";
        f->unbuffered = buffering == 0;
        return f;
    }
    if (buffering == 0) {
        close_file(ts, f.get());
        return raise(ts, &kValueErrorType, "can't have unbuffered text I/O");
    }
    if (has_encoding && !is_utf8_name(encoding)) {
        close_file(ts, f.get());
        return raisef(ts, &kLookupErrorType, "unknown encoding: {}", encoding);
    }
    if (!parse_newline(ts, newline_text, has_newline, &f->newline)) {
        close_file(ts, f.get());
        return nullptr;
    }
    f->mode = std::string(mode);
    f->encoding = has_encoding ? std::string(encoding) : "UTF-8";
    f->line_buffering = buffering == 1 || (buffering < 0 && ::isatty(fd) == 1);
    return f;
}

Ref<FileObject> file_from_fd(int fd, std::string_view name, std::string_view mode,
                             bool line_buffering) {
    Ref<FileObject> f = make_object<FileObject>(&kTextIOWrapperType);
    f->fd = fd;
    f->closefd = false;
    f->readable = mode == "r";
    f->writable = mode == "w";
    f->name = new_str(name);
    f->mode = std::string(mode);
    f->encoding = "utf-8";
    f->line_buffering = line_buffering || ::isatty(fd) == 1;
    return f;
}

bool file_write_text(ThreadState& ts, FileObject* f, std::string_view utf8) {
    if (!check_writable(ts, f)) return false;
    return write_text(ts, state_of(f), utf8);
}

bool file_flush(ThreadState& ts, FileObject* f) {
    FileObject* s = state_of(f);
    if (!check_open(ts, s)) return false;
    return flush_buffer(ts, s);
}

Owned file_readline_text(ThreadState& ts, FileObject* f) {
    if (!check_readable(ts, f, "readline")) return nullptr;
    return read_line(ts, f, -1);
}

bool flush_std_streams(ThreadState& ts) {
    Value sys = dict_get_str(ts, ts.interp.modules.get(), "sys");
    if (sys.is_null() || !is_module(sys)) return true;
    DictObject* dict = sys.as<ModuleObject>()->dict.get();
    Owned first;
    for (const char* name : {"stdout", "stderr", "__stdout__", "__stderr__"}) {
        Value stream = dict_get_str(ts, dict, name);
        if (stream.is_null() || stream.is_none()) continue;
        bool ok;
        if (is_file(stream)) {
            FileObject* s = state_of(stream.as<FileObject>());
            ok = s->closed || flush_buffer(ts, s);
        } else {
            ok = static_cast<bool>(call_method(ts, stream, ts.interp.intern("flush"), {}));
        }
        if (!ok && first.is_null()) first = fetch_exception(ts);
        if (!ok) clear_exception(ts);
    }
    if (first.is_null()) return true;
    set_exception(ts, std::move(first));
    return false;
}

namespace {

const MethodDef kFileMethods[] = {
    {"read", file_read},         {"readline", file_readline},     {"readlines", file_readlines},
    {"write", file_write},       {"writelines", file_writelines}, {"flush", file_flush_method},
    {"close", file_close},       {"fileno", file_fileno},         {"seek", file_seek},
    {"tell", file_tell},         {"truncate", file_truncate},     {"readable", file_readable},
    {"writable", file_writable}, {"seekable", file_seekable},     {"isatty", file_isatty},
    {"__enter__", file_enter},   {"__exit__", file_exit},         {nullptr, nullptr},
};

constexpr TypeSlots kFileSlots{
    .dealloc = file_dealloc,
    .repr = file_repr,
    .iter = file_iter,
    .next = file_next,
    .methods = kFileMethods,
    .getset = kFileGetSet,
};

}  // namespace

constinit TypeObject kTextIOWrapperType("_io.TextIOWrapper", &kObjectType, 0, kFileSlots);
constinit TypeObject kBufferedReaderType("_io.BufferedReader", &kObjectType, 0, kFileSlots);
constinit TypeObject kBufferedWriterType("_io.BufferedWriter", &kObjectType, 0, kFileSlots);
constinit TypeObject kBufferedRandomType("_io.BufferedRandom", &kObjectType, 0, kFileSlots);

// The exception type reuses OSError's slots; the base's slots are constant-initialised, so
// reading them during dynamic initialisation is safe.
TypeObject kUnsupportedOperationType("io.UnsupportedOperation", &kOSErrorType, kOSErrorType.flags,
                                     static_cast<const TypeSlots&>(kOSErrorType));

bool write_sys_stream(ThreadState& ts, const char* stream, std::string_view text) {
    Value sys = dict_get_str(ts, ts.interp.modules.get(), "sys");
    Value file = sys.is_null() || !is_module(sys)
                     ? Value::null()
                     : dict_get_str(ts, sys.as<ModuleObject>()->dict.get(), stream);
    if (file.is_null() || file.is_none()) {
        raisef(ts, &kRuntimeErrorType, "lost sys.{}", stream);
        return false;
    }
    if (is_file(file) && !file.as<FileObject>()->binary) {
        return file_write_text(ts, file.as<FileObject>(), text);
    }
    Ref<StrObject> s = new_str(text);
    return static_cast<bool>(
        call_method(ts, file, ts.interp.intern("write"), {Value::from_object(s.get())}));
}

}  // namespace gilpy::runtime
