# os.mkdir/remove/unlink/rmdir on a scratch folder the script makes in the working directory,
# and their errors (the OSError subclass, errno and the path). Expected output: python3 3.11's.
import os

base = "os_file_ops_scratch.tmp"
os.mkdir(base)
print(os.path.isdir(base))
for name in ("a.txt", "b.txt"):
    with open(os.path.join(base, name), "w") as f:
        f.write(name)
print(sorted(os.listdir(base)))
os.remove(os.path.join(base, "a.txt"))
os.unlink(os.path.join(base, "b.txt"))
print(os.listdir(base))
for call, arg in [(os.mkdir, base), (os.remove, "no_such_file.tmp"), (os.rmdir, "no_such_dir.tmp"),
                  (os.remove, 5.0), (os.mkdir, "a\0b")]:
    try:
        call(arg)
    except Exception as e:
        print(call.__name__, type(e).__name__, e, getattr(e, "errno", None))
os.rmdir(base)
print(os.path.exists(base))
try:
    os.getcwd(1)
except TypeError as e:
    print(e)
