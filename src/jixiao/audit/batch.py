"""Audit many files: folders walked recursively, a process pool, one bad file never stops the rest."""

from __future__ import annotations

import concurrent.futures as cf
import signal
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from jixiao.audit.read import SUPPORTED
from jixiao.audit.run import DocumentResult, audit_file
from jixiao.source import Source

PER_FILE_SECONDS = 120


def collect(paths: Iterable[str]) -> list[Path]:
    """Files as given, and inside folders every file with a supported extension."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
            )
        else:
            out.append(p)
    return out


class _Overtime(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Overtime


def _safe(path: Path, seconds: int | None = None) -> DocumentResult:
    """Audit one file within a time limit; a crash or overrun becomes this file's error."""
    limit = seconds or PER_FILE_SECONDS
    timed = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _alarm) if timed else None
    if timed:
        signal.alarm(limit)
    try:
        return audit_file(path)
    except _Overtime:
        return _failed(path, f"审核超时（超过 {limit} 秒），已跳过该文件")
    except Exception as exc:  # a bug must not stop the batch; it is reported for this file
        return _failed(path, f"审核时出错：{type(exc).__name__}: {exc}")
    finally:
        if timed:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


def _failed(path: Path, message: str) -> DocumentResult:
    from jixiao.issues import Issue, Severity

    result = DocumentResult(str(path), error=message)
    result.issues.append(Issue("X-AUDIT", Severity.ERROR, message, Source(str(path))))
    return result


def audit_paths(
    paths: Iterable[str], jobs: int = 1, progress: Callable[[DocumentResult], None] | None = None
) -> list[DocumentResult]:
    files = collect(paths)
    results: list[DocumentResult] = []
    if jobs <= 1 or len(files) <= 1:
        for f in files:
            r = _safe(f)
            results.append(r)
            if progress:
                progress(r)
        return results
    with cf.ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_safe, f): f for f in files}
        for future in cf.as_completed(futures):
            f = futures[future]
            try:
                r = future.result()
            except Exception as exc:  # a worker that died (out of memory, killed)
                r = _failed(f, f"审核进程异常：{type(exc).__name__}")
            results.append(r)
            if progress:
                progress(r)
    order = {str(f): k for k, f in enumerate(files)}
    results.sort(key=lambda r: order.get(r.file, 0))
    return results
