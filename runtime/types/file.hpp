// File objects: what open() returns and what sys.stdin, sys.stdout and sys.stderr are. CPython
// stacks three objects (FileIO, a Buffered* object, TextIOWrapper); gilpy keeps one object per
// open file, a POSIX file descriptor with a read buffer and a write buffer, and presents it
// under CPython's type names: _io.TextIOWrapper in text mode, _io.BufferedReader,
// _io.BufferedWriter or _io.BufferedRandom in binary mode.
//
// Text mode is UTF-8 with universal newlines on read (newline=None translates \r\n and \r to
// \n). Writes are buffered (8 KiB), line-buffered for terminals, stderr and buffering=1.
//
// Every raw read() and write() system call goes through file_raw_read / file_raw_write, so the
// blocking seam (GIL release, Ctrl-C, instrumentation) wraps file I/O in one place.
// All functions need the GIL.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

extern TypeObject kTextIOWrapperType;
extern TypeObject kBufferedReaderType;
extern TypeObject kBufferedWriterType;
extern TypeObject kBufferedRandomType;
// io.UnsupportedOperation ("not readable", "can't do nonzero cur-relative seeks"). CPython's
// derives from both OSError and ValueError; gilpy's single inheritance keeps OSError only.
extern TypeObject kUnsupportedOperationType;

// How a text file treats line endings (open()'s newline argument).
enum class NewlineMode : uint8_t {
    Universal,     // None: read \n, \r, \r\n as \n; write \n as is (os.linesep)
    Untranslated,  // '': split lines on \n, \r, \r\n, but return them unchanged
    Lf,            // '\n'
    Cr,            // '\r': split on \r; write \n as \r
    CrLf,          // '\r\n': split on \r\n; write \n as \r\n
};

struct FileObject : Object {
    int fd = -1;
    bool readable = false;
    bool writable = false;
    bool binary = false;
    bool closefd = true;
    bool closed = false;
    bool line_buffering = false;
    bool unbuffered = false;  // buffering=0 (binary only): every write goes straight out
    bool eof = false;         // the last raw read returned 0 (cleared by seek and writes)
    NewlineMode newline = NewlineMode::Universal;
    Owned name;            // str, bytes or int (the fd), as passed to open()
    std::string mode;      // the mode attribute: open()'s argument (text) or normalised (binary)
    std::string encoding;  // text only: "UTF-8" for open(), "utf-8" for the std streams
    std::string rbuf;      // raw bytes read ahead; rbuf[rpos:] are not consumed yet
    size_t rpos = 0;
    std::string wbuf;  // encoded bytes not yet written
    // A binary view (text_file.buffer) shares the buffers and descriptor of its text file.
    Ref<FileObject> owner;
    // sys.stdin flushes sys.stdout before it blocks, so a prompt written without a newline
    // appears before the read.
    Ref<FileObject> flush_before_read;
    // Held across each system call, which runs without the GIL (file.cpp's FileIoLock), and
    // the fork generation it belongs to (runtime/fork.hpp: remade in a forked child).
    std::mutex io_mutex;
    uint32_t io_generation = 0;

    explicit FileObject(TypeObject* t) : Object(t) {}
};

inline bool is_file(Value v) {
    if (!v.is_object()) return false;
    TypeObject* t = v.as_object()->type;
    return t == &kTextIOWrapperType || t == &kBufferedReaderType || t == &kBufferedWriterType ||
           t == &kBufferedRandomType;
}

// open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True,
// opener=None) with CPython's checks and messages; a new file object or null.
Owned file_open(ThreadState& ts, CallArgs args);

// A text file over an already open descriptor (sys.std*): never closes [fd]. [mode] is "r" or
// "w". Writes are line-buffered when [line_buffering] or when [fd] is a terminal.
Ref<FileObject> file_from_fd(int fd, std::string_view name, std::string_view mode,
                             bool line_buffering);

// Appends [utf8] to a text file as write() does (newline translation, line buffering), without
// creating a str: print()'s fast path. False if raised (closed, not writable, I/O error).
[[nodiscard]] bool file_write_text(ThreadState& ts, FileObject* f, std::string_view utf8);

// Writes out the write buffer. False if raised.
[[nodiscard]] bool file_flush(ThreadState& ts, FileObject* f);

// readline() of a text file as a new str ("" at end of file); null if raised.
Owned file_readline_text(ThreadState& ts, FileObject* f);

// Writes [text] to sys.stdout or sys.stderr ([stream] "stdout"/"stderr"), whatever object it
// is now; RuntimeError "lost sys.stderr" when it is gone. False if raised.
bool write_sys_stream(ThreadState& ts, const char* stream, std::string_view text);

// Flushes sys.stdout and sys.stderr (whatever objects they are now, through their flush
// method) and the original std streams, as CPython does at exit. False with the first error
// pending if a flush raised; the remaining streams are flushed anyway.
bool flush_std_streams(ThreadState& ts);

// The raw system calls, in one place for the blocking seam: with [ts] they release its GIL
// (the memory they use must not belong to an object another thread may change); [ts] is null
// when the caller cannot release the GIL (a deallocator). They retry on EINTR, except that
// Ctrl-C for the main thread returns -1 with errno EINTR. file_raw_write writes all of [size]
// bytes unless an error occurs ([written] then says how many were). Both return the byte
// count or -1 with errno set.
ssize_t file_raw_read(ThreadState* ts, int fd, char* buffer, size_t size);
ssize_t file_raw_write(ThreadState* ts, int fd, const char* data, size_t size,
                       size_t* written = nullptr);

}  // namespace gilpy::runtime
