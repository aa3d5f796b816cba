# Loaded once into Pyodide by pythonWorker.ts (filename "<runner>"). Runs each program as a fresh
# __main__ module with a fresh sys.stdin, prints its traceback the way `python main.py` would (without
# our frames), and refuses imports from outside the standard library with a clear message.
import ast
import importlib.machinery
import inspect
import io
import linecache
import os
import sys
import traceback
import types

_RUNNER_FILE = "<runner>"
_PROGRAM_FILE = "main.py"
# Pyodide's own modules, which the runtime imports as it goes.
_INTERNAL = frozenset({"pyodide", "_pyodide", "_pyodide_core", "__main__"})


class _StandardLibraryOnly:
    """Meta path finder: a top-level name that is neither in the standard library nor a file the
    program wrote itself fails with a message saying why, instead of Pyodide's install hint."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        if top in sys.stdlib_module_names or top in sys.builtin_module_names or top in _INTERNAL:
            return None
        if top in sys.modules or importlib.machinery.PathFinder.find_spec(top) is not None:
            return None
        error = ModuleNotFoundError(
            f"Package '{top}' is not available: only the Python standard library is.", name=top
        )
        error._PYODIDE_ADDED_NOTE = True  # keeps Pyodide from appending "install it with micropip"
        raise error


sys.meta_path.insert(0, _StandardLibraryOnly)

# The bridges to JavaScript: `js` is the worker's global scope (already emptied by the worker, and
# now refused by the finder too), `pyodide_js` the Pyodide API object.
for _name in ("js", "pyodide_js", "pyodide_js._api"):
    sys.modules.pop(_name, None)
del _name

_runner_main = sys.modules["__main__"]


def _without_runner_frames(exc):
    summary = traceback.TracebackException.from_exception(exc)
    seen = set()
    pending = [summary]
    while pending:
        item = pending.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        item.stack = traceback.StackSummary.from_list(
            [frame for frame in item.stack if frame.filename != _RUNNER_FILE]
        )
        pending.extend([item.__cause__, item.__context__])
    return summary


def _fresh_stdin():
    """sys.stdin on file descriptor 0, which the worker fills with this run's input (then EOF).

    A new object each run: the last one may hold input it read ahead (or be closed or replaced by the
    program). Not a tty, so input() writes its prompt to stdout and raises EOFError at the end, exactly
    as `python main.py < input.txt` does."""
    try:
        os.fstat(0)
    except OSError:  # the last program closed it: the lowest free descriptor is 0 again
        os.open("/dev/stdin", os.O_RDONLY)
    return io.open(0, "r", encoding="utf-8", closefd=False)


def _last_line(exc):
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip().splitlines()
    return text[-1] if text else type(exc).__name__


async def run(source):
    """Runs `source` as __main__. Returns (outcome, message): outcome is done, error or interrupted."""
    main = types.ModuleType("__main__")
    main.__file__ = _PROGRAM_FILE
    sys.modules["__main__"] = main
    sys.stdin = _fresh_stdin()
    linecache.cache[_PROGRAM_FILE] = (len(source), None, source.splitlines(True), _PROGRAM_FILE)
    try:
        code = compile(
            source, _PROGRAM_FILE, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
        )
        result = eval(code, main.__dict__)
        if inspect.iscoroutine(result):
            await result
        return ("done", "")
    except KeyboardInterrupt:
        return ("interrupted", "")
    except SystemExit as exc:
        status = exc.code
        if status is None or status == 0:
            return ("done", "")
        if not isinstance(status, int):
            print(status, file=sys.stderr)
            status = 1
        return ("error", f"Exited with status {status}")
    except BaseException as exc:  # noqa: BLE001 - the program's errors are its output
        sys.stderr.write("".join(_without_runner_frames(exc).format()))
        if isinstance(exc, MemoryError):
            return ("error", "MemoryError: the program ran out of memory")
        return ("error", _last_line(exc))
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            sys.modules["__main__"] = _runner_main
